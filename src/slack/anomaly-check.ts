import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { explainError } from '../errors.js';
import { claimOnce } from '../claim-once.js';
import type { AccountClients } from '../digitalocean/account-clients.js';
import { refreshDailySpend, loadSeries } from '../anomaly/daily-spend.js';
import { markJudged, recordAnomalies, type AnomalyRun, type StoredAnomaly } from '../anomaly/anomaly-store.js';
import { renderAnomalyChart } from '../anomaly/anomaly-chart.js';
import { addDays, dayOf, shortDay } from '../anomaly/days.js';
import { MAX_BARS } from '../charts/bar-chart.js';
import { groupByChannel } from '../routing/routes.js';
import type { SlackOutbox } from '../outbox/producer.js';
import { anomalyDigestMessage, type DigestAnomaly } from './blocks/anomaly-digest.js';
import type { ImageAttachment } from './blocks/message.js';

export type AnomalySettingNames =
  | 'ARCADIA_ANOMALY_MIN_USD_PER_DAY'
  | 'ARCADIA_ANOMALY_MIN_PCT'
  | 'ARCADIA_ANOMALY_MAD_K'
  | 'ARCADIA_ANOMALY_BASELINE_DAYS'
  | 'ARCADIA_ANOMALY_MIN_HISTORY_DAYS'
  | 'ARCADIA_ANOMALY_REREAD_DAYS';

export interface AnomalyCheckDeps {
  config: Pick<Config, AnomalySettingNames | 'ARCADIA_ALERTS_CHANNEL' | 'ARCADIA_ROUTES' | 'ARCADIA_TENANT_TAG_PREFIX'>;
  accounts: AccountClients | undefined;
  outbox: SlackOutbox;
  redis: Redis;
  prefix: string;
  log: Logger;
}

export const digestAnomaly = (a: StoredAnomaly): DigestAnomaly => ({
  id: a._id,
  account: a.account,
  tenant: a.tenant ?? null,
  sku: a.sku,
  product: a.product ?? '',
  day: a.day,
  baselineCents: a.baselineCents,
  cents: a.cents,
  weekday: a.weekday ?? false,
  explanation: a.explanation ?? [],
});

/** The digest's settings line, from the configuration. */
export const digestSettings = (c: AnomalyCheckDeps['config']) => ({
  minUsd: c.ARCADIA_ANOMALY_MIN_USD_PER_DAY,
  minPct: c.ARCADIA_ANOMALY_MIN_PCT,
  madK: c.ARCADIA_ANOMALY_MAD_K,
  baselineDays: c.ARCADIA_ANOMALY_BASELINE_DAYS,
  minHistoryDays: c.ARCADIA_ANOMALY_MIN_HISTORY_DAYS,
});

/** The chart of the largest anomaly's owner: its daily spend, the anomaly day marked. */
async function chartOf(top: StoredAnomaly): Promise<ImageAttachment> {
  const series = await loadSeries(addDays(top.day, -(MAX_BARS - 1)), top.day);
  const png = renderAnomalyChart({ account: top.account, tenant: top.tenant ?? null, day: top.day, series });
  const who = top.tenant ?? 'account';
  return {
    filename: `spend-${who}-${top.day}.png`,
    title: `Daily spend, ${who}, to ${shortDay(top.day)}`,
    altText: `Bar chart of ${who}'s daily spend for the ${MAX_BARS} days to ${top.day}, the anomaly day marked`,
    pngBase64: png.toString('base64'),
  };
}

/**
 * The daily anomaly check: read DO's Billing Insights (the first time, everything DO serves), judge
 * the latest day, and post one digest per channel (`ARCADIA_ROUTES` by tenant, the rest to the
 * alerts channel) when there is something new. Once a day however many instances run the schedule;
 * a digest already queued for the day is not queued again (its outbox id).
 */
export async function runAnomalyCheck(
  deps: AnomalyCheckDeps,
  now: Date = new Date(),
): Promise<{
  outcome: 'posted' | 'quiet' | 'already-checked' | 'no-account' | 'failed';
  run?: AnomalyRun;
  channels?: string[];
  /** Teams whose Billing Insights could not be read: not judged, so their days are judged on the next check. */
  failed?: string[];
}> {
  if (!deps.accounts) return { outcome: 'no-account' };
  const today = dayOf(now);
  const claim = `${deps.prefix}:slack:anomaly-check:${today}`;
  if (!(await claimOnce(deps.redis, claim, 2 * 86_400))) return { outcome: 'already-checked' };
  try {
    const read = await refreshDailySpend(deps.accounts, {
      now,
      rereadDays: deps.config.ARCADIA_ANOMALY_REREAD_DAYS,
      prefix: deps.config.ARCADIA_TENANT_TAG_PREFIX,
    });
    const failed: string[] = [];
    for (const { error, ...r } of read) {
      if (error === undefined) deps.log.info(r, 'billing insights read');
      else {
        explainError(error, deps.log, "a team's Billing Insights could not be read", {
          account: r.account,
          day: today,
        });
        failed.push(r.account);
      }
    }
    const refreshed = read.filter((r) => r.error === undefined).map((r) => r.account);
    const run = await recordAnomalies(deps.config, now, refreshed);
    deps.log.info(
      { day: run.day, fresh: run.fresh.length, closed: run.closed, snoozed: run.snoozed, new: run.newTenants.length },
      'anomaly check done',
    );
    const posted = await postDigests(deps, deps.accounts.several, run);
    await markJudged(run, now);
    return { outcome: posted.length ? 'posted' : 'quiet', run, channels: posted, failed };
  } catch (err) {
    // Let a retry run today; the digest's outbox id keeps one already queued from going twice.
    await deps.redis.del(claim);
    explainError(err, deps.log, 'the daily anomaly check failed', { day: today });
    return { outcome: 'failed' };
  }
}

/** One digest per channel of the run's new anomalies and tenants; the channels it queued to. */
async function postDigests(deps: AnomalyCheckDeps, several: boolean, run: AnomalyRun): Promise<string[]> {
  if (run.day === null || (run.fresh.length === 0 && run.newTenants.length === 0)) return [];
  const routable = <T extends { tenant: string | null }>(t: T) => ({
    ...t,
    projectId: null,
    projectName: null,
    tags: [] as string[],
  });
  const fallback = deps.config.ARCADIA_ALERTS_CHANNEL;
  const byChannel = groupByChannel(
    run.fresh.map((a) => routable({ ...a, tenant: a.tenant ?? null })),
    deps.config.ARCADIA_ROUTES,
    fallback,
  );
  const newByChannel = groupByChannel(run.newTenants.map(routable), deps.config.ARCADIA_ROUTES, fallback);
  const channels = [...new Set([...byChannel.keys(), ...newByChannel.keys()])];
  for (const channel of channels) {
    const anomalies = byChannel.get(channel) ?? [];
    const message = anomalyDigestMessage({
      day: run.day,
      anomalies: anomalies.map(digestAnomaly),
      newTenants: newByChannel.get(channel) ?? [],
      settings: digestSettings(deps.config),
      several,
      ...(anomalies[0] ? { image: await chartOf(anomalies[0]) } : {}),
    });
    await deps.outbox.send(
      { ...message, target: { to: 'channel', channel }, label: 'anomaly-digest' },
      { id: `anomaly-digest-${run.day}-${channel}` },
    );
  }
  return channels;
}
