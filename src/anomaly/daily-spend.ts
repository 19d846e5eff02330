import { DailySpend } from '../../models/daily-spend.js';
import { loadBillingContext } from '../billing/billing-report.js';
import type { AccountClients } from '../digitalocean/account-clients.js';
import {
  INSIGHTS_FIRST_DAY,
  INSIGHTS_MAX_DAYS,
  readBillingInsights,
  teamUrn,
} from '../digitalocean/billing-insights.js';
import { loadInventoryIndex } from '../invoice/inventory-index.js';
import { spendRow, type SpendRow } from './attribute-points.js';
import { addDays, dayOf, windows } from './days.js';
import type { SpendSeries } from './detect.js';

export interface SpendRefresh {
  account: string;
  /** The days read (both included); null when there was nothing new to read. */
  from: string | null;
  to: string;
  points: number;
  /** Points DO sent that were not in its documented shape (logged, not stored). */
  dropped: number;
  backfill: boolean;
  /** Why the team could not be read (its token lacks billing:read, DO down): the others are read all the same. */
  error?: unknown;
}

/**
 * Reads each DO team's Billing Insights into `daily_spend`. The first run backfills everything DO
 * serves (from 2025-12-01) up to yesterday; later runs read the last `rereadDays` again (DO revises
 * its nightly estimates) and any days missed since. Windows of at most 31 days, 200 points a page.
 * Each point gets its tenant by tenant billing's rules, with today's tenants and inventory.
 */
export async function refreshDailySpend(
  clients: AccountClients,
  options: { now?: Date; rereadDays: number; prefix: string },
): Promise<SpendRefresh[]> {
  const now = options.now ?? new Date();
  const to = addDays(dayOf(now), -1);
  const context = await loadBillingContext({ policy: 'none', prefix: options.prefix });
  const out: SpendRefresh[] = [];
  for (const account of clients.names) {
    try {
      out.push(await refreshAccount(clients, account, { now, to, rereadDays: options.rereadDays, context }));
    } catch (error) {
      out.push({ account, from: null, to, points: 0, dropped: 0, backfill: false, error });
    }
  }
  return out;
}

async function refreshAccount(
  clients: AccountClients,
  account: string,
  options: { now: Date; to: string; rereadDays: number; context: Awaited<ReturnType<typeof loadBillingContext>> },
): Promise<SpendRefresh> {
  const { now, to, context } = options;
  const latest = await DailySpend.findOne({ account }, { day: 1 }).sort({ day: -1 }).lean();
  const reread = latest ? addDays(latest.day, -(options.rereadDays - 1)) : INSIGHTS_FIRST_DAY;
  const from = reread < INSIGHTS_FIRST_DAY ? INSIGHTS_FIRST_DAY : reread;
  if (from > to) return { account, from: null, to, points: 0, dropped: 0, backfill: false };
  const client = clients.client(account);
  const urn = await teamUrn(client);
  const index = await loadInventoryIndex(account);
  let points = 0;
  let dropped = 0;
  for (const w of windows(from, to, INSIGHTS_MAX_DAYS)) {
    const read = await readBillingInsights(client, urn, w.start, w.end);
    const rows = read.points.flatMap((p) => spendRow(p, account, index, context.attribution) ?? []);
    dropped += read.dropped + (read.points.length - rows.length);
    points += await storeRows(rows, now);
    await dropUnserved(account, rows, now);
  }
  return { account, from, to, points, dropped, backfill: !latest };
}

const identity = (r: SpendRow) => [r.account, r.day, r.sku, r.description, r.region, r.groupDescription].join('\u0000');

/** One idempotent bulk upsert per window: the same point twice in one answer is added up, not lost. */
async function storeRows(rows: readonly SpendRow[], readAt: Date): Promise<number> {
  const merged = new Map<string, SpendRow>();
  for (const r of rows) {
    const known = merged.get(identity(r));
    if (known) known.cents += r.cents;
    else merged.set(identity(r), { ...r });
  }
  if (merged.size === 0) return 0;
  await DailySpend.bulkWrite(
    [...merged.values()].map((r) => ({
      updateOne: {
        filter: {
          account: r.account,
          day: r.day,
          sku: r.sku,
          description: r.description,
          region: r.region,
          groupDescription: r.groupDescription,
        },
        update: { $set: { product: r.product, cents: r.cents, tenant: r.tenant, resource: r.resource, readAt } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  return merged.size;
}

/**
 * A day DO answered for is exactly what it serves now: points it dropped or renamed in a revised
 * estimate (stored by an earlier read) go. A day it sent nothing for (not published yet) keeps what it had.
 */
async function dropUnserved(account: string, rows: readonly SpendRow[], readAt: Date): Promise<void> {
  const days = [...new Set(rows.map((r) => r.day))];
  if (days.length === 0) return;
  await DailySpend.deleteMany({ account, day: { $in: days }, readAt: { $lt: readAt } });
}

export const seriesKey = (account: string, tenant: string | null, sku: string) => `${account}|${tenant ?? ''}|${sku}`;

/**
 * The stored spend from `from` to `to` as series, one per team × tenant × SKU (the account series
 * where tenant is null), each day's points added up.
 */
export async function loadSeries(from: string, to: string): Promise<SpendSeries[]> {
  const rows = await DailySpend.find(
    { day: { $gte: from, $lte: to } },
    { _id: 0, account: 1, tenant: 1, sku: 1, product: 1, day: 1, cents: 1 },
  ).lean();
  return seriesOf(rows);
}

export function seriesOf(
  rows: Iterable<{
    account: string;
    tenant?: string | null;
    sku: string;
    product?: string | null;
    day: string;
    cents: number;
  }>,
): SpendSeries[] {
  const series = new Map<string, SpendSeries & { cents: Map<string, number> }>();
  for (const r of rows) {
    const tenant = r.tenant ?? null;
    const key = seriesKey(r.account, tenant, r.sku);
    let s = series.get(key);
    if (!s) {
      s = { key, account: r.account, tenant, sku: r.sku, product: r.product ?? '', cents: new Map() };
      series.set(key, s);
    }
    s.cents.set(r.day, (s.cents.get(r.day) ?? 0) + r.cents);
  }
  return [...series.values()];
}
