import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { Saga, type SagaDoc, type SagaStatus } from '../models/saga.js';
import { enqueueSaga, sagaJobId } from './enqueue-saga.js';
import type { ProvisionJob } from './queues.js';

/** The statuses a job drives: a saga in one of them with no live job is stranded. */
const DRIVEN: readonly SagaStatus[] = ['running', 'compensating', 'deprovisioning'];
/** Every state of a job that has not ended: it will still run, or runs now. */
const LIVE_STATES = ['active', 'wait', 'delayed', 'prioritized', 'paused', 'waiting-children'] as const;

type Stranded = Pick<SagaDoc, 'sagaId' | 'status' | 'jobId' | 'redrives'>;

/**
 * Queues a job for every saga left `running`, `compensating` or `deprovisioning` with no live job:
 * its job was never queued (the enqueue after the status change failed) or failed all its attempts.
 * Run when a worker starts and on the schedule (jobs/schedule.ts); safe from several workers at once.
 * A job never queued (or long removed) is queued under the id stored on the saga, so one being
 * queued by an approval this moment is the same job; one that ended gets a fresh id, `redrives`
 * counted on the saga so racing workers pick the same one. Returns the ids of the sagas re-driven.
 */
export async function redriveSagas(queue: Queue<ProvisionJob>, log: Logger): Promise<string[]> {
  const sagas = await Saga.find({ status: { $in: DRIVEN } }, { sagaId: 1, status: 1, jobId: 1, redrives: 1 }).lean<
    Stranded[]
  >();
  if (sagas.length === 0) return [];
  // One read of every live job (BullMQ reads the lists in one script), by saga rather than by id:
  // a saga that turned to compensating is still driven by its running phase's job.
  const driven = new Set((await queue.getJobs([...LIVE_STATES])).map((job) => job.data.sagaId));
  const redriven: string[] = [];
  for (const saga of sagas) {
    if (driven.has(saga.sagaId)) continue;
    const ended = await queue.getJob(sagaJobId(saga));
    let next = saga;
    if (ended) {
      const redrives = (saga.redrives ?? 0) + 1;
      next = { ...saga, jobId: `saga-${saga.sagaId}-${saga.status}-redrive-${redrives}`, redrives };
      const claimed = await Saga.updateOne(
        { sagaId: saga.sagaId, status: saga.status, jobId: saga.jobId ?? null },
        { $set: { jobId: next.jobId, redrives } },
      );
      if (claimed.modifiedCount === 0) continue; // another worker re-drove it, or it moved on
    }
    await enqueueSaga(queue, next);
    log.warn(
      {
        sagaId: saga.sagaId,
        status: saga.status,
        jobId: sagaJobId(next),
        previousJob: ended ? `ended: ${ended.failedReason ?? 'completed'}` : 'never queued',
      },
      'saga had no live job; re-driven',
    );
    redriven.push(saga.sagaId);
  }
  return redriven;
}
