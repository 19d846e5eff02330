import { describe, expect, it } from 'vitest';
import { driftOf } from '../../src/invoice/billing-drift.js';
import type { InvoiceReport, InvoiceReportItem } from '../../src/invoice/report.js';
import type { NotBilledResource } from '../../src/invoice/running-not-billed.js';
import { reportItem } from '../helpers/invoice-items.js';

const item = reportItem;
const running = (over: Partial<NotBilledResource>): NotBilledResource => ({
  kind: 'volume',
  providerId: 'vol-1',
  name: 'data',
  stale: false,
  usuallyFree: null,
  ...over,
});

/** Only what drift reads: the items and the resources no line bills. */
function report(items: InvoiceReportItem[], notBilled: NotBilledResource[]): InvoiceReport {
  return {
    items,
    runningNotBilled: { count: notBilled.length, usuallyFreeCount: 0, items: notBilled, truncated: false },
  } as unknown as InvoiceReport;
}

describe('driftOf', () => {
  it('finds both directions: billed lines for resources never seen, and live resources no line bills', () => {
    const drift = driftOf(report([item({})], [running({})]));
    expect(drift).toEqual([
      {
        key: 'billed:droplet:web-9 (s-1vcpu-1gb)',
        direction: 'billed_not_in_inventory',
        kind: 'droplet',
        label: 'web-9 (s-1vcpu-1gb)',
        amountCents: 250,
      },
      {
        key: 'unbilled:volume:vol-1',
        direction: 'in_inventory_not_billed',
        kind: 'volume',
        label: 'data (vol-1)',
        amountCents: null,
      },
    ]);
  });

  it('leaves out matched lines and lines unmatched for other reasons (tax, no inventory surface, ambiguous)', () => {
    const items = [
      item({
        reason: null,
        match: { kind: 'droplet', providerId: '1', name: 'web-1', stale: false, via: 'resource_id' },
      }),
      item({ reason: 'tax', kind: null }),
      item({ reason: 'no_inventory_surface', kind: null }),
      item({ reason: 'ambiguous' }),
    ];
    expect(driftOf(report(items, []))).toEqual([]);
  });

  it('leaves out resources that are rightly free and resources gone from DO', () => {
    const drift = driftOf(
      report(
        [],
        [
          running({ usuallyFree: 'firewalls are free' }),
          running({ providerId: 'vol-2', stale: true }),
          running({ providerId: 'vol-3' }),
        ],
      ),
    );
    expect(drift.map((d) => d.key)).toEqual(['unbilled:volume:vol-3']);
  });

  it('gives the same difference the same key on every check, and one resource billed on several lines is one difference', () => {
    const a = driftOf(report([item({ line: 1 }), item({ line: 7, amount: 90 })], []));
    const b = driftOf(report([item({ line: 3 })], []));
    expect(a).toHaveLength(1);
    expect(a[0]!.key).toBe(b[0]!.key);
  });

  it('labels a billed line by group and description, else its product; the key falls back to the product without a kind', () => {
    const [grouped, bare] = driftOf(
      report(
        [
          item({ groupDescription: 'my-app', description: 'web - Basic', kind: 'app' }),
          item({ description: '', kind: null, product: 'Spaces' }),
        ],
        [],
      ),
    );
    expect(grouped).toMatchObject({ label: 'my-app — web - Basic', key: 'billed:app:my-app — web - Basic' });
    expect(bare).toMatchObject({ label: 'Spaces', key: 'billed:Spaces:Spaces', kind: null });
  });

  it('labels an unnamed resource by its id alone', () => {
    expect(driftOf(report([], [running({ name: '' })]))[0]!.label).toBe('vol-1');
  });
});
