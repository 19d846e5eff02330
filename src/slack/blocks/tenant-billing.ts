import { fallbackText, type Block, type SlackMessage } from './message.js';
import { context, divider, header, listSections, section } from './limits.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';
import { formatUsd } from '../../invoice/money.js';
import type { BillingReport } from '../../billing/billing-report.js';
import type { UnallocatedReason } from '../../billing/allocate-invoice.js';
import { describeRuleShares, type TenantRuleShares } from '../../billing/allocation-shares.js';

const REASON_LABEL: Record<UnallocatedReason, string> = {
  tenant_conflict: 'Claimed by two tenants',
  shared_policy_none: 'Shared costs (policy: none)',
  no_allocation_basis: 'Nothing to split by (no tenant has direct cost)',
  tax_on_unallocated: 'Tax on unallocated costs',
};

/** `own resources 82.3%`: how much of a tenant's cost its own resources are (the rest was spread to it). */
export function ownShareText(a: TenantRuleShares): string {
  const total = a.own + a.spread;
  if (total <= 0) return '';
  const pct = a.rules.filter((r) => r.rule !== 'shared' && r.rule !== 'tax').reduce((n, r) => n + r.pct, 0);
  return `own resources ${pct.toFixed(1)}%`;
}

/** `allocated by tenant tag 57.2% · project 20.0% · …`: the rule behind each share of the spend. */
export function allocatedByText(rules: BillingReport['allocatedBy']): string {
  return rules.length
    ? `Allocated by ${describeRuleShares(rules, (r) => REASON_LABEL[r].toLowerCase())} of the spend`
    : 'Nothing spent to allocate';
}

/** "+12.5% vs 2025-05", "new", or nothing when there is no earlier period. */
export function changeText(t: { changePct: number | null; previousTotal: number | null }): string {
  if (t.previousTotal === null) return '';
  if (t.changePct === null) return t.previousTotal === 0 ? ' · new' : '';
  const arrow = t.changePct > 0 ? ':arrow_up_small:' : t.changePct < 0 ? ':arrow_down_small:' : '';
  return ` · ${arrow}${t.changePct > 0 ? '+' : ''}${t.changePct.toFixed(1)}%`;
}

/** `/cloud billing`: tenants ranked by total with their change, then what no tenant carries and why. */
export function tenantBillingMessage(
  report: BillingReport,
  options: { title?: string; growthAlertPct?: number } = {},
): SlackMessage {
  const title = options.title ?? `Tenant billing ${report.period}${report.estimate ? ' (estimate)' : ''}`;
  const top = report.tenants[0];
  return {
    text: fallbackText(
      `${title}: ${formatUsd(report.invoiceTotal)}${top ? `, top ${top.tenant} ${formatUsd(top.total)}` : ''}, ${formatUsd(report.unallocated.amount)} unallocated`,
    ),
    blocks: [header(title), ...tenantSectionBlocks(report, options)],
  };
}

