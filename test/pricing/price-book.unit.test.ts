import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoClient } from '../../src/digitalocean/client.js';
import { currentPriceBook, loadPriceBook, PriceBook } from '../../src/pricing/price-book.js';
import { PRICE_LIST } from '../../src/pricing/price-list.js';
import { emptyAccount } from '../../testkit/digitalocean/account.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';

const standin = new DoStandin(emptyAccount());
const client = () => new DoClient({ token: standin.token, baseUrl: standin.url, maxRetries: 0, retryBaseMs: 1 });

beforeAll(async () => {
  await standin.start();
});
afterAll(() => standin.stop());

describe('PriceBook.dropletCents', () => {
  const book = new PriceBook(
    new Map([
      ['s-1vcpu-1gb', 700],
      ['custom-size', 1234],
    ]),
  );

  it("prefers the droplet's own stored price, then the live listing, then the list", () => {
    expect(book.dropletCents('s-1vcpu-1gb', 6.5)).toEqual({ cents: 650, source: 'resource' });
    expect(book.dropletCents('s-1vcpu-1gb')).toEqual({ cents: 700, source: 'live' });
    expect(book.dropletCents('custom-size')).toEqual({ cents: 1234, source: 'live' });
    expect(book.dropletCents('s-2vcpu-4gb')).toEqual({
      cents: PRICE_LIST.dropletSizeCents['s-2vcpu-4gb'],
      source: 'list',
    });
  });

  it('ignores a stored price that is not a positive number', () => {
    for (const stored of [0, -6, Number.NaN, Number.POSITIVE_INFINITY, '6.00', null])
      expect(book.dropletCents('s-1vcpu-1gb', stored)?.source).toBe('live');
  });

  it('knows no price for a size no source lists, or no size at all', () => {
    expect(book.dropletCents('gpu-h100x8-640gb')).toBeNull();
    expect(book.dropletCents(null)).toBeNull();
    expect(book.dropletCents(undefined)).toBeNull();
    // A stored price stands even without a size slug.
    expect(book.dropletCents(null, 12)).toEqual({ cents: 1200, source: 'resource' });
  });
});

describe('loadPriceBook', () => {
  it("reads DO's current prices from /v2/sizes", async () => {
    standin.account.sizes = [
      { slug: 's-1vcpu-1gb', price_monthly: 7 },
      { slug: 'new-size', price_monthly: 19.99 },
      { slug: 'no-price' },
    ];
    const book = await loadPriceBook(client());
    expect(book.dropletCents('s-1vcpu-1gb')).toEqual({ cents: 700, source: 'live' });
    expect(book.dropletCents('new-size')).toEqual({ cents: 1999, source: 'live' });
    expect(book.dropletCents('no-price')).toBeNull();
  });

  it('falls back to the list when DO cannot be read, or no client is configured', async () => {
    standin.inject({ path: '/v2/sizes', status: 403 });
    const book = await loadPriceBook(client());
    standin.clearFaults();
    expect(book.dropletCents('s-1vcpu-1gb')).toEqual({
      cents: PRICE_LIST.dropletSizeCents['s-1vcpu-1gb'],
      source: 'list',
    });
    expect((await loadPriceBook(undefined)).dropletCents('s-1vcpu-1gb')?.source).toBe('list');
  });
});

describe('currentPriceBook', () => {
  it('reads DO at most once an hour', async () => {
    standin.account.sizes = [{ slug: 's-1vcpu-1gb', price_monthly: 8 }];
    const t0 = 1_000_000_000_000;
    const before = standin.requestCount('/v2/sizes');
    const first = await currentPriceBook(client(), t0);
    expect(await currentPriceBook(client(), t0 + 3_599_999)).toBe(first);
    expect(standin.requestCount('/v2/sizes')).toBe(before + 1);
    const later = await currentPriceBook(client(), t0 + 3_600_000);
    expect(later).not.toBe(first);
    expect(standin.requestCount('/v2/sizes')).toBe(before + 2);
  });
});
