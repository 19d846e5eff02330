/**
 * `npm run demo`: Arcadia's main job, offline. Starts throwaway Redis and MongoDB-wire servers, a
 * DigitalOcean stand-in serving the sample account and a Slack Web API stand-in; runs real syncs
 * of every kind through the cloud_sync_full queue; deletes a droplet in the stand-in and syncs
 * again; posts the weekly waste digest (findings priced after every sync) and the monthly invoice summary (pulled from the stand-in's billing API); then prints
 * every message Arcadia sent to Slack, as a person would read it.
 */
import { loadConfig } from '../src/config.js';
import { createLogger, setLogger } from '../src/logger.js';
import { startLocalServices, type LocalServices } from '../src/local-services.js';
import { DoStandin } from '../src/digitalocean/standin/server.js';
import { sampleAccount } from '../src/digitalocean/standin/account.js';
import { openRuntime } from '../src/runtime.js';
import { SYNC_KINDS } from '../src/sync/kinds/index.js';
import type { SyncResult } from '../src/sync/engine.js';
import { createSlackService, postMonthlySummary, renderTranscript, SlackStandin } from '../src/slack/index.js';
import { enqueueSyncs } from '../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../jobs/queues.js';
import { createSyncWorker } from '../jobs/sync-worker.js';
import { renderTable } from '../src/cli/render-table.js';
import { postWasteDigest } from '../src/waste/waste-digest.js';

const log = createLogger(process.env.ARCADIA_LOG_LEVEL ?? 'warn');
setLogger(log);
const ALERTS = 'C0ALERTS';
const FINANCE = 'C0FINANCE';

function heading(text: string): void {
  console.log(`\n=== ${text} ${'='.repeat(Math.max(0, 74 - text.length))}`);
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
  const slack = new SlackStandin();
  await slack.start();
  console.log(`DigitalOcean stand-in at ${standin.url}, Slack Web API stand-in at ${slack.apiUrl}`);

  const config = loadConfig({
    REDIS_URL: process.env.REDIS_URL ?? services!.redisUrl,
    MONGODB_URI: process.env.MONGODB_URI ?? `${services!.mongoUri}arcadia_demo_${Date.now()}`,
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: 'demo-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    ARCADIA_ALERTS_CHANNEL: ALERTS,
    ARCADIA_FINANCE_CHANNEL: FINANCE,
    ARCADIA_QUEUE_PREFIX: `arcadia-demo-${Date.now()}`,
    ARCADIA_LOG_LEVEL: 'warn',
  });
  const rt = await openRuntime(config, { log });
  const service = createSlackService(rt, { monthlySchedule: false, perChannelIntervalMs: 200 });
  const queue = syncQueue(rt.queue);
  const events = syncQueueEvents(rt.queue);
  await events.waitUntilReady();
  const worker = createSyncWorker({ queue: rt.queue, config, client: rt.doClient!, log, ...service.syncHooks });

  async function syncAll(title: string): Promise<SyncResult[]> {
    heading(title);
    const jobs = await enqueueSyncs(queue, SYNC_KINDS, () => ({ attempts: 1 }));
    const results = (await Promise.all(jobs.map((j) => j.waitUntilFinished(events)))) as SyncResult[];
    console.log(
      renderTable(
        ['KIND', 'STATUS', 'LISTED', 'CREATED', 'UPDATED', 'UNCHANGED', 'STALE', 'REVIVED', 'API CALLS', 'NOTE'],
        results.map((r) => [r.kind, r.status, r.listed, r.created, r.updated, r.unchanged, r.markedStale, r.revived, r.apiCalls, r.notes[0] ?? '']),
      ),
    );
    return results;
  }

  try {
    await syncAll('First sync: every kind, through the cloud_sync_full queue');
    const [gone] = standin.account.droplets.splice(2, 1);
    console.log(`\n(In the DigitalOcean stand-in, droplet ${String(gone?.name)} is deleted.)`);
    await syncAll('Second sync');
    await slack.waitFor('chat.postMessage', (c) => c.params.channel === ALERTS);

    heading('Weekly waste digest (findings priced after every sync)');
    console.log(`posted to ${(await postWasteDigest(service.wasteDigest)).join(', ') || 'no channel'}`);
    await slack.waitFor('chat.postMessage', (c) => c.params.channel === ALERTS && String(c.params.text).includes('waste'));

    heading('Monthly invoice summary for June 2025 (pulled from the billing API)');
    console.log(await postMonthlySummary(service.monthly, new Date('2025-07-02T09:00:00Z')));
    await slack.waitFor('chat.postMessage', (c) => c.params.channel === FINANCE);

    heading('What Arcadia posted to Slack');
    console.log(renderTranscript(slack.calls));
  } finally {
    await worker.close();
    await service.stop();
    await events.close();
    await queue.close();
    await rt.close();
    await slack.stop();
    await standin.stop();
    await services?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
