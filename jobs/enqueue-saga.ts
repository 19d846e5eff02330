import type { Queue } from 'bullmq';
import type { SagaDoc } from '../models/saga.js';
import { JOB_DEFAULTS } from './job-defaults.js';
import type { ProvisionJob } from './queues.js';

/** The id of the first job of a saga phase: `running` (compensating included) or `deprovisioning`. */
export function phaseJobId(sagaId: string, phase: 'running' | 'deprovisioning'): string {
  return `saga-${sagaId}-${phase}`;
}

/** The job driving a saga's current phase: the one stored on it, or, on a saga stored before that was kept, its phase's first. */
export function sagaJobId(saga: Pick<SagaDoc, 'sagaId' | 'status' | 'jobId'>): string {
  return saga.jobId ?? phaseJobId(saga.sagaId, saga.status === 'deprovisioning' ? 'deprovisioning' : 'running');
}

/** Adds the job that drives a saga; a second add under the same id while one is kept is a no-op. */
export async function enqueueSaga(
  queue: Queue<ProvisionJob>,
  saga: Pick<SagaDoc, 'sagaId' | 'status' | 'jobId'>,
): Promise<void> {
  await queue.add('saga', { sagaId: saga.sagaId }, { ...JOB_DEFAULTS.provision, jobId: sagaJobId(saga) });
}
