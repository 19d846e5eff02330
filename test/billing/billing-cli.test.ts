import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { Invoice } from '../../models/invoice.js';
import { Resource } from '../../models/resource.js';
import { Tenant } from '../../models/tenant.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { isolation, testEnv, useDatabase } from '../helpers/context.js';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { sampleInventory, seedResources } from '../invoice/seed.js';

const iso = isolation();
useDatabase(iso);
const standin = new DoStandin(sampleAccount());
const env = (extra: Record<string, string> = {}) =>
  testEnv(iso, { DIGITALOCEAN_TOKEN: standin.token, DIGITALOCEAN_API_URL: standin.url, ...extra });
const out = mkdtempSync(join(tmpdir(), 'arcadia-billing-cli-'));

beforeAll(async () => {
  await standin.start();
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({}), Tenant.deleteMany({})]);
  // The sample inventory, with the stage droplet tagged for globex and the example.com snapshot taken from droplet 3164444.
  await seedResources(
    sampleInventory().map((r) => {
      if (r.providerId === '3164412') return { ...r, tags: ['tenant:globex'] };
      if (r.providerId === '67512819') return { ...r, attrs: { ...r.attrs, resource_id: '3164444' } };
      return r;
    }),
  );
  await ingestInvoiceFile({
    bytes: readFileSync('test/fixtures/invoices/basic.csv'),
    filename: 'basic.csv',
    source: 'cli',
  });
});
afterAll(async () => {
  await standin.stop();
  rmSync(out, { recursive: true, force: true });
});

