import { toCsv } from '../csv.js';
import { formatCents } from '../invoice/money.js';
import type { Statement } from './statement-rows.js';

/** The statement as CSV: one row per invoice line, then a total row equal to the report's total. */
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
