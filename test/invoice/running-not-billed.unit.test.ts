import { describe, expect, it } from 'vitest';
import { InventoryIndex, type IndexedResource } from '../../src/invoice/inventory-index.js';
import type { MatchedLine } from '../../src/invoice/match-lines.js';
import {
  BilledResources,
  mergeNotBilled,
  runningNotBilled,
  type NotBilledResource,
  type RunningNotBilled,
} from '../../src/invoice/running-not-billed.js';
import { indexedResource } from '../helpers/invoice-items.js';

const resource = (kind: string, providerId: string, over: Partial<IndexedResource> = {}) =>
  indexedResource(kind, providerId, { name: `${kind}-${providerId}`, region: 'nyc3', ...over });
const index = (...resources: IndexedResource[]) => new InventoryIndex(resources, new Set(resources.map((r) => r.kind)));

/** A line billing the resource (only what the check reads of a line: its kind and match). */
const billing = (kind: string, providerId: string, lineKind: string = kind): MatchedLine =>
  ({
    kind: lineKind,
    match: { kind, providerId, name: '', stale: false, via: 'resource_id' },
  }) as unknown as MatchedLine;
const unmatched = { kind: 'droplet', match: null } as unknown as MatchedLine;

describe('runningNotBilled', () => {
  it('lists the resources live in the period that no line bills', () => {
    const inv = index(resource('droplet', '1'), resource('droplet', '2'), resource('volume', 'v1'));
    const nb = runningNotBilled(inv, [billing('droplet', '1'), unmatched], '2025-06');
    expect(nb.items.map((r) => `${r.kind}:${r.providerId}`)).toEqual(['droplet:2', 'volume:v1']);
    expect(nb).toMatchObject({ count: 2, usuallyFreeCount: 0, truncated: false });
  });

  it("counts a droplet's backups as billed on its Droplet Backups line", () => {
    const inv = index(
      resource('droplet', '1'),
      resource('droplet_backup', 'b1', { attrs: { droplet_id: 1 } }),
      resource('droplet_backup', 'b2', { attrs: { droplet_id: 2 } }),
    );
    const nb = runningNotBilled(inv, [billing('droplet', '1'), billing('droplet', '1', 'droplet_backup')], '2025-06');
    expect(nb.items.map((r) => r.providerId)).toEqual(['b2']);
  });

  it('leaves out what was created after the period, or gone before it began', () => {
    const inv = index(
      resource('droplet', 'later', { attrs: { created_at: '2025-07-01T00:00:00Z' } }),
      resource('droplet', 'seen-later', { firstSeenAt: new Date('2025-07-03T00:00:00Z') }),
      resource('droplet', 'gone', { stale: true, staleSince: new Date('2025-06-01T00:00:00Z') }),
      resource('droplet', 'gone-mid', { stale: true, staleSince: new Date('2025-06-20T00:00:00Z') }),
      resource('droplet', 'born-mid', {
        attrs: { created_at: '2025-06-30T23:00:00Z' },
        firstSeenAt: new Date('2025-07-02T00:00:00Z'),
      }),
    );
    const nb = runningNotBilled(inv, [], '2025-06');
    expect(nb.items.map((r) => r.providerId).sort()).toEqual(['born-mid', 'gone-mid']);
    expect(nb.items.find((r) => r.providerId === 'gone-mid')?.stale).toBe(true);
  });

  it('month to date: only what existed by the time given can be on the preview', () => {
    const inv = index(
      resource('droplet', 'early', { attrs: { created_at: '2025-06-02T00:00:00Z' } }),
      resource('droplet', 'new', { attrs: { created_at: '2025-06-20T00:00:00Z' } }),
    );
    const nb = runningNotBilled(inv, [], '2025-06', new Date('2025-06-15T00:00:00Z'));
    expect(nb.items.map((r) => r.providerId)).toEqual(['early']);
    // A time past the period's end changes nothing.
    expect(runningNotBilled(inv, [], '2025-06', new Date('2025-08-01T00:00:00Z')).count).toBe(2);
  });

  it('says why a resource need not be billed, and lists the ones that may mean an incomplete invoice first', () => {
    const inv = index(
      resource('firewall', 'fw1', { name: 'a-fw' }),
      resource('volume', 'v1', { name: 'b-data' }),
      resource('droplet', 'k1', { name: 'worker', tags: ['k8s:cluster-1'] }),
      resource('droplet', 'd1', { name: 'web' }),
    );
    const nb = runningNotBilled(inv, [], '2025-06');
    expect(nb.items.map((r) => [r.kind, r.name, r.usuallyFree])).toEqual([
      ['droplet', 'web', null],
      ['volume', 'b-data', null],
      ['droplet', 'worker', 'Kubernetes worker droplets are billed under their cluster'],
      ['firewall', 'a-fw', 'firewalls are free'],
    ]);
    expect(nb.usuallyFreeCount).toBe(2);
  });

  it('lists at most 500 but counts them all', () => {
    const inv = index(...Array.from({ length: 503 }, (_, i) => resource('volume', `v${i}`)));
    const nb = runningNotBilled(inv, [], '2025-06');
    expect(nb).toMatchObject({ count: 503, truncated: true });
    expect(nb.items).toHaveLength(500);
  });

  it('gives the same answer from lines gathered a batch at a time as from the lines whole', () => {
    const inv = index(
      resource('droplet', '1'),
      resource('droplet', '2'),
      resource('droplet_backup', 'b1', { attrs: { droplet_id: 2 } }),
    );
    const lines = [billing('droplet', '2'), billing('droplet', '2', 'droplet_backup')];
    const gathered = new BilledResources();
    for (const l of lines) gathered.add(l);
    expect(runningNotBilled(inv, gathered, '2025-06')).toEqual(runningNotBilled(inv, lines, '2025-06'));
  });
});

describe('mergeNotBilled', () => {
  const r = (providerId: string, usuallyFree: string | null = null): NotBilledResource => ({
    kind: 'droplet',
    providerId,
    name: providerId,
    stale: false,
    usuallyFree,
  });
  const nb = (items: NotBilledResource[], truncated = false): RunningNotBilled => ({
    count: items.length,
    usuallyFreeCount: items.filter((i) => i.usuallyFree).length,
    items,
    truncated,
  });

  it("within one team, keeps only what none of the team's invoices bills", () => {
    const merged = mergeNotBilled([
      { account: 'default', notBilled: nb([r('1'), r('2'), r('3', 'free')]) },
      { account: 'default', notBilled: nb([r('2'), r('3', 'free')]) },
    ]);
    expect(merged.items.map((i) => i.providerId)).toEqual(['2', '3']);
    expect(merged).toMatchObject({ count: 2, usuallyFreeCount: 1, truncated: false });
  });

  it("adds up the teams' lists, each of its own resources", () => {
    const merged = mergeNotBilled([
      { account: 'production', notBilled: nb([r('1'), r('2', 'free')]) },
      { account: 'staging', notBilled: { ...nb([r('9')]), count: 700, truncated: true } },
    ]);
    expect(merged.items.map((i) => i.providerId)).toEqual(['1', '2', '9']);
    expect(merged).toMatchObject({ count: 702, usuallyFreeCount: 1, truncated: true });
  });

  it('passes a single invoice through unchanged', () => {
    const one = nb([r('1')]);
    expect(mergeNotBilled([{ account: 'default', notBilled: one }])).toBe(one);
  });
});
