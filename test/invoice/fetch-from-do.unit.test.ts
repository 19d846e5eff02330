import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoInvoiceNotFoundError, InvoiceFormatError } from '../../src/invoice/errors.js';
import { fetchAllItems, fetchDoInvoices, summaryBreakdown } from '../../src/invoice/fetch-from-do.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';

const JUNE = '22737513-0ea7-4206-8ceb-98a575af7681';
const standin = new DoStandin(sampleAccount());
const client = () => new DoClient({ token: standin.token, baseUrl: standin.url, maxRetries: 0, retryBaseMs: 1 });
const item = (name: string, amount: string) => ({
  product: 'Droplets',
  description: `${name} (s-1vcpu-1gb)`,
  amount,
  start_time: '2025-06-15T00:00:00Z',
  end_time: '2025-07-01T00:00:00Z',
});

/** Lists a second, $3.00 June invoice ahead of the usual one, as DO does when it invoices part-way through a month. */
function listMidMonthInvoice(uuid: string, number: string): void {
  standin.account.invoices.unshift({
    invoice_uuid: uuid,
    invoice_id: number,
    amount: '3.00',
    invoice_period: '2025-06',
  });
  standin.account.invoice_items[uuid] = [item('early', '3.00')];
}

beforeAll(() => standin.start());
afterAll(() => standin.stop());
beforeEach(() => {
  standin.account = sampleAccount();
  standin.clearFaults();
});

describe('summaryBreakdown', () => {
  it("reads DO's summary parts in cents, a part left out counting as zero", () => {
    expect(
      summaryBreakdown({
        amount: '154.71',
        product_charges: { amount: '163.37' },
        taxes: { amount: '16.34' },
        credits_and_adjustments: { amount: '-25.00' },
      }),
    ).toEqual({
      productCharges: 16337,
      overages: 0,
      taxes: 1634,
      creditsAndAdjustments: -2500,
    });
  });

  it('gives no breakdown without product charges, or with a part that is not a number', () => {
    expect(summaryBreakdown({ amount: '10.00', taxes: { amount: '1.00' } })).toBeNull();
    expect(
      summaryBreakdown({ amount: '10.00', product_charges: { amount: '9.00' }, taxes: { amount: 'n/a' } }),
    ).toBeNull();
  });
});

describe('fetchDoInvoices', () => {
  it("fetches the period's invoice: every item, its number and uuid, and the summary's total and parts", async () => {
    const [june, ...more] = await fetchDoInvoices(client(), '2025-06');
    expect(more).toEqual([]);
    expect(june!.parsed).toMatchObject({
      format: 'json',
      period: '2025-06',
      invoiceUuid: JUNE,
      invoiceNumber: '418071234',
      statedTotalCents: null,
    });
    expect(june!.parsed.lines.reduce((n, l) => n + l.amountCents, 0)).toBe(17971);
    expect(june!.expectedCents).toBe(17971);
    expect(june!.breakdown).toMatchObject({ productCharges: 16337, taxes: 1634 });
  });

  it('fetches every invoice DO lists for the period (DO may invoice part-way through a month)', async () => {
    listMidMonthInvoice('mid-month', '418079999');
    standin.account.invoice_summaries['mid-month'] = { invoice_uuid: 'mid-month' };
    const fetched = await fetchDoInvoices(client(), '2025-06');
    expect(fetched.map((f) => f.parsed.invoiceNumber)).toEqual(['418079999', '418071234']);
    // Without a usable summary, the amount DO lists the invoice with is the total to check.
    expect(fetched[0]).toMatchObject({ expectedCents: 300, breakdown: null });
  });

  it('checks against the listed amount when DO has no summary for the invoice (404)', async () => {
    listMidMonthInvoice('no-summary', '418078888');
    const fetched = await fetchDoInvoices(client(), '2025-06');
    expect(fetched[0]).toMatchObject({ expectedCents: 300, breakdown: null });
    expect(fetched[0]!.parsed.invoiceNumber).toBe('418078888');
  });

  it('says DO lists no invoice for a period it has not issued, and refuses what is not a period', async () => {
    await expect(fetchDoInvoices(client(), '2025-07')).rejects.toBeInstanceOf(DoInvoiceNotFoundError);
    await expect(fetchDoInvoices(client(), 'June')).rejects.toThrow('period "June" is not YYYY-MM');
  });
});

describe('fetchAllItems', () => {
  it('pages through every item, numbering the lines across pages', async () => {
    standin.account.invoice_items.big = Array.from({ length: 450 }, (_, i) => item(`web-${i}`, '1.00'));
    const lines = await fetchAllItems(client(), 'big');
    expect(lines).toHaveLength(450);
    expect(lines.map((l) => l.line)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    expect(standin.requestCount('/v2/customers/my/invoices/big')).toBe(3);
  });

  it("names an item's place in the whole invoice when it is malformed on a later page", async () => {
    standin.account.invoice_items.bad = [
      ...Array.from({ length: 205 }, (_, i) => item(`web-${i}`, '1.00')),
      item('broken', 'lots'),
    ];
    await expect(fetchAllItems(client(), 'bad')).rejects.toMatchObject({ line: 206 });
  });

  it('refuses an invoice when DO sends fewer items than it counts (one lost between pages)', async () => {
    const items = Array.from({ length: 250 }, (_, i) => item(`web-${i}`, '1.00'));
    standin.account.invoice_items.shifting = items;
    let removed = false;
    standin.onRequest((req) => {
      if (req.path === '/v2/customers/my/invoices/shifting' && req.page === 2 && !removed) {
        removed = true;
        items.shift();
      }
    });
    const err = await fetchAllItems(client(), 'shifting').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvoiceFormatError);
    expect((err as InvoiceFormatError).problem).toBe(
      'DigitalOcean counts 250 items on invoice shifting but sent 249; 1 are missing, so nothing was stored',
    );
  });
});
