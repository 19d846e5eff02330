import type { Queue } from 'bullmq';
import type { Config } from '../config.js';
import { checkRedis, createRedis } from '../redis.js';
import { listKept, retryKept, type KeptMessage } from '../outbox/kept.js';
import type { OutboxJob } from '../outbox/message.js';
import { outboxQueue } from '../outbox/producer.js';
import { renderTable } from './render-table.js';

/** The outbox lives in Redis alone: these commands work while MongoDB or Slack are down. */
async function withOutbox<T>(config: Config, run: (queue: Queue<OutboxJob>) => Promise<T>): Promise<T> {
  await checkRedis(config.REDIS_URL);
  const redis = createRedis(config.REDIS_URL);
  const queue = outboxQueue({ connection: redis, prefix: config.ARCADIA_QUEUE_PREFIX });
  try {
    return await run(queue);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

const oneLine = (text: string, max = 80) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function renderKept(kept: KeptMessage[]): string {
  if (!kept.length) return 'No undeliverable Slack messages are kept.';
  return renderTable(
    ['ID', 'LABEL', 'CHANNEL', 'FAILED AT', 'ERROR', 'TEXT'],
    kept.map((k) => [k.id, k.label, k.channel, k.failedAt, oneLine(k.error, 60), oneLine(k.text)]),
  );
}

/** What the outbox commands do, loaded when one runs (src/cli/outbox-commands.ts defines them). */
export function outboxActions(config: () => Config) {
  return {
    list: async (opts: { json?: boolean }) =>
      withOutbox(config(), async (queue) => {
        const kept = await listKept(queue);
        console.log(opts.json ? JSON.stringify(kept) : renderKept(kept));
        return 0;
      }),
    retry: async (ids: string[], opts: { json?: boolean }) =>
      withOutbox(config(), async (queue) => {
        const moved = await retryKept(queue, ids);
        const missing = ids.filter((id) => !moved.includes(id));
        if (opts.json) console.log(JSON.stringify({ retried: moved.length, ids: moved, notKept: missing }));
        else {
          console.log(`Requeued ${moved.length} kept Slack message(s).`);
          if (missing.length) console.log(`Not kept (unknown or already requeued): ${missing.join(', ')}`);
        }
        return missing.length ? 1 : 0;
      }),
  };
}
