import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoClient } from '../../src/digitalocean/client.js';
import { InvoiceFormatError, parseInvoiceFile } from '../../src/invoice/index.js';
import { fetchAllItems } from '../../src/invoice/fetch-from-do.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';

const standin = new DoStandin(sampleAccount());
beforeAll(() => standin.start());
afterAll(() => standin.stop());

const UUID = '22737513-0ea7-4206-8ceb-98a575af7681';

describe('a saved page of DO invoice items', () => {
  it('is refused, saying how many items are missing', () => {
    const bytes = readFileSync(new URL('../fixtures/invoices/saved-page-1-of-8.json', import.meta.url));
    let error: unknown;
    try {
      parseInvoiceFile(bytes);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvoiceFormatError);
    expect((error as InvoiceFormatError).problem).toMatch(/21 of its 24 items are missing \(the file holds 3\)/);
    expect((error as InvoiceFormatError).problem).toContain('arcadia invoice fetch');
  });

  it('is refused when only links.pages.next says more follow', () => {
    const doc = JSON.parse(
      readFileSync(new URL('../fixtures/invoices/saved-page-1-of-8.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    delete doc.meta;
    expect(() => parseInvoiceFile(Buffer.from(JSON.stringify(doc)))).toThrow(/more items follow it/);
  });

  it('the whole listing saved in one file (no next, total = items) is taken', () => {
    const doc = JSON.parse(
      readFileSync(new URL('../fixtures/invoices/saved-page-1-of-8.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    doc.links = { pages: {} };
    doc.meta = { total: 3 };
    expect(parseInvoiceFile(Buffer.from(JSON.stringify(doc))).lines).toHaveLength(3);
  });
});

describe('through the API', () => {
  it('every page is fetched, 200 items a page', async () => {
    const item = standin.account.invoice_items[UUID]![0]!;
    standin.account.invoice_items[UUID] = Array.from({ length: 450 }, (_, i) => ({
      ...item,
      resource_id: String(9_000_000 + i),
      amount: '0.01',
    }));
    standin.resetCounts();
    const lines = await fetchAllItems(
      new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1 }),
      UUID,
    );
    expect(lines).toHaveLength(450);
    expect(lines.map((l) => l.resourceId)).toEqual(Array.from({ length: 450 }, (_, i) => String(9_000_000 + i)));
    expect(standin.requestCount(`/v2/customers/my/invoices/${UUID}`)).toBe(3);
  });
});
