import { z } from 'zod';
import type { DoClient } from '../digitalocean/client.js';
import { fetchAllItems } from './fetch-from-do.js';
import { loadInventoryIndex } from './inventory-index.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { matchLines } from './match-lines.js';
import { parseCents } from './money.js';
import { periodOf } from './period.js';
import { buildReport, type InvoiceReport } from './report.js';
import { runningNotBilled } from './running-not-billed.js';

const previewSchema = z.looseObject({
  invoice_uuid: z.string().optional(),
  invoice_id: z.union([z.string(), z.number()]).optional(),
  amount: z.union([z.string(), z.number()]).optional(),
  invoice_period: z.string().optional(),
  updated_at: z.string().optional(),
});

/** Month to date: the report over DO's invoice preview, with when DO last rebuilt it. */
export type MonthToDateReport = InvoiceReport & { preview: { asOf: string } };

/**
 * DO's invoice preview (`/v2/customers/my/invoices/preview`: month-to-date usage, rebuilt daily),
 * reconciled like a closed invoice: every item paged and counted, matched to the inventory, checked
 * against the preview's amount, and "running but not billed" as of the preview's rebuild (a resource
 * created since cannot be on it yet). Nothing is stored: the month's invoice replaces it on the 1st.
 */
export async function monthToDateReport(
  client: DoClient,
  now: Date = new Date(),
  account: string = DEFAULT_ACCOUNT,
): Promise<MonthToDateReport> {
  const listed = await client.get<{ invoice_preview?: unknown }>('/v2/customers/my/invoices', { per_page: 1 });
  const preview = previewSchema.safeParse(listed.invoice_preview ?? {});
  const p = preview.success ? preview.data : {};
  const parsed = await fetchAllItems(client, 'preview');
  const period = p.invoice_period ?? periodOf(now);
  const asOf = p.updated_at && !Number.isNaN(Date.parse(p.updated_at)) ? new Date(p.updated_at) : now;
  const index = await loadInventoryIndex(account);
  const { lines } = await matchLines(parsed, index);
  const amount = p.amount !== undefined ? parseCents(String(p.amount)) : null;
  const id = `preview:${p.invoice_uuid ?? period}`;
  const report = buildReport(
    [
      {
        id,
        account,
        period,
        number: p.invoice_id !== undefined ? String(p.invoice_id) : null,
        source: 'api',
        format: 'json',
        filename: null,
        ingestedAt: now.toISOString(),
        matchedAt: now.toISOString(),
      },
    ],
    lines.map((l) => ({ ...l, invoiceId: id })),
    { cents: amount, source: amount === null ? 'none' : 'do_summary' },
    runningNotBilled(index, lines, period, asOf),
  );
  // DO's own timestamp, as DO wrote it.
  return { ...report, preview: { asOf: p.updated_at && asOf !== now ? p.updated_at : now.toISOString() } };
}
