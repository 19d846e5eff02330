import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { Resource } from '../../models/resource.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { fetchInvoiceFromDo, invoiceReport } from '../../src/invoice/index.js';
import { totalsCheck } from '../../src/invoice/report.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { sampleInventory, seedResources } from './seed.js';

const iso = isolation();
useDatabase(iso);
const standin = new DoStandin(sampleAccount());
const UUID = '22737513-0ea7-4206-8ceb-98a575af7681';
const client = () => new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1 });

beforeAll(() => standin.start());
afterAll(() => standin.stop());
beforeEach(async () => {
  standin.account = sampleAccount();
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({}), InvoiceLine.deleteMany({})]);
  await seedResources(sampleInventory());
});

describe("totals against DO's invoice summary", () => {
  it('an account with credits reconciles: the items add up to the total before credits and adjustments', async () => {
    standin.account.invoice_summaries[UUID] = JSON.parse(
      readFileSync(new URL('../fixtures/invoices/summary-with-credits.json', import.meta.url), 'utf8'),
    );
    const report = await fetchInvoiceFromDo(client(), '2025-06');
    expect(report.totalsCheck).toMatchObject({
      ok: true,
      expectedCents: 15471,
      actualCents: 17971,
      breakdown: { productCharges: 16337, overages: 0, taxes: 1634, creditsAndAdjustments: -2500 },
    });
    expect(report.totalsCheck.message).toMatch(/credits and adjustments \(-25\.00\) that is its total 154\.71/);
    // Stored with the invoice: the report read back later says the same.
    expect((await invoiceReport('2025-06'))!.totalsCheck.ok).toBe(true);
  });

  it('without credits a difference is still a mismatch, naming the credits it took into account', () => {
    const breakdown = { productCharges: 16337, overages: 0, taxes: 1634, creditsAndAdjustments: -2500 };
    expect(totalsCheck(17971, 15000, 'do_summary', breakdown)).toMatchObject({ ok: false, differenceCents: 2971 });
    expect(totalsCheck(17971, 15000, 'do_summary', breakdown).message).toMatch(/credits and adjustments -25\.00/);
    expect(totalsCheck(17971, 17971, 'do_summary', null)).toMatchObject({ ok: true, differenceCents: 0 });
    expect(totalsCheck(17971, 15471, 'do_summary', null)).toMatchObject({ ok: false });
  });
});