const json = async (args: string[], extra?: Record<string, string>) => {
  const r = await runCli(args, env(extra));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

// Each CLI run opens its own connections, as its process would.
describe('arcadia tenant and billing', { timeout: 300_000 }, () => {
  it('tenant set/list/remove keep the documented shape; unknown projects and tags are accepted with a warning', async () => {
    const set = await runCli(['tenant', 'set', 'acme', '--project', 'my-web-api', '--markup', '10', '--json'], env());
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ name: 'acme', projects: ['my-web-api'], tags: [], markupPct: 10 });
    const warned = await runCli(['tenant', 'set', 'globex', '--tag', 'team-globex', '--project', 'nowhere'], env());
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('warning: no synced project is named or has the id "nowhere"');
    expect(warned.stderr).toContain('warning: no synced resource carries the tag "team-globex"');
    const bad = await runCli(['tenant', 'set', 'Bad Name!'], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^arcadia: Tenant not saved: name must be lower-case letters/);
    await runCli(['tenant', 'set', 'temp'], env());
    expect((await runCli(['tenant', 'remove', 'temp'], env())).code).toBe(0);
    expect(await json(['tenant', 'list', '--json'])).toEqual([
      { name: 'acme', projects: ['my-web-api'], tags: [], markupPct: 10 },
      { name: 'globex', projects: ['nowhere'], tags: ['team-globex'], markupPct: 0 },
    ]);
    const missing = await runCli(['tenant', 'remove', 'temp'], env());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No tenant named "temp"');
  });

  it('tenant set on a stored tenant changes only the options given and prints it before and after', async () => {
    await runCli(
      ['tenant', 'set', 'initech', '--project', 'my-web-api', '--tag', 'team-web', '--markup', '12.5'],
      env(),
    );
    const changed = await runCli(['tenant', 'set', 'initech', '--project', 'Default'], env());
    expect(changed.code).toBe(0);
    expect(changed.stdout).toBe(
      [
        'Changed tenant initech:',
        '  before: projects my-web-api · tags team-web · markup 12.5%',
        '  after:  projects Default · tags team-web · markup 12.5%',
        '',
      ].join('\n'),
    );
    const [initech] = (await json(['tenant', 'list', '--json'])).filter((t: { name: string }) => t.name === 'initech');
    expect(initech).toEqual({ name: 'initech', projects: ['Default'], tags: ['team-web'], markupPct: 12.5 });
    expect((await runCli(['tenant', 'remove', 'initech'], env())).code).toBe(0);
  });

  it('billing report --json allocates the stored invoice: conserved, with tenants, unallocated and the basis', async () => {
    const r = await json(['billing', 'report', '2025-06', '--json']);
    expect(r).toMatchObject({ period: '2025-06', invoiceTotal: 17971, conserved: true, estimate: false });
    expect(Object.keys(r.tenants[0])).toEqual(
      expect.arrayContaining(['tenant', 'direct', 'shared', 'tax', 'markup', 'total', 'lines']),
    );
    const sum = r.tenants.reduce(
      (s: number, t: { direct: number; shared: number; tax: number }) => s + t.direct + t.shared + t.tax,
      0,
    );
    expect(sum + r.unallocated.amount).toBe(17971);
    const globex = r.tenants.find((t: { tenant: string }) => t.tenant === 'globex');
    // stage.example.com ($6.00) by its tenant:globex tag.
    expect(globex.direct).toBe(600);
    const acme = r.tenants.find((t: { tenant: string }) => t.tenant === 'acme');
    expect(acme.markup).toBe(Math.round((acme.direct + acme.shared) / 10));
    expect(r.basis).toMatchObject({ policy: 'proportional', tenantTagPrefix: 'tenant:' });
    expect(r.basis.tenants.map((t: { name: string }) => t.name)).toEqual(['acme', 'globex']);

    const none = await json(['billing', 'report', '2025-06', '--json'], { ARCADIA_SHARED_COST_POLICY: 'none' });
    expect(none.tenants.every((t: { shared: number }) => t.shared === 0)).toBe(true);
    expect(none.unallocated.byReason.map((u: { reason: string }) => u.reason)).toContain('shared_policy_none');
    expect(none.conserved).toBe(true);

    const text = await runCli(['billing', 'report', '2025-06'], env());
    expect(text.stdout).toContain('Tenant billing 2025-06: invoice total $179.71');
    expect(text.stdout).toContain('Policy: shared costs proportional');
  });

  it('billing report current allocates DO’s invoice preview as an estimate', async () => {
    standin.resetCounts();
    const r = await json(['billing', 'report', 'current', '--json']);
    expect(r).toMatchObject({
      period: '2025-07',
      estimate: true,
      asOf: '2025-07-05T06:31:50Z',
      invoiceTotal: 3106,
      conserved: true,
    });
    expect(standin.requestCount('/v2/customers/my/invoices/preview')).toBe(1);
    // The previous period is the stored June invoice: each tenant's change is stated.
    expect(r.basis.previousPeriod).toBe('2025-06');
    expect(r.tenants.find((t: { tenant: string }) => t.tenant === 'globex').previousTotal).toBeGreaterThan(0);
    const text = await runCli(['billing', 'report', 'current'], env());
    expect(text.stdout).toContain('ESTIMATE: month to date');
  });

  it('statements in CSV, FOCUS and PDF carry the report’s total', async () => {
    const report = await json(['billing', 'report', '2025-06', '--json']);
    const acme = report.tenants.find((t: { tenant: string }) => t.tenant === 'acme');
    const usd = `$${(acme.total / 100).toFixed(2)}`;

    const csvFile = join(out, 'acme.csv');
    expect(
      (await runCli(['billing', 'statement', 'acme', '2025-06', '--format', 'csv', '--out', csvFile], env())).code,
    ).toBe(0);
    const rows = parse(readFileSync(csvFile), { columns: true }) as Record<string, string>[];
    const total = rows.at(-1)!;
    expect(total.product).toBe('Total');
    expect(Math.round(Number(total.total_usd) * 100)).toBe(acme.total);
    const lineSum = rows.slice(0, -1).reduce((s, r) => s + Math.round(Number(r.total_usd) * 100), 0);
    expect(lineSum).toBe(acme.total);
    // The example.com snapshot has no project: it reaches acme through the droplet it was taken from.
    expect(rows.find((r) => r.description!.startsWith('example.com-1595954862243'))?.allocated_by).toBe('inherited');
    // Before the total, what each allocation rule carried of acme's cost, as text: the amount columns still add up.
    const byRule = rows.filter((r) => r.product!.startsWith('Allocated by '));
    expect(byRule.map((r) => r.allocated_by)).toEqual(acme.allocatedBy.rules.map((r: { rule: string }) => r.rule));
    expect(byRule.find((r) => r.allocated_by === 'inherited')?.description).toMatch(
      /^\$[\d.]+, \d+\.\d% of the cost before markup/,
    );

    const focusFile = join(out, 'acme.focus.csv');
    expect(
      (await runCli(['billing', 'statement', 'acme', '2025-06', '--format', 'focus', '--out', focusFile], env())).code,
    ).toBe(0);
    const focus = parse(readFileSync(focusFile), { columns: true }) as Record<string, string>[];
    expect(new Set(focus.map((r) => r.SubAccountId))).toEqual(new Set(['acme']));
    expect(focus.reduce((s, r) => s + Math.round(Number(r.BilledCost) * 100), 0)).toBe(acme.total);

    const pdfFile = join(out, 'acme.pdf');
    expect(
      (await runCli(['billing', 'statement', 'acme', '2025-06', '--format', 'pdf', '--out', pdfFile], env())).code,
    ).toBe(0);
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-']).toString();
    expect(text).toContain('Statement for acme');
    expect(text).toContain(`Amount due: ${usd}`);
    expect(text).toMatch(new RegExp(`Total\\s+\\${usd}`));
    // The summary on the first page, then every line with its amount: on a second page for this invoice's lines.
    const pages = Number(/Pages:\s+(\d+)\n/.exec(execFileSync('pdfinfo', [pdfFile]).toString())![1]);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toMatch(/Own resources \$[\d.]+ \([\d.]+%: .*inherited/);
    for (const row of rows.filter((r) => r.invoice_line))
      expect(text).toMatch(new RegExp(`^\\s*${row.invoice_line}\\s+${row.product}.*\\$${row.total_usd}$`, 'm'));
    expect(text).toMatch(new RegExp(`Lines total\\s+\\${usd}`));

    const bad = await runCli(['billing', 'statement', 'acme', '2025-06', '--format', 'xlsx', '--out', pdfFile], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('arcadia: unknown statement format "xlsx"; use csv, focus, pdf\n');
  });

  it('a PDF statement names the issuer (settings) and the tenant (tenant set) with addresses and tax ids, a number and a date', async () => {
    const set = await runCli(
      [
        'tenant',
        'set',
        'acme',
        '--project',
        'my-web-api',
        '--markup',
        '10',
        '--legal-name',
        'Acme Corporation',
        '--address',
        '9 Rue de la Paix',
        '--address',
        '75002 Paris',
        '--tax-id',
        'FR 40 303 265 045',
        '--json',
      ],
      env(),
    );
    expect(set.stderr).toBe('');
    const acme = {
      name: 'acme',
      projects: ['my-web-api'],
      tags: [],
      markupPct: 10,
      legalName: 'Acme Corporation',
      address: ['9 Rue de la Paix', '75002 Paris'],
      taxId: 'FR 40 303 265 045',
    };
    expect(JSON.parse(set.stdout)).toEqual(acme);
    expect((await json(['tenant', 'list', '--json']))[0]).toEqual(acme);

    const pdfFile = join(out, 'acme-addressed.pdf');
    const issuer = {
      ARCADIA_STATEMENT_ISSUER_NAME: 'Example Pty Ltd',
      ARCADIA_STATEMENT_ISSUER_ADDRESS: '1 Harbour St; Sydney NSW 2000',
      ARCADIA_STATEMENT_ISSUER_TAX_ID: 'ABN 12 345 678 901',
    };
    const made = await runCli(
      ['billing', 'statement', 'acme', '2025-06', '--format', 'pdf', '--out', pdfFile],
      env(issuer),
    );
    expect(made.code).toBe(0);
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'])
      .toString()
      .split('\n')
      .map((l) => l.trim());
    for (const expected of [
      'Example Pty Ltd',
      '1 Harbour St',
      'Sydney NSW 2000',
      'Tax ID ABN 12 345 678 901',
      'Statement for Acme Corporation',
      `Statement ST-202506-ACME · Date ${new Date().toISOString().slice(0, 10)}`,
      'Bill to',
      '9 Rue de la Paix',
      '75002 Paris',
      'Tax ID FR 40 303 265 045',
    ])
      expect(text).toContain(expected);

    // Changing another field keeps them: `tenant set` changes only the fields given.
    await runCli(['tenant', 'set', 'acme', '--markup', '12'], env());
    expect((await json(['tenant', 'list', '--json']))[0]).toEqual({
      name: 'acme',
      projects: ['my-web-api'],
      tags: [],
      markupPct: 12,
      legalName: 'Acme Corporation',
      address: ['9 Rue de la Paix', '75002 Paris'],
      taxId: 'FR 40 303 265 045',
    });
  });

  it('a period with no invoice, or not a period, gets one sentence saying what to do', async () => {
    const none = await runCli(['billing', 'report', '2024-01'], env());
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      'arcadia: No invoice is stored for 2024-01; ingest it first (`arcadia invoice fetch 2024-01` or upload its CSV)\n',
    );
    const bad = await runCli(['billing', 'report', 'June'], env());
    expect(bad.stderr).toBe('arcadia: "June" is not a period; write YYYY-MM (e.g. 2025-06) or "current"\n');
  });

  it('a tenant change, then a rematch, between two report runs gives the new numbers (issue 13: nothing cached)', async () => {
    type Row = { tenant: string; direct: number; total: number };
    const of = (r: { tenants: Row[] }, name: string) => r.tenants.find((t) => t.tenant === name)!;
    const before = await json(['billing', 'report', '2025-06', '--json']);

    // globex takes on the Default project: its volumes' lines, and the unmatched scratch volume by its project_name.
    expect(
      (await runCli(['tenant', 'set', 'globex', '--project', 'Default', '--tag', 'team-globex'], env())).code,
    ).toBe(0);
    const changed = await json(['billing', 'report', '2025-06', '--json']);
    expect(changed.basis.tenants.find((t: { name: string }) => t.name === 'globex').projects).toEqual(['Default']);
    // stage-data $1.00 and example $1.00 (volumes in Default), scratch $0.71 (unmatched, project_name Default).
    expect(of(changed, 'globex').direct - of(before, 'globex').direct).toBe(100 + 100 + 71);
    expect(of(changed, 'acme').direct).toBe(of(before, 'acme').direct);
    expect(changed.conserved).toBe(true);

    // The scratch volume turns up in the inventory, tagged for acme; a rematch matches its line and the next report moves it.
    await seedResources([
      {
        kind: 'volume',
        providerId: 'd1a2b3c4-scratch',
        name: 'scratch',
        region: 'nyc1',
        tags: ['tenant:acme'],
        stale: true,
        firstSeenAt: new Date('2025-01-01T00:00:00Z'),
      },
    ]);
    expect((await runCli(['invoice', 'rematch', '2025-06'], env())).code).toBe(0);
    const rematched = await json(['billing', 'report', '2025-06', '--json']);
    expect(of(rematched, 'acme').direct - of(changed, 'acme').direct).toBe(71);
    expect(of(changed, 'globex').direct - of(rematched, 'globex').direct).toBe(71);
    expect(rematched.invoiceTotal).toBe(17971);
    expect(rematched.conserved).toBe(true);
  });
});
