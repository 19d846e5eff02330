import type { Queue } from 'bullmq';
import { JOB_DEFAULTS } from './job-defaults.js';
import type { JobPayloads } from './queues.js';

/**
 * Queues the waste rules reading `kind` after a complete listing of it. While one is waiting,
 * another sync of the kind joins it (deduplicated by kind): the rules read what is stored when the
 * job runs, so one run covers every sync that finished before it. Once it runs, a sync finishing
 * meanwhile (another team's, say) queues the next (the worker frees the key as it starts).
 */
export async function enqueueWasteDetection(
  queue: Queue<JobPayloads['wasteDetect']>,
  data: JobPayloads['wasteDetect'],
): Promise<void> {
  await queue.add('detect', data, { ...JOB_DEFAULTS.wasteDetect, deduplication: { id: `waste-${data.kind}` } });
}
