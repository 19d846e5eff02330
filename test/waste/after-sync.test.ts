import { describe, expect, it } from 'vitest';
import { WasteFinding } from '../../models/waste-finding.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { enqueueSync } from '../../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { createSyncWorker } from '../../jobs/sync-worker.js';
import { createWasteWorker } from '../../jobs/waste-worker.js';
import { isolation, silentLog, useRedis, wasteRuns } from '../helpers/context.js';
import { kindHarness } from '../sync/kinds/harness.js';

const iso = isolation();
const h = kindHarness(iso);
const redis = useRedis();

describe('waste detection after a sync', () => {
  it('stores the priced findings of the rules reading the kind a worker just synced, in a job of their own', async () => {
    const settings = { connection: redis(), prefix: iso.prefix };
    const queue = syncQueue(settings);
    const events = syncQueueEvents(settings);
    await events.waitUntilReady();
    const client = new DoClient({ token: h.standin.token, baseUrl: h.standin.url, retryBaseMs: 1 });
    const worker = createSyncWorker({ queue: settings, config: h.config, client, log: silentLog });
    const wasteWorker = createWasteWorker({ queue: settings, config: h.config, client, log: silentLog });
    try {
      const waste = await wasteRuns(settings, 1);
      const job = await enqueueSync(queue, 'floating_ip');
      expect(await job.waitUntilFinished(events)).toMatchObject({ status: 'succeeded' });
      await waste.done;
      const findings = await WasteFinding.find({ resolvedAt: null }).lean();
      expect(findings.map((f) => [f.ruleId, f.providerId, f.monthlyCents])).toEqual([
        ['unassigned-reserved-ip', '45.55.96.50', 400],
      ]);
    } finally {
      await worker.close();
      await wasteWorker.close();
      await events.close();
      await queue.close();
    }
  });
});
