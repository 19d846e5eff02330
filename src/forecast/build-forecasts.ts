import type { BillingLine } from '../billing/allocate-invoice.js';
import { allocateInvoice } from '../billing/allocate-invoice.js';
import {
  attributeResources,
  resolveProjects,
  resourceRef,
  type AttributableResource,
} from '../billing/attribute-resources.js';
import type { BillingSettings } from '../billing/billing-report.js';
import { largestRemainder } from '../billing/largest-remainder.js';
import type { TenantDefinition } from '../billing/tenant-definition.js';
import { periodBounds, periodOf } from '../invoice/period.js';
import type { PriceBook } from '../pricing/price-book.js';
import { monthlyCostCents } from '../pricing/resource-cost.js';
import { findKindSpec } from '../sync/kinds/index.js';
import type { Forecast, ForecastPart, ForecastScope } from './forecast.js';
import { atMonthPace, billingOf, restOfMonthCents } from './run-rate.js';

const DAY_MS = 86_400_000;

/** What the forecast reads of a stored resource: attribution's fields, and what prices its time. */
export interface ForecastResource extends AttributableResource {
  account: string;
  name: string;
  status: string | null;
  stale: boolean;
  firstSeenAt: Date;
}

/** One DO team's month to date: its invoice preview's lines (matched) and its balance. */
export interface TeamMonthToDate {
  account: string;
  /** The preview's period; one other than now's month (DO not yet rebuilt on the 1st) counts as nothing yet. */
  period: string;
  /** When DO last rebuilt the preview. */
  asOf: Date;
  lines: readonly BillingLine[];
  /** `GET /v2/customers/my/balance`: `month_to_date_usage` in cents and `generated_at`; null when not read. */
  balance: { usageCents: number; generatedAt: Date } | null;
}

export interface ForecastInput {
  now: Date;
  teams: readonly TeamMonthToDate[];
  resources: readonly ForecastResource[];
  tenants: readonly TenantDefinition[];
  settings: BillingSettings;
  prices: PriceBook;
}

/** What a forecast line is: which part it adds to, whether it is already billed, and its team's figure instant. */
interface Tag {
  account: string;
  key: string;
  label: string;
  kind: string | null;
  rest: boolean;
  /** Its team's month-to-date instant: the rest runs from there to the month's end. */
  from: Date;
}

/** A forecast line's part: the resource it bills, else the product (per team, so two teams' "Bandwidth" stay apart). */
function partOf(line: BillingLine, account: string): Pick<Tag, 'key' | 'label' | 'kind'> {
  if (line.match) {
    return {
      key: resourceRef(line.match.kind, line.match.providerId, account),
      label: line.match.name,
      kind: line.match.kind,
    };
  }
  const product = line.product || line.description || 'Other';
  return { key: resourceRef('product', product, account), label: product, kind: line.kind };
}

const createdAt = (r: ForecastResource): Date => {
  const at = typeof r.attrs.created_at === 'string' ? new Date(r.attrs.created_at) : null;
  return at && !Number.isNaN(at.getTime()) ? at : r.firstSeenAt;
};

