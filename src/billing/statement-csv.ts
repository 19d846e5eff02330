import { toCsv } from '../csv.js';
import { formatCents, formatUsd } from '../invoice/money.js';
import { RULE_LABEL } from './allocation-shares.js';
import type { Statement } from './statement-rows.js';

/**
 * The statement as CSV: one row per invoice line, a row per allocation rule saying what share of
 * the cost it carried (text only, so the amount columns still add up to the total), then a total
 * row equal to the report's total.
 */
export function statementCsv(s: Statement): string {
  const money = (c: number) => formatCents(c);
  const rows = s.rows.map((r) => [
    r.line,
    r.product,
    r.description,
    r.resource,
    r.project,
    r.via,
    money(r.direct),
    money(r.shared),
    money(r.tax),
    money(r.markup),
    money(r.total),
  ]);
  for (const r of s.allocatedBy.rules)
    rows.push([
      '',
      `Allocated by ${RULE_LABEL[r.rule]}`,
      `${formatUsd(r.amount)}, ${r.pct.toFixed(1)}% of the cost before markup (${r.lines} line${r.lines === 1 ? '' : 's'})`,
      '',
      '',
      r.rule,
      '',
      '',
      '',
      '',
      '',
    ]);
  const t = s.tenant;
  rows.push([
    '',
    'Total',
    `${s.tenant.tenant} ${s.period}${s.estimate ? ' (estimate, month to date)' : ''}`,
    '',
    '',
    '',
    money(t.direct),
    money(t.shared),
    money(t.tax),
    money(t.markup),
    money(t.total),
  ]);
  // A description starting with "=" stays text in a spreadsheet; a credit stays a number.
  return toCsv(
    [
      'invoice_line',
      'product',
      'description',
      'resource',
      'project',
      'allocated_by',
      'direct_usd',
      'shared_usd',
      'tax_usd',
      'markup_usd',
      'total_usd',
    ],
    rows,
  );
}
