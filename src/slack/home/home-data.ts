import { SyncRun } from '../../../models/sync-run.js';
import type { DoClient } from '../../digitalocean/client.js';
import { AccountClients } from '../../digitalocean/account-clients.js';
import { latestInvoiceSummary } from '../../invoice/invoice-summary.js';
import { parseCents } from '../../invoice/money.js';
import { latestForecasts } from '../../forecast/forecast-snapshots.js';
import { periodOf } from '../../invoice/period.js';
import { wasteTotals } from '../../waste/waste-report.js';
import { mongoInventoryQueries } from '../queries.js';
import type { HomeForecast, HomeInput } from './home-view.js';

interface InvoiceList {
  invoices?: { amount?: string; invoice_period?: string }[];
  invoice_preview?: { amount?: string; invoice_period?: string; updated_at?: string } | null;
}

/**
 * Month to date from DO's invoice previews (sent with the invoice lists), and last month's invoices,
 * added up over the DO teams. Null when DO will not say for one of them.
 */
export async function spendFromDo(source: DoClient | AccountClients | undefined): Promise<HomeInput['spend']> {
  if (!source) return null;
  const accounts = AccountClients.from(source);
  const teams = await Promise.all(accounts.names.map((name) => teamSpend(accounts.client(name))));
  if (teams.some((t) => t === null)) return null;
  const spends = teams as NonNullable<HomeInput['spend']>[];
  const lastMonths = spends.map((s) => s.lastMonthCents);
  return {
    monthToDateCents: spends.reduce((n, s) => n + s.monthToDateCents, 0),
    period: spends[0]!.period,
    lastMonthCents: lastMonths.includes(null) ? null : lastMonths.reduce((n: number, c) => n + c!, 0),
    lastPeriod: spends[0]!.lastPeriod,
    // The oldest rebuild: every team's figure is at least that fresh.
    updatedAt: spends.map((s) => s.updatedAt).reduce((a, b) => (a === null || b === null ? null : a < b ? a : b)),
  };
}

async function teamSpend(client: DoClient): Promise<HomeInput['spend']> {
  try {
    const list = await client.get<InvoiceList>('/v2/customers/my/invoices', { per_page: 1 });
    const preview = list.invoice_preview;
    const mtd = preview?.amount ? parseCents(preview.amount) : null;
    if (!preview || mtd === null) return null;
    const last = list.invoices?.[0];
    return {
      monthToDateCents: mtd,
      period: preview.invoice_period ?? '',
      lastMonthCents: last?.amount ? parseCents(last.amount) : null,
      lastPeriod: last?.invoice_period ?? null,
      updatedAt: preview.updated_at ? new Date(preview.updated_at) : null,
    };
  } catch {
    return null;
  }
}

/**
 * Everything the Home tab shows, read once for all the users it is published to. `billing` (spend
 * and the last invoice) only when one of them is to see it: else DO is not asked.
 */
export async function homeInput(
  client: DoClient | AccountClients | undefined,
  now: Date,
  { billing }: { billing: boolean },
): Promise<HomeInput> {
  const [inventory, runs, findings, spend, invoice, forecast] = await Promise.all([
    mongoInventoryQueries.inventory(),
    // The latest runs, newest first; the first per kind is its health ($first is not in every MongoDB-wire server).
    SyncRun.find({}, { kind: 1, status: 1, _id: 0 })
      .sort({ startedAt: -1 })
      .limit(500)
      .lean<{ kind: string; status: HomeInput['kinds'][number]['lastStatus'] }[]>(),
    wasteTotals(now),
    billing ? spendFromDo(client) : null,
    billing ? latestInvoiceSummary() : null,
    billing ? storedForecast(periodOf(now)) : null,
  ]);
  const status = new Map<string, HomeInput['kinds'][number]['lastStatus']>();
  for (const r of runs) if (!status.has(r.kind)) status.set(r.kind, r.status);
  return {
    now,
    kinds: inventory.map((k) => ({ ...k, lastStatus: status.get(k.kind) ?? null })),
    wasteCents: findings.openCents,
    wasteFindings: findings.open,
    wasteQuiet: findings.quiet,
    spend,
    forecast,
    lastInvoice: invoice,
  };
}

/** The month's forecast as last stored: the Home tab is published after every sync, too often to ask DO for a forecast each time. */
async function storedForecast(period: string): Promise<HomeForecast | null> {
  const latest = await latestForecasts(period);
  if (!latest?.teams.length) return null;
  return {
    period,
    totalCents: latest.teams.reduce((n, t) => n + t.totalCents, 0),
    monthToDateCents: latest.teams.reduce((n, t) => n + t.monthToDateCents, 0),
    tenants: latest.tenants.map((t) => ({
      name: t.label,
      totalCents: t.totalCents,
      monthToDateCents: t.monthToDateCents,
    })),
  };
}
