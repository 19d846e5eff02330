import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { SagaObserver } from '../saga/engine.js';
import type { ProvisionObserver } from '../../jobs/provision-worker.js';
import { Saga, type SagaDoc } from '../../models/saga.js';
import {
  leftoversMessage,
  sagaFinishedMessage,
  sagaJobFailedMessage,
  stepProgressMessage,
} from './blocks/provision.js';
import type { SlackOutbox } from '../outbox/producer.js';
import { sagaView, stepView } from './saga-view.js';

/**
 * Saga progress in Slack: one line per step event in the thread of the message that started the
 * phase (the approval request, or the teardown confirmation), the outcome at the end; a saga that
 * ends `failed` also alerts ARCADIA_ALERTS_CHANNEL with its leftovers, however it was started, and
 * so does one whose job failed for good with the saga unfinished.
 * Outbox ids make a message for the same event go out once even if a resumed worker reports it again.
 */
export function sagaSlackObserver(deps: {
  config: Pick<Config, 'ARCADIA_ALERTS_CHANNEL' | 'ARCADIA_SAGA_REDRIVE_SCHEDULE'>;
  outbox: SlackOutbox;
  log: Logger;
}): ProvisionObserver {
  const thread = async (saga: Parameters<NonNullable<SagaObserver['onFinish']>>[0]) => {
    // An approval request posted after the command line approved is recorded while the saga runs: look again.
    if (saga.slack?.channel && !saga.slack.messageTs)
      saga.slack =
        (await Saga.findOne({ sagaId: saga.sagaId }, { slack: 1 }).lean<Pick<SagaDoc, 'slack'>>())?.slack ?? saga.slack;
    return saga.slack?.channel && saga.slack.messageTs
      ? { channel: saga.slack.channel, threadTs: saga.slack.messageTs }
      : undefined;
  };
  return {
    async onStep(saga, step, event) {
      const where = await thread(saga);
      if (!where) return;
      const index = saga.steps.indexOf(step);
      const message = stepProgressMessage(sagaView(saga), stepView(step, index), event);
      await deps.outbox.send(
        { target: { to: 'channel', ...where }, ...message, label: 'saga-step' },
        { id: `saga-${saga.sagaId}-${where.threadTs}-${step.name}-${event}` },
      );
    },
    async onFinish(saga) {
      const view = sagaView(saga);
      const where = await thread(saga);
      if (where)
        await deps.outbox.send(
          { target: { to: 'channel', ...where }, ...sagaFinishedMessage(view), label: 'saga-finished' },
          { id: `saga-${saga.sagaId}-${where.threadTs}-${saga.status}` },
        );
      if (saga.status !== 'failed') return;
      const alerts = deps.config.ARCADIA_ALERTS_CHANNEL;
      if (!alerts)
        return void deps.log.warn(
          { sagaId: saga.sagaId },
          'saga left resources behind; ARCADIA_ALERTS_CHANNEL is not set, so no Slack alert',
        );
      await deps.outbox.send(
        { target: { to: 'channel', channel: alerts }, ...leftoversMessage(view), label: 'saga-leftovers-alert' },
        { id: `saga-${saga.sagaId}-leftovers-${saga.updatedAt.getTime()}` },
      );
    },
    async onJobFailed({ sagaId, jobId, saga, sentence }) {
      const alerts = deps.config.ARCADIA_ALERTS_CHANNEL;
      if (!alerts)
        return void deps.log.warn(
          { sagaId },
          'a provision job failed for good; ARCADIA_ALERTS_CHANNEL is not set, so no Slack alert',
        );
      const message = sagaJobFailedMessage(
        sagaId,
        saga && sagaView(saga),
        sentence,
        deps.config.ARCADIA_SAGA_REDRIVE_SCHEDULE,
      );
      // One alert per job: a re-driven saga whose next job fails too is news again.
      await deps.outbox.send(
        { target: { to: 'channel', channel: alerts }, ...message, label: 'saga-job-failed-alert' },
        { id: `${jobId}-failed` },
      );
    },
  };
}