/** The tenant section under a title (`totalSaidAbove`: the invoice total is already in the message): the lead, growth call-outs, the ranked tenants, the unallocated rest and the basis. Shared by `/cloud billing` and the monthly summary. */
export function tenantSectionBlocks(
  report: BillingReport,
  options: { growthAlertPct?: number; totalSaidAbove?: boolean } = {},
): Block[] {
  // With a markup, a tenant's total is more than its share of the invoice: cost and markup are
  // shown apart, so the costs add up to the invoice and the markup is seen to come on top.
  const rows = report.tenants.map((t, i) => {
    const own = ownShareText(t.allocatedBy);
    const parts = `direct ${formatUsd(t.direct)} · shared ${formatUsd(t.shared)} · tax ${formatUsd(t.tax)}`;
    const cost = t.markup
      ? `cost ${formatUsd(t.total - t.markup)} (${parts}) + markup ${t.markupPct}% ${formatUsd(t.markup)}`
      : parts;
    return `${i + 1}. *${escapeMrkdwn(t.tenant)}* ${formatUsd(t.total)}${t.markup ? ' billed' : ''}${changeText(t)}\n      ${cost}${own ? ` · ${own}` : ''}`;
  });
  const markup = report.tenants.reduce((n, t) => n + t.markup, 0);
  const billed = report.tenants.reduce((n, t) => n + t.total, 0);
  const cost = billed - markup;
  const onTop = markup
    ? ` Billed to tenants: *${formatUsd(billed)}* (${formatUsd(cost)} cost + ${formatUsd(markup)} markup).`
    : '';
  const list = listSections(rows, { maxRows: 20 });
  const unallocated = report.unallocated.byReason.map(
    (u) => `• ${REASON_LABEL[u.reason]}: ${formatUsd(u.amount)} (${plural(u.lines, 'line')})`,
  );
  const conflicts = report.conflicts
    .slice(0, 10)
    .map(
      (c) =>
        `• line ${c.line} ${escapeMrkdwn(c.description)} ${formatUsd(c.amount)}: ${c.claimants.map(escapeMrkdwn).join(' and ')}`,
    );
  const grew =
    options.growthAlertPct === undefined
      ? []
      : report.tenants.filter((t) => t.changePct !== null && t.changePct > options.growthAlertPct!);
  const growth = grew.map(
    (t) =>
      `• *${escapeMrkdwn(t.tenant)}* +${t.changePct!.toFixed(1)}%: ${formatUsd(t.previousTotal!)} → ${formatUsd(t.total)}`,
  );
  const lead =
    report.tenants.length && options.totalSaidAbove
      ? `${formatUsd(cost)} to ${plural(report.tenants.length, 'tenant')}, ${formatUsd(report.unallocated.amount)} unallocated.${onTop}`
      : report.tenants.length
        ? `*${formatUsd(report.invoiceTotal)}* ${report.estimate ? 'so far this month' : 'invoiced'}: ${formatUsd(cost)} to ${plural(report.tenants.length, 'tenant')}, ${formatUsd(report.unallocated.amount)} unallocated.${onTop}`
        : `*${formatUsd(report.invoiceTotal)}*; no tenants are defined yet (\`arcadia tenant set NAME --project P\`).`;
  return [
    section(lead),
    ...(report.estimate
      ? [
          context(
            `:hourglass_flowing_sand: Month to date from DigitalOcean's invoice preview (as of ${escapeMrkdwn(report.asOf ?? 'now')}); the closed invoice will differ.`,
          ),
        ]
      : []),
    ...(growth.length
      ? [
          section(
            `:chart_with_upwards_trend: *Grew more than ${options.growthAlertPct}% since ${report.basis.previousPeriod}*\n${growth.join('\n')}`,
          ),
        ]
      : []),
    ...list.blocks,
    ...(list.omitted
      ? [
          context(
            `…and ${plural(list.omitted, 'tenant')} more: \`arcadia billing report ${report.period}\` lists them all.`,
          ),
        ]
      : []),
    divider(),
    section(
      `*Unallocated: ${formatUsd(report.unallocated.amount)}*${unallocated.length ? `\n${unallocated.join('\n')}` : '\nEvery cent is with a tenant.'}`,
    ),
    ...(conflicts.length
      ? [section(`*Claimed by two tenants* (settle with \`arcadia tenant set\`)\n${conflicts.join('\n')}`)]
      : []),
    context(escapeMrkdwn(allocatedByText(report.allocatedBy))),
    context(
      `Shared costs: ${report.basis.policy}${report.basis.previousPeriod ? ` · change vs ${report.basis.previousPeriod}` : ''} · ${report.conserved ? `tenants${markup ? "' cost" : ''} + unallocated = invoice total, to the cent${markup ? '; markup is billed on top' : ''}` : ':warning: totals do not add up'}`,
    ),
  ];
}
