import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { requireDoAccounts, type Config } from '../config.js';
import { checkAccount, doAccounts, invoiceAccount } from '../digitalocean/accounts.js';
import { UsageError } from '../errors.js';
import { parsePeriod } from '../arguments.js';
import { plural } from '../plural.js';
import {
  fetchInvoiceFromDo,
  focusCsv,
  formatUsd,
  ingestInvoiceFile,
  invoiceLabel,
  invoiceReport,
  InvoiceNotFoundError,
  isExpectedUnmatched,
  REASON_WORDS,
  monthToDateReport,
  rematchInvoice,
  unmatchedCause,
  unmatchedOutlook,
  type InvoiceReport,
  type UnmatchedGroup,
} from '../invoice/index.js';
import { renderTable } from './render-table.js';
import { actorCells } from './audit-rows.js';
import { actorNow, CLI_USER } from '../../models/audit.js';
import { withDatabase, withRuntime } from './with-runtime.js';

function checkPeriod(text: string): string {
  return parsePeriod(
    text,
    `"${text}" is not a period; write it as YYYY-MM, e.g. 2025-06 (\`invoice fetch current\` reconciles the month to date)`,
  );
}

/** `--replace` is the command line confirming the replacement: kept on the invoice it replaces. */
const cliReplace = (replace: boolean | undefined) => (replace ? actorNow(CLI_USER, 'button') : undefined);

const WHERE_CSV = "DigitalOcean's invoice CSV is under Billing → Billing history → the invoice → Download CSV";

/** The invoice file's bytes, or one line saying what is wrong with the path. */
async function readInvoiceArgument(file: string): Promise<Buffer> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new UsageError(`no such file: ${file}; give the path of the invoice CSV (${WHERE_CSV})`);
  if (info.isDirectory())
    throw new UsageError(`${file} is a directory; give the invoice CSV file itself (${WHERE_CSV})`);
  return readFile(file);
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const SOURCE_WORDS = { api: "DO's billing API", cli: 'the command line', upload: 'a Slack upload' } as const;

function reasonList(group: UnmatchedGroup): string {
  return group.causes.map((c) => `${c.words} (${plural(c.lines, 'line')})`).join(', ');
}

/** The report for people: what matched, what is unmatched as expected, what needs attention, then the details. */
export function renderReport(report: InvoiceReport): string {
  const out: string[] = [];
  const { invoice } = report;
  // A period may hold several invoices (DO invoices part-way through a month): each is named.
  for (const i of report.invoices)
    out.push(`Invoice ${i.period}: ${invoiceLabel(i)} (${i.format} from ${SOURCE_WORDS[i.source]})`);
  if ('preview' in report)
    out.push(
      `Month to date, an estimate: DO's invoice preview as of ${(report as { preview: { asOf: string } }).preview.asOf}; nothing stored.`,
    );
  if (report.outcome === 'unchanged')
    out.push('Already stored: the same invoice was ingested before; nothing changed.');
  if (report.outcome === 'replaced') out.push("Replaced the period's earlier lines.");
  const replaced = report.invoices.flatMap((i) =>
    (i.replacements ?? []).map((r) => [invoiceLabel(i), ...actorCells(r)]),
  );
  if (replaced.length) out.push('Replaced by a person:', renderTable(['INVOICE', 'WHO', 'WHEN', 'FROM'], replaced), '');
  const gone = report.matchedStale ? `, ${report.matchedStale} of them to resources gone since` : '';
  out.push(`${plural(report.lines, 'line')}, ${formatUsd(report.totalCents)}.`);
  out.push(
    `Matched: ${plural(report.matched, 'line')}, ${formatUsd(report.matchedCents)} (${percent(report.matchRateByAmount)} of the amount)${gone}.`,
  );
  const unmatched = report.items
    .filter((i) => i.reason !== null)
    .map((i) => ({ ...i, reason: i.reason!, cause: unmatchedCause({ ...i, reason: i.reason! }) }));
  const { expected, attention } = unmatchedOutlook(unmatched);
  if (expected.lines)
    out.push(
      `Unmatched as expected: ${plural(expected.lines, 'line')}, ${formatUsd(expected.cents)}: ${reasonList(expected)}.`,
    );
  out.push(
    attention.lines
      ? `Needs attention: ${plural(attention.lines, 'line')}, ${formatUsd(attention.cents)}: ${reasonList(attention)}; ` +
          `after \`arcadia sync all --wait\`, \`arcadia invoice rematch ${invoice.period}\` tries ${attention.lines === 1 ? 'it' : 'them'} again.`
      : 'Needs attention: nothing.',
  );
  const check = report.totalsCheck;
  out.push(check.ok === false ? `TOTALS MISMATCH: ${check.message}` : `Totals: ${check.message}.`);
  out.push(
    '',
    renderTable(
      ['KIND', 'LINES', 'AMOUNT'],
      report.totalsByKind.map((t) => [t.kind, t.lines, formatUsd(t.cents)]),
    ),
  );
  out.push(
    '',
    renderTable(
      ['PROJECT', 'LINES', 'AMOUNT'],
      report.totalsByProject.map((t) => [t.project, t.lines, formatUsd(t.cents)]),
    ),
  );
  // Those needing attention first: they are why anyone reads this far.
  unmatched.sort(
    (a, b) => Number(isExpectedUnmatched(a.cause)) - Number(isExpectedUnmatched(b.cause)) || a.line - b.line,
  );
  if (unmatched.length) {
    out.push(
      '',
      report.omittedItems
        ? `Unmatched lines among the first ${report.items.length} (\`arcadia invoice report ${report.invoice.period}\` lists all):`
        : 'Unmatched lines:',
    );
    out.push(
      renderTable(
        ['LINE', 'PRODUCT', 'DESCRIPTION', 'AMOUNT', 'REASON', 'DETAIL'],
        unmatched.map((i) => [
          i.line,
          i.product,
          i.description,
          formatUsd(i.amount),
          REASON_WORDS[i.cause],
          i.detail ?? (i.candidates.length ? i.candidates.map((c) => c.providerId).join(' ') : ''),
        ]),
      ),
    );
  }
  const nb = report.runningNotBilled;
  if (nb.count) {
    out.push(
      '',
      `Running but not billed: ${plural(nb.count, 'resource')}, ${nb.usuallyFreeCount} of them usually free; the others may mean the invoice is incomplete.`,
    );
    out.push(
      renderTable(
        ['KIND', 'ID', 'NAME', 'NOTE'],
        nb.items.map((r) => [r.kind, r.providerId, r.name, r.usuallyFree ?? (r.stale ? 'gone now' : '')]),
      ),
    );
    if (nb.truncated) out.push(`(first ${nb.items.length} shown)`);
  }
  return out.join('\n');
}

