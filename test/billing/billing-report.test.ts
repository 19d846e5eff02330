import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { Resource } from '../../models/resource.js';
import { Tenant } from '../../models/tenant.js';
import {
  allocatePeriod,
  buildBillingReport,
  loadBillingContext,
  type BillingSettings,
} from '../../src/billing/billing-report.js';
import { storedPeriodLines } from '../../src/billing/billing-lines.js';
import { setTenant } from '../../src/billing/tenant-store.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { sampleInventory, seedResources } from '../invoice/seed.js';

useDatabase(isolation());
const settings: BillingSettings = { policy: 'proportional', prefix: 'tenant:' };
const june = readFileSync('test/fixtures/invoices/basic.csv', 'utf8');
/** May's invoice: June's lines a month earlier, without the Default project's (globex had nothing then). */
const may = june
  .split('\n')
  .filter((l) => !l.includes(',Default,'))
  .join('\n')
  .replaceAll('2025-06-', '2025-05-')
  .replaceAll('2025-07-01', '2025-06-01');

beforeAll(async () => {
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({}), Tenant.deleteMany({})]);
  await seedResources(sampleInventory());
  await setTenant({ name: 'acme', projects: ['my-web-api'], markupPct: 10 });
  await setTenant({ name: 'globex', projects: ['Default'] });
  await ingestInvoiceFile({ bytes: Buffer.from(june), filename: 'june.csv', source: 'cli' });
  await ingestInvoiceFile({ bytes: Buffer.from(may), filename: 'may.csv', source: 'cli' });
});

describe('buildBillingReport', () => {
  it("reports each tenant's change from the period before, when that invoice is stored", async () => {
    const lines = (await storedPeriodLines('2025-06'))!;
    const context = await loadBillingContext(settings);
    const previous = allocatePeriod((await storedPeriodLines('2025-05'))!, context, settings);
    const { report, allocation } = await buildBillingReport(lines, settings, context);

    expect(report).toMatchObject({
      period: '2025-06',
      estimate: false,
      asOf: null,
      currency: 'USD',
      invoiceTotal: 17971,
      conserved: true,
    });
    expect(report.basis).toMatchObject({
      policy: 'proportional',
      tenantTagPrefix: 'tenant:',
      previousPeriod: '2025-05',
    });
    expect(report.basis.tenants.map((t) => t.name)).toEqual(['acme', 'globex']);

    const acme = report.tenants.find((t) => t.tenant === 'acme')!;
    const acmeBefore = previous.tenants.find((t) => t.tenant === 'acme')!.total;
    expect(acmeBefore).toBeGreaterThan(0);
    expect(acme.previousTotal).toBe(acmeBefore);
    expect(acme.changePct).toBe(Math.round(((acme.total - acmeBefore) / acmeBefore) * 1000) / 10);
    // The report leaves out the line-by-line shares the allocation holds.
    expect(acme).not.toHaveProperty('shares');
    expect(allocation.tenants.find((t) => t.tenant === 'acme')!.shares.length).toBe(acme.lines);
  });

  it('gives no change for a tenant that had nothing the period before', async () => {
    const { report } = await buildBillingReport((await storedPeriodLines('2025-06'))!, settings);
    const globex = report.tenants.find((t) => t.tenant === 'globex')!;
    expect(globex.total).toBeGreaterThan(0);
    expect(globex).toMatchObject({ previousTotal: 0, changePct: null });
  });

  it('gives no previous totals when the period before is not stored', async () => {
    const { report } = await buildBillingReport((await storedPeriodLines('2025-05'))!, settings);
    expect(report.basis.previousPeriod).toBeNull();
    expect(report.tenants.every((t) => t.previousTotal === null && t.changePct === null)).toBe(true);
  });
});