/** The lines of one team: month to date (with the balance's newer usage assigned), and the rest of the month. */
function teamLines(
  team: TeamMonthToDate,
  input: ForecastInput,
  period: string,
  next: () => number,
  tags: Map<BillingLine, Tag>,
): { lines: BillingLine[]; from: Date } {
  const { start, end } = periodBounds(period);
  const current = team.period === period;
  const mtd = current ? team.lines.map((l) => ({ ...l, line: next() })) : [];
  let from = current ? team.asOf : start;
  const billedSoFar = mtd.reduce((n, l) => n + l.amount, 0);
  // The balance is newer than the preview: its usage counts, and the rest runs from its instant.
  const b = team.balance;
  const gap =
    b && b.generatedAt > from && b.generatedAt <= input.now && periodOf(b.generatedAt) === period
      ? b.usageCents - billedSoFar
      : 0;
  if (gap > 0) from = b!.generatedAt;
  const tag = (l: BillingLine, rest: boolean) =>
    tags.set(l, { account: team.account, ...partOf(l, team.account), rest, from });
  for (const l of mtd) tag(l, false);

  const billed = new Map<string, number>();
  for (const l of mtd) {
    if (!l.match) continue;
    const ref = resourceRef(l.match.kind, l.match.providerId, team.account);
    billed.set(ref, (billed.get(ref) ?? 0) + l.amount);
  }
  const rest: BillingLine[] = [];
  const priced = new Set<string>();
  for (const r of input.resources) {
    // Backup images are billed as their droplet's backup fee, which the droplet's price includes.
    if (r.account !== team.account || r.stale || r.kind === 'droplet_backup' || findKindSpec(r.kind)?.usuallyFree(r))
      continue;
    const monthly = monthlyCostCents(r, input.prices);
    if (monthly === null) continue;
    const ref = resourceRef(r.kind, r.providerId, r.account);
    priced.add(ref);
    const born = createdAt(r);
    const amount = restOfMonthCents({
      monthlyCents: monthly,
      billing: billingOf(r.kind, from),
      from: born > from ? born : from,
      until: end,
      billedCents: billed.get(ref) ?? 0,
    });
    if (amount === 0) continue;
    rest.push({
      line: next(),
      product: r.kind,
      groupDescription: '',
      description: r.name,
      amount,
      project: '',
      kind: r.kind,
      match: { kind: r.kind, providerId: r.providerId, name: r.name, account: r.account },
      reason: null,
    });
  }
  // What no run-rate covers (bandwidth, unpriced products, tax) goes on at the month's pace; a deleted resource's lines stop.
  const live = new Set(
    input.resources.filter((r) => !r.stale).map((r) => resourceRef(r.kind, r.providerId, r.account)),
  );
  for (const l of mtd) {
    const ref = l.match ? resourceRef(l.match.kind, l.match.providerId, team.account) : null;
    if (ref && (priced.has(ref) || !live.has(ref))) continue;
    const amount = atMonthPace(l.amount, start, from, end);
    if (amount !== 0) rest.push({ ...l, line: next(), amount });
  }
  for (const l of rest) tag(l, true);

  // The balance's usage past the preview is not itemized: it is spread over what runs now, by its
  // run-rate (else over the month so far), each cent then owned as the line it follows is.
  const assigned: BillingLine[] = [];
  if (gap > 0) {
    const over = rest.some((l) => l.amount > 0) ? rest : mtd;
    const parts = largestRemainder(
      gap,
      over.map((l) => l.amount),
    );
    if (parts) {
      parts.forEach((cents, i) => {
        if (cents !== 0) assigned.push({ ...over[i]!, line: next(), amount: cents });
      });
    } else {
      assigned.push({
        line: next(),
        product: 'Usage since the invoice preview',
        groupDescription: '',
        description: 'Usage since the invoice preview',
        amount: gap,
        project: '',
        kind: null,
        match: null,
        reason: null,
      });
    }
    for (const l of assigned) tag(l, false);
  }
  return { lines: [...mtd, ...assigned, ...rest], from };
}

/** Adds one line's cents (or a tenant's share of it) to its part. */
class Parts {
  private readonly parts = new Map<string, ForecastPart & { daily: number }>();
  add(tag: Tag, cents: number, end: Date): void {
    const p = this.parts.get(tag.key) ?? {
      key: tag.key,
      label: tag.label,
      kind: tag.kind,
      monthToDateCents: 0,
      restCents: 0,
      dailyRateCents: 0,
      daily: 0,
    };
    if (tag.rest) {
      p.restCents += cents;
      const span = end.getTime() - tag.from.getTime();
      if (span > 0) p.daily += (cents * DAY_MS) / span;
    } else p.monthToDateCents += cents;
    this.parts.set(tag.key, p);
  }