function print(report: InvoiceReport, json: boolean | undefined): number {
  console.log(json ? JSON.stringify(report) : renderReport(report));
  return 0;
}

/** Several teams' reports: each in turn for people, one JSON array for scripts. */
function printEach(reports: InvoiceReport[], json: boolean | undefined): number {
  if (reports.length === 1) return print(reports[0]!, json);
  console.log(
    json ? JSON.stringify(reports) : reports.map((r) => `${r.invoice.account}:\n${renderReport(r)}`).join('\n\n'),
  );
  return 0;
}

/** What the invoice commands do, loaded when one runs (src/cli/invoice-commands.ts defines them). */
export function invoiceActions(config: () => Config) {
  return {
    ingest: async (file: string, opts: { period?: string; replace?: boolean; json?: boolean; account?: string }) => {
      const cfg = config();
      const account = invoiceAccount(
        doAccounts(cfg).map((a) => a.name),
        opts.account,
        'say which this invoice bills with --account',
      );
      const bytes = await readInvoiceArgument(file);
      return withRuntime(cfg, async () =>
        print(
          await ingestInvoiceFile({
            bytes,
            filename: basename(file),
            source: 'cli',
            period: opts.period && checkPeriod(opts.period),
            replace: cliReplace(opts.replace),
            replaceGuardRatio: cfg.ARCADIA_INVOICE_REPLACE_GUARD_RATIO,
            account,
            lease: { ttlMs: cfg.ARCADIA_JOB_LOCK_MS },
          }),
          opts.json,
        ),
      );
    },
    fetch: async (period: string | undefined, opts: { replace?: boolean; json?: boolean; account?: string }) => {
      const cfg = requireDoAccounts(config());
      const asked = period === 'current' ? undefined : period && checkPeriod(period);
      return withRuntime(cfg, async (rt) => {
        const accounts = rt.accounts!;
        const names = accounts.asked(opts.account);
        const reports: InvoiceReport[] = [];
        for (const account of names) {
          const client = accounts.client(account);
          reports.push(
            period === 'current'
              ? await monthToDateReport(client, new Date(), account)
              : await fetchInvoiceFromDo(client, asked, {
                  replace: cliReplace(opts.replace),
                  replaceGuardRatio: cfg.ARCADIA_INVOICE_REPLACE_GUARD_RATIO,
                  account,
                  lease: { ttlMs: cfg.ARCADIA_JOB_LOCK_MS },
                }),
          );
        }
        return printEach(reports, opts.json);
      });
    },
    rematch: async (period: string, opts: { json?: boolean }) =>
      withDatabase(config(), async () => print(await rematchInvoice(checkPeriod(period)), opts.json)),
    report: async (period: string, opts: { json?: boolean; account?: string }) =>
      withDatabase(config(), async () => {
        const account =
          opts.account === undefined
            ? undefined
            : checkAccount(
                doAccounts(config()).map((a) => a.name),
                opts.account,
              );
        const report = await invoiceReport(checkPeriod(period), account);
        if (!report) throw new InvoiceNotFoundError(period);
        return print(report, opts.json);
      }),
    export: async (period: string, opts: { format: string; out?: string }) => {
      if (opts.format !== 'focus')
        throw new UsageError(`unknown export format "${opts.format}"; the one supported is "focus"`);
      return withDatabase(config(), async () => {
        const report = await invoiceReport(checkPeriod(period));
        if (!report) throw new InvoiceNotFoundError(period);
        const csv = focusCsv(report);
        if (opts.out === '-') {
          process.stdout.write(csv);
          return 0;
        }
        const out = resolve(opts.out ?? `focus-${period}.csv`);
        await writeFile(out, csv);
        console.log(`wrote ${plural(report.lines, 'invoice line')} for ${period} as FOCUS CSV to ${out}`);
        return 0;
      });
    },
  };
}
