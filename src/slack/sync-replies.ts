import { createHash } from 'node:crypto';
import { DEFAULT_ACCOUNT, inAccount } from '../digitalocean/accounts.js';
import type { Redis } from 'ioredis';
import type { ReplyTo } from '../../jobs/queues.js';
import type { SyncResult } from '../sync/engine.js';
import { syncRunReport, type SyncRunReport } from '../sync/run-report.js';
import { syncResultsMessage, type KindRunResult } from './blocks/index.js';
import { replyTarget } from '../outbox/message.js';
import type { SlackOutbox } from '../outbox/producer.js';

const EXPECTED = '__expected';
/** A request whose results never all arrive (a worker lost for good) is forgotten after a day. */
const TTL_SECONDS = 86_400;

/**
 * Adds one kind's result (or adjusts how many are expected) and, when the last expected kind is
 * in, returns every result and forgets the request. Atomic, so with several workers finishing
 * at once exactly one of them posts.
 */
const RECORD = `
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
local expected = redis.call('HINCRBY', KEYS[1], '${EXPECTED}', tonumber(ARGV[3]))
redis.call('EXPIRE', KEYS[1], ${TTL_SECONDS})
if redis.call('HLEN', KEYS[1]) - 1 >= expected then
  local all = redis.call('HGETALL', KEYS[1])
  redis.call('DEL', KEYS[1])
  return all
end
return false`;

/**
 * `/cloud sync all` queues one job per kind; the person who asked gets one message with every
 * kind's result once the last one is done, in the conversation they asked from.
 */
export class SyncReplies {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly outbox: SlackOutbox,
  ) {}

  /** Before enqueueing: how many kinds' results this request waits for. */
  async expect(replyTo: ReplyTo, kinds: number): Promise<void> {
    await this.redis.eval(RECORD, 1, this.key(replyTo), '', '', String(kinds));
  }

  /** Kinds that joined a sync already running (their results go elsewhere): stop waiting for them. */
  async forget(replyTo: ReplyTo, kinds: number): Promise<void> {
    if (kinds > 0) await this.settle(replyTo, '', '', -kinds);
  }

  async recordResult(replyTo: ReplyTo, result: SyncResult): Promise<void> {
    await this.record(replyTo, syncRunReport(result.kind, result.account, result));
  }

  async recordFailure(replyTo: ReplyTo, kind: string, error: string, account?: string): Promise<void> {
    await this.record(replyTo, syncRunReport(kind, account ?? DEFAULT_ACCOUNT, null, error));
  }

  /** Keyed with its team, so one kind synced in two teams is two results; the default team goes unnamed. */
  private async record(replyTo: ReplyTo, report: SyncRunReport): Promise<void> {
    const { account, ...rest } = report;
    const view: KindRunResult = account !== DEFAULT_ACCOUNT ? report : rest;
    await this.settle(replyTo, inAccount(report.kind, account), JSON.stringify(view), 0);
  }

  private async settle(replyTo: ReplyTo, kind: string, json: string, delta: number): Promise<void> {
    const all = (await this.redis.eval(RECORD, 1, this.key(replyTo), kind, json, String(delta))) as string[] | null;
    if (!all) return;
    const results: KindRunResult[] = [];
    for (let i = 0; i < all.length; i += 2)
      if (all[i] !== EXPECTED) results.push(JSON.parse(all[i + 1]!) as KindRunResult);
    if (results.length === 0) return;
    results.sort((a, b) => a.kind.localeCompare(b.kind) || (a.account ?? '').localeCompare(b.account ?? ''));
    await this.outbox.send({
      ...syncResultsMessage({ results }),
      target: replyTarget(replyTo),
      label: 'sync-results',
    });
  }

  private key(replyTo: ReplyTo): string {
    const id = replyTo.responseUrl ?? `${replyTo.channel}:${replyTo.threadTs ?? ''}:${replyTo.userId ?? ''}`;
    return `${this.prefix}:slack:sync-reply:${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
  }
}
