import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { SyncResult } from '../sync/engine.js';
import type { JobPayloads } from '../../jobs/queues.js';
import { SyncRun } from '../../models/sync-run.js';
import { staleAlertMessage, suspiciousSyncAlertMessage, syncFailedAlertMessage } from './blocks/index.js';
import type { SlackOutbox } from './outbox.js';
import type { SyncReplies } from './sync-replies.js';
import { staleFindingRows } from './stale-rows.js';

export interface SyncAlertDeps {
  config: Pick<Config, 'ARCADIA_ALERTS_CHANNEL' | 'ARCADIA_SYNC_ATTEMPTS'>;
  outbox: SlackOutbox;
  replies: SyncReplies;
  log: Logger;
}

/**
 * The sync worker's hooks: one batched alert per run that staled or revived something, one alert
 * per run that failed for good, and the result for whoever asked for the sync in Slack.
 */
export function syncAlertHooks(deps: SyncAlertDeps) {
  const channel = deps.config.ARCADIA_ALERTS_CHANNEL;
  return {
    async afterRun(result: SyncResult, job: { data: JobPayloads['sync'] }): Promise<void> {
      if (job.data.replyTo) await deps.replies.recordResult(job.data.replyTo, result);
      if (!channel) return;
      if (result.status === 'suspicious') {
        await deps.outbox.send(
          { ...suspiciousSyncAlertMessage({ kind: result.kind, runId: result.runId, reason: result.error ?? 'the listing shrank suspiciously' }), channel, label: 'suspicious-sync-alert' },
          { id: `suspicious-sync-alert-${result.runId}` },
        );
        return;
      }
      if (result.newlyStale.length === 0 && result.newlyRevived.length === 0) return;
      // A run's alert is claimed on its SyncRun: a retried or recovered job never alerts twice.
      const claimed = await SyncRun.updateOne({ runId: result.runId, alertedAt: null }, { $set: { alertedAt: new Date() } });
      if (claimed.modifiedCount !== 1) return;
      const now = new Date();
      const rows = await staleFindingRows(result.kind, result.newlyStale.map((r) => r.providerId), now);
      await deps.outbox.send(
        { ...staleAlertMessage({ kind: result.kind, runId: result.runId, newlyStale: result.newlyStale, newlyRevived: result.newlyRevived, rows, now }), channel, label: 'stale-alert' },
        { id: `stale-alert-${result.runId}` },
      );
    },
    async afterFailure(kind: string, error: string, job: { data: JobPayloads['sync'] } & { id?: string; attemptsMade?: number }): Promise<void> {
      if (job.data.replyTo) await deps.replies.recordFailure(job.data.replyTo, kind, error);
      if (!channel) return;
      await deps.outbox.send(
        { ...syncFailedAlertMessage({ kind, error, attempts: job.attemptsMade ?? deps.config.ARCADIA_SYNC_ATTEMPTS }), channel, label: 'sync-failed-alert' },
        job.id ? { id: `sync-failed-alert-${job.id}` } : {},
      );
    },
  };
}
