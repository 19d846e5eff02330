import { describe, expect, it } from 'vitest';
import { deriveKind } from '../../src/invoice/derive-kind.js';
import { InventoryIndex, type IndexedResource } from '../../src/invoice/inventory-index.js';
import { ipFromDescription, matchLine, targetKind } from '../../src/invoice/match-line.js';
import type { ParsedLine } from '../../src/invoice/parsed-invoice.js';
import { indexedResource, parsedLine } from '../helpers/invoice-items.js';

const resource = indexedResource;
const line = (product: string, description: string, over: Partial<ParsedLine> = {}): ParsedLine =>
  parsedLine({ line: 2, product, description, ...over });
const SURFACES = new Set(['droplet', 'volume', 'floating_ip', 'kubernetes_cluster', 'project']);
const index = (...resources: IndexedResource[]) => new InventoryIndex(resources, SURFACES);
const match = (l: ParsedLine, inv: InventoryIndex) => matchLine(l, deriveKind(l.product, l.description), inv);

describe('matchLine', () => {
  it('explains what no resource stands behind: tax, an unknown product, a kind Arcadia does not list', () => {
    const inv = index();
    expect(match(line('Taxes', 'GST (10%)'), inv)).toMatchObject({ match: null, reason: 'tax' });
    expect(match(line('Quantum Compute', 'qpu-1'), inv)).toMatchObject({
      reason: 'no_inventory_surface',
      detail: 'product "Quantum Compute" is not one Arcadia knows',
    });
    expect(match(line('Load Balancers', 'lb-1'), inv)).toMatchObject({
      reason: 'no_inventory_surface',
      detail: 'Arcadia does not list load_balancer resources (yet)',
    });
  });

  it("matches by DO's id first, droplets by their integer id, others by uuid", () => {
    const inv = index(
      resource('droplet', '3164444', { name: 'web' }),
      resource('volume', 'vol-uuid', { name: 'data' }),
    );
    expect(
      match(line('Droplets', 'renamed (s-1vcpu-1gb)', { resourceId: '3164444', resourceUuid: 'droplet-uuid' }), inv)
        .match,
    ).toMatchObject({ providerId: '3164444', via: 'resource_id' });
    expect(
      match(line('Volumes', 'other (10 GiB)', { resourceUuid: 'vol-uuid', resourceId: '99' }), inv).match,
    ).toMatchObject({ providerId: 'vol-uuid', via: 'resource_uuid' });
  });

  it('matches an IP line by the address in its description', () => {
    const inv = index(resource('floating_ip', '45.55.96.50'));
    expect(match(line('Reserved IPs', 'Unused Reserved IP - 45.55.96.50'), inv).match).toMatchObject({
      providerId: '45.55.96.50',
      via: 'ip',
    });
    expect(match(line('Reserved IPs', 'Unused Reserved IP - 10.0.0.9'), inv)).toMatchObject({
      reason: 'resource_never_seen',
      detail: 'no floating_ip 10.0.0.9 in the inventory',
    });
  });

  it('bills a backup line to the droplet it backs up, preferring the one with backups on', () => {
    const inv = index(
      resource('droplet', '1', { name: 'web' }),
      resource('droplet', '2', { name: 'web', attrs: { backups_enabled: true } }),
    );
    expect(targetKind('droplet_backup')).toBe('droplet');
    expect(match(line('Droplet Backups', 'web (s-1vcpu-1gb)'), inv).match).toMatchObject({
      kind: 'droplet',
      providerId: '2',
      via: 'name',
    });
  });

  it('names a cluster by its group description', () => {
    const inv = index(resource('kubernetes_cluster', 'k8s-uuid', { name: 'prod-cluster' }));
    expect(
      match(line('Kubernetes Clusters', '2 nodes - 2 GB / 1 vCPU', { groupDescription: 'prod-cluster' }), inv).match,
    ).toMatchObject({ providerId: 'k8s-uuid' });
  });

  it("narrows same-named resources by the line's project, dates and region", () => {
    const inv = index(
      resource('project', 'p-web', { name: 'my-web-api' }),
      resource('droplet', 'a', { name: 'web', projectId: 'p-web', region: 'nyc3' }),
      resource('droplet', 'b', { name: 'web', projectId: 'p-other', region: 'nyc3' }),
      resource('droplet', 'c', {
        name: 'web',
        projectId: 'p-web',
        region: 'sfo2',
        attrs: { created_at: '2025-07-02T00:00:00Z' },
      }),
    );
    // Project leaves a and c; c was created after the line's period.
    expect(match(line('Droplets', 'web (s-1vcpu-1gb)', { projectName: 'my-web-api' }), inv).match?.providerId).toBe(
      'a',
    );
    // No project: dates leave a and b, which stay ambiguous, with both as candidates.
    const both = match(line('Droplets', 'web (s-1vcpu-1gb)'), inv);
    expect(both).toMatchObject({ match: null, reason: 'ambiguous', detail: '2 droplets are named "web"' });
    expect(both.candidates.map((c) => c.providerId).sort()).toEqual(['a', 'b']);
  });

  it('never loses a match to a hint: a filter that would leave no candidate is skipped', () => {
    const inv = index(
      resource('project', 'p-web', { name: 'my-web-api' }),
      resource('droplet', 'a', { name: 'web', projectId: 'p-x' }),
    );
    expect(match(line('Droplets', 'web (s-1vcpu-1gb)', { projectName: 'my-web-api' }), inv).match?.providerId).toBe(
      'a',
    );
  });

  it('matches a stale resource, saying it is stale, and says when no resource has the name', () => {
    const inv = index(
      resource('droplet', 'old', { name: 'old-worker', stale: true, staleSince: new Date('2025-06-12T06:00:00Z') }),
    );
    expect(
      match(line('Droplets', 'old-worker (s-1vcpu-1gb)', { end: new Date('2025-06-12T06:00:00Z') }), inv).match,
    ).toMatchObject({ providerId: 'old', stale: true });
    expect(match(line('Droplets', 'ghost (s-1vcpu-1gb)'), inv)).toMatchObject({
      reason: 'resource_never_seen',
      detail: 'no droplet named "ghost" in the inventory',
    });
  });
});

describe('ipFromDescription', () => {
  it('reads the address after "IP - ", else the first IPv4 or IPv6 address in the text', () => {
    expect(ipFromDescription('Unused Reserved IP - 45.55.96.50')).toBe('45.55.96.50');
    expect(ipFromDescription('Reserved IPv6 - 2604:a880:400:d1::1')).toBe('2604:a880:400:d1::1');
    expect(ipFromDescription('floating 159.89.1.20 (nyc3)')).toBe('159.89.1.20');
    expect(ipFromDescription('web (s-1vcpu-1gb)')).toBeNull();
  });
});
