import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { SyncResult } from '../sync/engine.js';
import type { JobPayloads } from '../../jobs/queues.js';
import { SyncRun } from '../../models/sync-run.js';
import { staleAlertMessage, suspiciousSyncAlertMessage, syncFailedAlertMessage } from './blocks/index.js';
import type { SlackOutbox } from '../outbox/producer.js';
import type { SyncReplies } from './sync-replies.js';
import { groupByChannel, type Routable } from '../routing/routes.js';
import { routableResources, staleFindingRows } from './stale-rows.js';
import { inAccount } from '../digitalocean/accounts.js';

const UNROUTABLE: Routable = { projectId: null, projectName: null, tags: [], tenant: null };

export interface SyncAlertDeps {
  config: Pick<
    Config,
    'ARCADIA_ALERTS_CHANNEL' | 'ARCADIA_ROUTES' | 'ARCADIA_SYNC_ATTEMPTS' | 'ARCADIA_TENANT_TAG_PREFIX'
  >;
  outbox: SlackOutbox;
  replies: SyncReplies;
  log: Logger;
}

/**
 * The sync worker's hooks: one batched alert per run that staled or revived something (one message
 * per channel: ARCADIA_ROUTES sends a resource where its project, tag or tenant goes, the rest to
 * the alerts channel), one alert per run that failed for good, and the result for whoever asked
 * for the sync in Slack.
 */
export function syncAlertHooks(deps: SyncAlertDeps) {
  const channel = deps.config.ARCADIA_ALERTS_CHANNEL;
  return {
    async afterRun(result: SyncResult, job: { data: JobPayloads['sync'] }): Promise<void> {
      if (job.data.replyTo) await deps.replies.recordResult(job.data.replyTo, result);
      const what = inAccount(result.kind, result.account);
      if (result.status === 'suspicious') {
        if (!channel) return;
        await deps.outbox.send(
          {
            ...suspiciousSyncAlertMessage({
              kind: what,
              runId: result.runId,
              reason: result.error ?? 'the listing shrank suspiciously',
            }),
            target: { to: 'channel', channel: channel },
            label: 'suspicious-sync-alert',
          },
          { id: `suspicious-sync-alert-${result.runId}` },
        );
        return;
      }
      if (result.newlyStale.length === 0 && result.newlyRevived.length === 0) return;
      if (!channel && deps.config.ARCADIA_ROUTES.length === 0) return;
      // A run's alert is claimed on its SyncRun: a retried or recovered job never alerts twice.
      const claimed = await SyncRun.updateOne(
        { runId: result.runId, alertedAt: null },
        { $set: { alertedAt: new Date() } },
      );
      if (claimed.modifiedCount !== 1) return;
      const now = new Date();
      const lookup = { account: result.account, tenantTagPrefix: deps.config.ARCADIA_TENANT_TAG_PREFIX };
      const rows = await staleFindingRows(
        result.kind,
        result.newlyStale.map((r) => r.providerId),
        now,
        lookup,
      );
      const revived = await routableResources(
        result.kind,
        result.newlyRevived.map((r) => r.providerId),
        lookup,
      );
      const rowOf = new Map(rows.map((r) => [r.providerId, r]));
      // What a saga's teardown (or compensation) deleted was meant to go: no alert, no buttons, no
      // link to a deleted resource. The run's other changes are still alerted.
      const removedBySaga = new Set(rows.filter((r) => r.removedBySaga).map((r) => r.providerId));
      const newlyStale = result.newlyStale.filter((r) => !removedBySaga.has(r.providerId));
      if (newlyStale.length === 0 && result.newlyRevived.length === 0) return;
      // Each resource routed by its own project, tags and tenant; one unknown to the database goes to the alerts channel.
      const entries = [
        ...newlyStale.map((named) => ({
          ...(rowOf.get(named.providerId) ?? UNROUTABLE),
          named,
          row: rowOf.get(named.providerId),
          revived: false,
        })),
        ...result.newlyRevived.map((named) => ({
          ...(revived.get(named.providerId) ?? UNROUTABLE),
          named,
          row: undefined,
          revived: true,
        })),
      ];
      for (const [to, items] of groupByChannel(entries, deps.config.ARCADIA_ROUTES, channel)) {
        const g = {
          newlyStale: items.filter((e) => !e.revived).map((e) => e.named),
          newlyRevived: items.filter((e) => e.revived).map((e) => e.named),
          rows: items.flatMap((e) => (e.row ? [e.row] : [])),
        };
        await deps.outbox.send(
          {
            ...staleAlertMessage({ kind: what, runId: result.runId, ...g, now }),
            target: { to: 'channel', channel: to },
            label: 'stale-alert',
          },
          { id: to === channel ? `stale-alert-${result.runId}` : `stale-alert-${result.runId}-${to}` },
        );
      }
    },
    async afterFailure(
      kind: string,
      error: string,
      job: { data: JobPayloads['sync'] } & { id?: string; attemptsMade?: number },
    ): Promise<void> {
      const what = inAccount(kind, job.data.account);
      if (job.data.replyTo) await deps.replies.recordFailure(job.data.replyTo, kind, error, job.data.account);
      if (!channel) return;
      await deps.outbox.send(
        {
          ...syncFailedAlertMessage({
            kind: what,
            error,
            attempts: job.attemptsMade ?? deps.config.ARCADIA_SYNC_ATTEMPTS,
          }),
          target: { to: 'channel', channel: channel },
          label: 'sync-failed-alert',
        },
        job.id ? { id: `sync-failed-alert-${job.id}` } : {},
      );
    },
  };
}
