import { describe, expect, it } from 'vitest';
import { REASON_WORDS, invoiceLabel, doInvoiceId, unmatchedCause, unmatchedOutlook } from '../../src/invoice/index.js';

describe('unmatched reasons in words', () => {
  it('tells charges that never match from lines someone must look at', () => {
    const cause = (reason: Parameters<typeof unmatchedCause>[0]['reason'], product: string, description = '') =>
      unmatchedCause({ reason, product, description });
    expect(cause('tax', 'Taxes', 'GST (10%)')).toBe('tax');
    expect(cause('no_inventory_surface', 'Uptime', 'Uptime checks')).toBe('account_level');
    expect(cause('no_inventory_surface', 'GenAI Platform', 'agent-1 tokens')).toBe('not_listed');
    expect(cause('no_inventory_surface', 'Droplets', 'web-01 (s-1vcpu-1gb)')).toBe('kind_not_synced');
    expect(cause('no_inventory_surface', 'Quantum Widgets', 'qw-1')).toBe('unknown_product');
    expect(cause('resource_never_seen', 'Volumes', 'scratch (50 GiB)')).toBe('resource_never_seen');
    expect(cause('ambiguous', 'Droplets', 'web')).toBe('ambiguous');
  });

  it('sums each side to the cent, largest cause first', () => {
    const { expected, attention } = unmatchedOutlook([
      { reason: 'tax', product: 'Taxes', description: 'GST', amount: 1634 },
      { reason: 'no_inventory_surface', product: 'Support', description: 'Business support', amount: 500 },
      { reason: 'no_inventory_surface', product: 'Spaces Subscription', description: 'Spaces', amount: 500 },
      { reason: 'resource_never_seen', product: 'Volumes', description: 'scratch', amount: 71 },
      { reason: 'ambiguous', product: 'Droplets', description: 'web', amount: 241 },
    ]);
    expect(expected).toEqual({
      lines: 3,
      cents: 2634,
      causes: [
        { cause: 'tax', words: REASON_WORDS.tax, lines: 1, cents: 1634 },
        { cause: 'account_level', words: 'charged to the account', lines: 2, cents: 1000 },
      ],
    });
    expect(attention.causes.map((c) => [c.words, c.cents])).toEqual([
      ['several resources fit', 241],
      ['no such resource synced', 71],
    ]);
  });

  it("names an invoice by DO's id, else by its file, never by the content hash", () => {
    const hash = `sha256:${'ab'.repeat(32)}`;
    expect(invoiceLabel({ id: hash, number: null, filename: 'june.csv' })).toBe('june.csv');
    expect(invoiceLabel({ id: 'uuid-1', number: '418071234', filename: null })).toBe('DO invoice 418071234');
    expect(doInvoiceId({ id: 'uuid-1', number: null })).toBe('uuid-1');
    expect(doInvoiceId({ id: hash, number: null })).toBeNull();
  });
});
