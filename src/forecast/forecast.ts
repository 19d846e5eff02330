import { z } from 'zod';
import { Resource } from '../../models/resource.js';
import { billingLine } from '../billing/billing-lines.js';
import { billingSettings } from '../billing/billing-service.js';
import { listTenants } from '../billing/tenant-store.js';
import { TenantNotFoundError } from '../billing/tenant-store.js';
import type { Config } from '../config.js';
import { UnknownAccountError } from '../errors.js';
import { AccountClients } from '../digitalocean/account-clients.js';
import type { DoClient } from '../digitalocean/client.js';
import { monthToDateReport } from '../invoice/month-to-date.js';
import { parseCents } from '../invoice/money.js';
import { currentPriceBook } from '../pricing/price-book.js';
import { buildForecasts, type ForecastResource, type TeamMonthToDate } from './build-forecasts.js';
import { ForecastProjectNotFoundError } from './errors.js';

export type ForecastScope =
  { kind: 'account'; account: string } | { kind: 'tenant'; tenant: string } | { kind: 'project'; project: string };

/** A resource (key: its `kind:id`, team-qualified outside the default team) or a product line (`product:<name>`). */
export interface ForecastPart {
  key: string;
  label: string;
  kind: string | null;
  monthToDateCents: number;
  restCents: number;
  dailyRateCents: number;
}

/**
 * Where a scope lands this month: what DO has billed so far plus what runs now until the month's
 * end. Integer cents (before a tenant's markup); the parts add up to every total.
 */
export interface Forecast {
  scope: ForecastScope;
  /** The team's name, the tenant's, or the project's (its id is `scope.project`). */
  label: string;
  /** YYYY-MM. */
  period: string;
  /** When it was computed. */
  asOf: Date;
  /** DO's month-to-date figure's instant (the preview's rebuild, or the newer balance): the rest runs from it. */
  monthToDateAsOf: Date;
  monthToDateCents: number;
  restCents: number;
  /** monthToDateCents + restCents. */
  totalCents: number;
  /** The rest's cents a day, at today's rate. */
  dailyRateCents: number;
  /** Days from `asOf` to the month's end, to 0.01. */
  daysLeft: number;
  /** Largest first. */
  parts: ForecastPart[];
}

export interface ForecastDeps {
  /** The DO teams (one client is the default team alone). */
  client: DoClient | AccountClients;
  now: Date;
  config: Config;
}

const balanceSchema = z.looseObject({ month_to_date_usage: z.string(), generated_at: z.string() });

/**
 * `GET /v2/customers/my/balance` (billing:read): DO's month-to-date usage, often newer than the
 * preview. Null when it cannot be read (a token without the scope, an older stand-in, an outage):
 * the forecast then stands on the preview alone.
 */
async function readBalance(client: DoClient): Promise<TeamMonthToDate['balance']> {
  try {
    const parsed = balanceSchema.safeParse(await client.get('/v2/customers/my/balance'));
    if (!parsed.success) return null;
    const usageCents = parseCents(parsed.data.month_to_date_usage);
    const generatedAt = new Date(parsed.data.generated_at);
    return usageCents === null || Number.isNaN(generatedAt.getTime()) ? null : { usageCents, generatedAt };
  } catch {
    return null;
  }
}

/**
 * Of attrs, what the kinds price by (`monthlyCost`), say is free (`usuallyFree`) or inherit from
 * (`parent`), and when a resource was created: the rest of a resource is not read.
 */
const FORECAST_ATTRS = Object.fromEntries(
  [
    'created_at',
    'size_slug',
    'price_monthly',
    'backups_enabled',
    'size_gigabytes',
    'size_unit',
    'size',
    'droplet_id',
    'resource_id',
    'resource_type',
    'static_only',
    'tier_slug',
  ].map((a) => [`attrs.${a}`, 1]),
);

/** The inventory as the forecast reads it: attribution's fields and the attributes its kinds price by. */
export async function forecastResources(): Promise<ForecastResource[]> {
  return Resource.find(
    {},
    {
      _id: 0,
      account: 1,
      kind: 1,
      providerId: 1,
      name: 1,
      tags: 1,
      projectId: 1,
      status: 1,
      stale: 1,
      firstSeenAt: 1,
      ...FORECAST_ATTRS,
    },
  ).lean<ForecastResource[]>();
}

/** Every team's, tenant's and project's forecast of now's month: one read of the inventory, one allocation. */
export async function forecastAll(deps: ForecastDeps): Promise<Forecast[]> {
  const accounts = AccountClients.from(deps.client);
  const teams: TeamMonthToDate[] = [];
  for (const account of accounts.names) {
    const client = accounts.client(account);
    const report = await monthToDateReport(client, deps.now, account);
    teams.push({
      account,
      period: report.invoice.period,
      asOf: new Date(report.preview.asOf),
      lines: report.items.map((item) => billingLine(item, account)),
      balance: await readBalance(client),
    });
  }
  const [resources, tenants, prices] = await Promise.all([
    forecastResources(),
    listTenants(),
    currentPriceBook(accounts.primary, deps.now.getTime()),
  ]);
  return buildForecasts({ now: deps.now, teams, resources, tenants, settings: billingSettings(deps.config), prices });
}

/** The forecast that answers `scope`; a scope nobody has is the person's mistake, said in one sentence. */
export function pickForecast(all: readonly Forecast[], scope: ForecastScope): Forecast {
  const of = (kind: ForecastScope['kind']) => all.filter((f) => f.scope.kind === kind);
  if (scope.kind === 'tenant') {
    const found = of('tenant').find((f) => f.label === scope.tenant);
    if (!found)
      throw new TenantNotFoundError(
        scope.tenant,
        of('tenant').map((f) => f.label),
      );
    return found;
  }
  if (scope.kind === 'project') {
    const projects = of('project');
    const byId = projects.find((f) => f.scope.kind === 'project' && f.scope.project === scope.project);
    if (byId) return byId;
    const named = projects.filter((f) => f.label === scope.project);
    if (named.length === 1) return named[0]!;
    throw new ForecastProjectNotFoundError(
      scope.project,
      named.map((f) => (f.scope as { project: string }).project),
    );
  }
  const team = of('account').find((f) => f.label === scope.account);
  if (!team)
    throw new UnknownAccountError(
      scope.account,
      of('account').map((f) => f.label),
    );
  return team;
}

/** One scope's forecast. Shared costs are split over every tenant, so it is computed with all of them. */
export async function forecastFor(scope: ForecastScope, deps: ForecastDeps): Promise<Forecast> {
  if (scope.kind === 'account') AccountClients.from(deps.client).check(scope.account);
  return pickForecast(await forecastAll(deps), scope);
}
