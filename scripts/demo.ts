/**
 * `npm run demo`: Arcadia's main job, offline. Starts throwaway Redis and MongoDB-wire servers,
 * a DigitalOcean stand-in serving a sample account, then runs real syncs through the queue,
 * deletes a droplet in the stand-in, syncs again, and prints what Arcadia would post to Slack.
 */
import { loadConfig } from '../src/config.js';
import { createLogger, setLogger } from '../src/logger.js';
import { startLocalServices, type LocalServices } from '../src/local-services.js';
import { DoStandin } from '../src/digitalocean/standin/server.js';
import { sampleAccount } from '../src/digitalocean/standin/account.js';
import { openRuntime } from '../src/runtime.js';
import { SYNC_KINDS } from '../src/sync/kinds/index.js';
import type { SyncResult } from '../src/sync/engine.js';
import { enqueueSync } from '../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../jobs/queues.js';
import { createSyncWorker } from '../jobs/sync-worker.js';
import { renderTable } from '../src/cli/render-table.js';

const log = createLogger(process.env.ARCADIA_LOG_LEVEL ?? 'warn');
setLogger(log);

function heading(text: string): void {
  console.log(`\n=== ${text} ${'='.repeat(Math.max(0, 70 - text.length))}`);
}

async function main(): Promise<void> {
  let services: LocalServices | undefined;
  if (!process.env.REDIS_URL || !process.env.MONGODB_URI) {
    heading('Starting local services');
    services = await startLocalServices();
    console.log(`Redis at ${services.redisUrl}, ${services.mongoFlavor} at ${services.mongoUri}`);
  }
  const standin = new DoStandin(sampleAccount());
  await standin.start();
  console.log(`DigitalOcean stand-in at ${standin.url} (sample account: 5 droplets, 1 domain, ...)`);

  const config = loadConfig({
    ...process.env,
    REDIS_URL: process.env.REDIS_URL ?? services!.redisUrl,
    MONGODB_URI: process.env.MONGODB_URI ?? `${services!.mongoUri}arcadia_demo`,
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    ARCADIA_QUEUE_PREFIX: `arcadia-demo-${Date.now()}`,
  });
  const rt = await openRuntime(config, { log });
  const queue = syncQueue(rt.queue);
  const events = syncQueueEvents(rt.queue);
  await events.waitUntilReady();
  const posted: string[] = [];
  const worker = createSyncWorker({
    queue: rt.queue,
    config,
    client: rt.doClient!,
    log,
    afterRun: async (result) => {
      if (result.newlyStale.length || result.newlyRevived.length) posted.push(staleAlert(result));
    },
  });

  async function syncAll(title: string): Promise<SyncResult[]> {
    heading(title);
    const jobs = await Promise.all(SYNC_KINDS.map((kind) => enqueueSync(queue, kind, { attempts: 1 })));
    const results = (await Promise.all(jobs.map((j) => j.waitUntilFinished(events)))) as SyncResult[];
    console.log(
      renderTable(
        ['KIND', 'STATUS', 'LISTED', 'CREATED', 'UPDATED', 'UNCHANGED', 'STALE', 'REVIVED', 'API CALLS'],
        results.map((r) => [r.kind, r.status, r.listed, r.created, r.updated, r.unchanged, r.markedStale, r.revived, r.apiCalls]),
      ),
    );
    return results;
  }

  try {
    await syncAll('First sync: every kind, through the cloud_sync_full queue');
    const [gone] = standin.account.droplets.splice(2, 1);
    console.log(`\n(In the stand-in, droplet ${String(gone?.name)} is deleted.)`);
    await syncAll('Second sync');
    heading('What Arcadia posts to Slack');
    console.log(posted.length ? posted.join('\n\n') : '(nothing to post)');
  } finally {
    await worker.close();
    await events.close();
    await queue.close();
    await rt.close();
    await standin.stop();
    await services?.stop();
  }
}

function staleAlert(result: SyncResult): string {
  const lines = [`#alerts  :warning: ${result.newlyStale.length} ${result.kind}(s) went stale in the last sync`];
  for (const r of result.newlyStale) lines.push(`  • ${r.name || r.providerId} (${r.providerId}) is no longer listed by DigitalOcean`);
  for (const r of result.newlyRevived) lines.push(`  • ${r.name || r.providerId} (${r.providerId}) is back`);
  return lines.join('\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