  forecast(scope: ForecastScope, label: string, period: string, now: Date, asOf: Date): Forecast {
    const all = [...this.parts.values()];
    const monthToDateCents = all.reduce((n, p) => n + p.monthToDateCents, 0);
    const restCents = all.reduce((n, p) => n + p.restCents, 0);
    const rate = Math.round(all.reduce((n, p) => n + p.daily, 0)) || 0; // never -0
    // The scope's daily rate, rounded once, shared over its parts by their own (so they add up to
    // it); a credit's negative rate weighs by its size. Nothing to weigh by: no rate.
    const daily = largestRemainder(
      rate,
      all.map((p) => Math.abs(Math.round(p.daily * 1000))),
    );
    const dailyRateCents = daily ? rate : 0;
    const parts = all
      .map(({ daily: _d, ...p }, i) => ({ ...p, dailyRateCents: daily?.[i] ?? 0 }))
      .filter((p) => p.monthToDateCents !== 0 || p.restCents !== 0)
      .sort(
        (a, b) => b.monthToDateCents + b.restCents - (a.monthToDateCents + a.restCents) || a.key.localeCompare(b.key),
      );
    const { end } = periodBounds(period);
    return {
      scope,
      label,
      period,
      asOf: now,
      monthToDateAsOf: asOf,
      monthToDateCents,
      restCents,
      totalCents: monthToDateCents + restCents,
      dailyRateCents,
      daysLeft: Math.max(0, Math.round(((end.getTime() - now.getTime()) / DAY_MS) * 100) / 100),
      parts,
    };
  }
}

/**
 * Every team's, tenant's and project's forecast for now's month, from one read of the inventory:
 * month to date plus the rest of the month at today's run-rate, tenants by tenant billing's own
 * attribution and allocation (shared lines by the shared-cost policy), projects the same way with
 * each project standing as a tenant that lists it, within its team. Integer cents; each forecast's
 * parts add up to it.
 */
export function buildForecasts(input: ForecastInput): Forecast[] {
  const period = periodOf(input.now);
  const { end } = periodBounds(period);
  let n = 0;
  const next = () => ++n;
  const tags = new Map<BillingLine, Tag>();
  const byTeam = input.teams.map((team) => ({ team, ...teamLines(team, input, period, next, tags) }));
  // Several teams: the oldest of their figures, since every one is at least that fresh.
  const oldest = (of: typeof byTeam) => new Date(Math.min(...of.map((t) => t.from.getTime())));
  const out: Forecast[] = [];

  for (const { team, lines, from } of byTeam) {
    const parts = new Parts();
    for (const l of lines) parts.add(tags.get(l)!, l.amount, end);
    out.push(parts.forecast({ kind: 'account', account: team.account }, team.account, period, input.now, from));
  }

  const allLines = byTeam.flatMap((t) => t.lines);
  const projects = input.resources.filter((r) => r.kind === 'project');
  const resolved = resolveProjects(
    input.tenants,
    projects.map((p) => ({ providerId: p.providerId, name: p.name })),
  );
  const allocation = allocateInvoice({
    lines: allLines,
    tenants: input.tenants,
    attribution: attributeResources(input.tenants, input.resources, resolved, input.settings.prefix),
    projects: resolved,
    policy: input.settings.policy,
  });
  for (const t of allocation.tenants) {
    const parts = new Parts();
    for (const s of t.shares) parts.add(tags.get(s.line)!, s.direct + s.shared + s.tax, end);
    out.push(parts.forecast({ kind: 'tenant', tenant: t.tenant }, t.tenant, period, input.now, oldest(byTeam)));
  }

  // Projects: each team's projects as the tenants of its own lines, by the same rules.
  for (const { team, lines, from } of byTeam) {
    const own = projects.filter((p) => p.account === team.account);
    const asTenants: TenantDefinition[] = own.map((p) => ({
      name: p.providerId,
      projects: [p.providerId],
      tags: [],
      markupPct: 0,
    }));
    const projectsResolved = resolveProjects(
      asTenants,
      own.map((p) => ({ providerId: p.providerId, name: p.name })),
    );
    const resources = input.resources.filter((r) => r.account === team.account);
    const byProject = allocateInvoice({
      lines,
      tenants: asTenants,
      // No DO tag holds a NUL, so no tag claims a resource for a project: only its project does.
      attribution: attributeResources(asTenants, resources, projectsResolved, '\u0000'),
      projects: projectsResolved,
      policy: input.settings.policy,
    });
    const names = new Map(own.map((p) => [p.providerId, p.name]));
    for (const p of byProject.tenants) {
      const parts = new Parts();
      for (const s of p.shares) parts.add(tags.get(s.line)!, s.direct + s.shared + s.tax, end);
      out.push(
        parts.forecast(
          { kind: 'project', project: p.tenant },
          names.get(p.tenant) ?? p.tenant,
          period,
          input.now,
          from,
        ),
      );
    }
  }
  return out;
}
