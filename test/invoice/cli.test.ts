import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { Resource } from '../../models/resource.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { isolation, testEnv, useDatabase } from '../helpers/context.js';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { sampleInventory, seedResources, storedLineCount } from './seed.js';

const iso = isolation();
useDatabase(iso);
const standin = new DoStandin(sampleAccount());
const env = () => testEnv(iso, { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url });
const out = mkdtempSync(join(tmpdir(), 'arcadia-invoice-cli-'));

beforeAll(() => standin.start());
afterAll(async () => {
  await standin.stop();
  rmSync(out, { recursive: true, force: true });
});
beforeEach(async () => {
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({}), InvoiceLine.deleteMany({})]);
  await seedResources(sampleInventory());
  standin.resetCounts();
});

// Each CLI run opens its own connections, as its process would.
describe('arcadia invoice', { timeout: 300_000 }, () => {
  it('ingest --json prints the report in the documented shape', async () => {
    const result = await runCli(['invoice', 'ingest', 'test/fixtures/invoices/basic.csv', '--json'], env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.invoice).toMatchObject({ period: '2025-06' });
    expect(typeof report.invoice.id).toBe('string');
    expect(report).toMatchObject({ lines: 24, outcome: 'stored' });
    expect(typeof report.matched).toBe('number');
    expect(report.matchRate).toBeCloseTo(report.matched / 24, 3);
    expect(report.items).toHaveLength(24);
    expect(Object.keys(report.items[0])).toEqual(
      expect.arrayContaining(['line', 'product', 'description', 'amount', 'kind', 'match', 'reason']),
    );
    expect(report.items[0]).toMatchObject({
      line: 2,
      product: 'Droplets',
      description: 'example.com (s-1vcpu-1gb)',
      amount: 600,
      kind: 'droplet',
      match: { kind: 'droplet', providerId: '3164444' },
      reason: null,
    });
    expect(report.items.at(-1)).toMatchObject({ product: 'Taxes', kind: null, match: null, reason: 'tax' });
  });

  it('refuses a much smaller re-upload of a stored invoice (exit 1, stored lines kept) until --replace', async () => {
    await ingestInvoiceFile({
      bytes: readFileSync('test/fixtures/invoices/basic.csv'),
      filename: 'basic.csv',
      source: 'cli',
    });
    const refused = await runCli(['invoice', 'ingest', 'test/fixtures/invoices/truncated-reexport.csv'], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already stored .* 3 line\(s\) for \$18\.00 where the stored copy has 24/);
    expect(refused.stderr).toContain('--replace');
    expect(await storedLineCount()).toBe(24);
    const forced = await runCli(
      ['invoice', 'ingest', 'test/fixtures/invoices/truncated-reexport.csv', '--replace', '--json'],
      env(),
    );
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ outcome: 'replaced', lines: 3 });
    expect(await storedLineCount()).toBe(3);
  });

  it('invoice report lists who confirmed a replacement, when and from where, kept on the invoice', async () => {
    await ingestInvoiceFile({
      bytes: readFileSync('test/fixtures/invoices/basic.csv'),
      filename: 'basic.csv',
      source: 'cli',
    });
    const forced = await runCli(
      ['invoice', 'ingest', 'test/fixtures/invoices/truncated-reexport.csv', '--replace'],
      env(),
    );
    expect(forced.code).toBe(0);
    const stored = (await Invoice.findOne({ period: '2025-06' }).lean())!;
    expect(stored.replacements!.map((r) => [r.by, r.via])).toEqual([['cli', 'cli']]);
    const at = stored.replacements![0]!.at.toISOString();
    const shown = await runCli(['invoice', 'report', '2025-06'], env());
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(
      new RegExp(
        `Replaced by a person:\\nINVOICE +WHO +WHEN +FROM\\n.+ \\(command line\\) +${at.replace(/\./g, '\\.')} +command line\\n`,
      ),
    );
    const json = JSON.parse((await runCli(['invoice', 'report', '2025-06', '--json'], env())).stdout);
    expect(json.invoices[0].replacements).toEqual([{ by: 'cli', at, via: 'cli' }]);
  });

  it('exits non-zero on a malformed file, naming the line and the problem, and stores nothing', async () => {
    const result = await runCli(['invoice', 'ingest', 'test/fixtures/invoices/non-numeric.csv'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/non-numeric\.csv: line 4: amount "six dollars" is not a number/);
    expect(await Invoice.countDocuments()).toBe(0);
    expect(await storedLineCount()).toBe(0);
  });

  it('fetch pulls the period from DO (items paged 200 at a time) and checks it against the summary', async () => {
    const result = await runCli(['invoice', 'fetch', '2025-06', '--json'], env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.invoice).toMatchObject({
      id: '22737513-0ea7-4206-8ceb-98a575af7681',
      number: '418071234',
      period: '2025-06',
      source: 'api',
      format: 'json',
    });
    expect(report.lines).toBe(24);
    expect(report.totalsCheck).toMatchObject({
      ok: true,
      source: 'do_summary',
      expectedCents: 17971,
      actualCents: 17971,
    });
    expect(report.items[0].match).toMatchObject({ kind: 'droplet', providerId: '3164444', via: 'resource_id' });
    expect(standin.requestCount('/v2/customers/my/invoices/22737513-0ea7-4206-8ceb-98a575af7681/summary')).toBe(1);

    // Fetched again: the same DO invoice, stored once.
    const again = JSON.parse((await runCli(['invoice', 'fetch', '2025-06', '--json'], env())).stdout);
    expect(again.outcome).toBe('unchanged');
    expect(await Invoice.countDocuments()).toBe(1);
    expect(await storedLineCount()).toBe(24);
  });

  it("fetch current reconciles the month to date from DO's invoice preview and stores nothing", async () => {
    const result = await runCli(['invoice', 'fetch', 'current', '--json'], env());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      invoice: { period: '2025-07' },
      lines: 12,
      totalCents: 3106,
      totalsCheck: { ok: true },
      preview: { asOf: '2025-07-05T06:31:50Z' },
    });
    expect(standin.requestCount('/v2/customers/my/invoices/preview')).toBe(1);
    expect(await Invoice.countDocuments()).toBe(0);
  });

  it('fetch reports a summary that disagrees with the lines, and a period DO has no invoice for', async () => {
    standin.account.invoice_summaries['22737513-0ea7-4206-8ceb-98a575af7681'] = {
      ...standin.account.invoice_summaries['22737513-0ea7-4206-8ceb-98a575af7681'],
      amount: '180.00',
    };
    const text = await runCli(['invoice', 'fetch', '2025-06'], env());
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/TOTALS MISMATCH: lines add up to 179\.71 but DO's invoice summary says 180\.00/);
    standin.account = sampleAccount();

    const missing = await runCli(['invoice', 'fetch', '2019-01'], env());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/lists no invoice for 2019-01/);
  });

  it('report, rematch and export work on the stored invoice', async () => {
    await ingestInvoiceFile({
      bytes: readFileSync('test/fixtures/invoices/items.json'),
      filename: 'items.json',
      source: 'cli',
    });
    const report = await runCli(['invoice', 'report', '2025-06'], env());
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/Invoice 2025-06/);
    expect(report.stdout).toMatch(/Unmatched lines:/);
    // Reasons in words, not codes.
    expect(report.stdout).toMatch(/no such resource synced/);
    expect(report.stdout).not.toMatch(/resource_never_seen/);
    expect(report.stdout).toMatch(/Running but not billed/);

    const rematch = JSON.parse((await runCli(['invoice', 'rematch', '2025-06', '--json'], env())).stdout);
    expect(rematch.lines).toBe(24);

    const file = join(out, 'focus.csv');
    const exported = await runCli(['invoice', 'export', '2025-06', '--format', 'focus', '--out', file], env());
    expect(exported.code).toBe(0);
    const rows = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(24);
    expect(rows[0]).toMatchObject({ BilledCost: '6.00', ResourceId: '3164444', ServiceName: 'Droplets' });

    const none = await runCli(['invoice', 'report', '2024-02'], env());
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No invoice is stored for 2024-02/);
    const badFormat = await runCli(['invoice', 'export', '2025-06', '--format', 'xlsx'], env());
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr).toMatch(/unknown export format "xlsx"/);
  });
});
