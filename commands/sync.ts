import { randomUUID } from 'node:crypto';
import { SYNC_KINDS } from '../src/sync/kinds/index.js';
import { syncQueuedMessage } from '../src/slack/blocks/index.js';
import { enqueueSyncs, syncSubject } from '../jobs/enqueue-sync.js';
import { kindList, withAccount } from './args.js';
import { checkAccount, doAccounts, inAccount, jobAccounts } from '../src/digitalocean/accounts.js';
import { subcommand } from './subcommand.js';

export const schema = withAccount(kindList(SYNC_KINDS));

export const sync = subcommand({
  name: 'sync',
  audience: 'admin',
  schema,
  help: {
    usage: 'sync [kind… | all] [--account team]',
    summary: 'Sync from DigitalOcean now (every DO team, or the one named). Answers at once; posts each kind\'s result here when done.',
    examples: ['/cloud sync', '/cloud sync droplet volume', '/cloud sync droplet --account staging'],
  },
  async handle({ args: { account: named, value: kinds }, channelId, userId, responseUrl }, deps) {
    const accounts = named !== undefined ? [checkAccount(doAccounts(deps.config).map((a) => a.name), named)] : jobAccounts(deps.config);
    const replyTo = { channel: channelId, userId, responseUrl };
    // Registered before the jobs exist, so a kind that finishes at once is still counted.
    await deps.syncReplies.expect(replyTo, kinds.length * accounts.length);
    const outcomes: { kind: string; joined: boolean }[] = [];
    for (const account of accounts) {
      const jobIds = new Map(kinds.map((kind) => [kind, `sync-${syncSubject(kind, account)}-slack-${randomUUID()}`]));
      // One enqueue for all, so kinds that read another's listing (droplet backups) wait for its run.
      const jobs = await enqueueSyncs(
        deps.syncQueue,
        kinds,
        (kind) => ({ account, jobId: jobIds.get(kind), replyTo, attempts: deps.config.ARCADIA_SYNC_ATTEMPTS, retryDelayMs: deps.config.ARCADIA_SYNC_RETRY_DELAY_MS }),
        deps.config.ARCADIA_SYNC_FOLLOW_WAIT_MS,
      );
      // A kind already syncing: BullMQ's deduplication hands back the running job instead.
      outcomes.push(...kinds.map((kind, i) => ({ kind: inAccount(kind, account), joined: jobs[i]!.id !== jobIds.get(kind) })));
    }
    const joined = outcomes.filter((o) => o.joined).map((o) => o.kind);
    await deps.syncReplies.forget(replyTo, joined.length);
    deps.log.info({ userId, kinds, accounts, joined }, 'sync requested from Slack');
    return { ...syncQueuedMessage({ queued: outcomes.filter((o) => !o.joined).map((o) => o.kind), joined }), visibility: 'in_channel' };
  },
});
