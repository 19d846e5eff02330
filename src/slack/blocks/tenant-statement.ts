import type { CommandFile } from '../../outbox/message.js';
import { fallbackText, type SlackMessage } from './message.js';
import { context, fields, header, section } from './limits.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';
import { formatUsd } from '../../invoice/money.js';
import type { Statement } from '../../billing/statement-rows.js';
import { changeText } from './tenant-billing.js';
import { describeOwnAndSpread } from '../../billing/allocation-shares.js';

const TOP = 10;

function breakdown(title: string, rows: Map<string, number>): string {
  const sorted = [...rows].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, TOP).map(([label, cents]) => `${escapeMrkdwn(label)}: ${formatUsd(cents)}`);
  if (sorted.length > TOP) shown.push(`_…${sorted.length - TOP} more_`);
  return `*${title}*\n${shown.join('\n') || '_none_'}`;
}

/**
 * `/cloud tenant NAME [period]`: one tenant's total, then its cost by kind and by project; the
 * statement goes to the asker alone as a CSV file, built for `period` as asked (`current` too).
 */
export function tenantStatementMessage(
  s: Statement,
  change: { changePct: number | null; previousTotal: number | null },
  period: string,
): SlackMessage & { file: CommandFile } {
  const t = s.tenant;
  const byKind = new Map<string, number>();
  const byProject = new Map<string, number>();
  for (const r of s.rows) {
    const cents = r.direct + r.shared + r.markup;
    if (r.via === 'tax') continue;
    const kind = r.via === 'shared' ? 'shared costs' : r.kind || 'other';
    byKind.set(kind, (byKind.get(kind) ?? 0) + cents);
    const project = r.via === 'shared' ? '(shared)' : r.project || '(no project)';
    byProject.set(project, (byProject.get(project) ?? 0) + cents);
  }
  const title = `Tenant ${t.tenant}, ${s.period}${s.estimate ? ' (estimate)' : ''}`;
  return {
    text: fallbackText(`${title}: ${formatUsd(t.total)}`),
    blocks: [
      header(title),
      section(
        `*${formatUsd(t.total)}*${changeText(change)}  ·  direct ${formatUsd(t.direct)} · shared ${formatUsd(t.shared)} · tax ${formatUsd(t.tax)}${t.markup ? ` · markup ${formatUsd(t.markup)} (${t.markupPct}%)` : ''}`,
      ),
      context(`${escapeMrkdwn(describeOwnAndSpread(s.allocatedBy))}.`),
      fields([breakdown('By kind', byKind), breakdown('By project', byProject)]),
      context(
        `${plural(s.rows.length, 'invoice line')}; the statement is sent to you as a CSV by direct message. The breakdown includes markup, not the ${formatUsd(t.tax)} tax.`,
      ),
    ],
    file: { of: 'statement', tenant: t.tenant, period },
  };
}
