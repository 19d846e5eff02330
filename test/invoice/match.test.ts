import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { Resource } from '../../models/resource.js';
import { SyncRun } from '../../models/sync-run.js';
import { matchLines, type MatchedLine } from '../../src/invoice/match-lines.js';
import { matchLinesNaively } from '../../bench/match-lines-naively.js';
import { parseInvoiceFile } from '../../src/invoice/parse-invoice-file.js';
import { runningNotBilled } from '../../src/invoice/running-not-billed.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { sampleInventory, seedResources } from './seed.js';

const iso = isolation();
useDatabase(iso);

const fixture = (name: string) =>
  parseInvoiceFile(readFileSync(new URL(`../fixtures/invoices/${name}`, import.meta.url)));
const byDescription = (lines: MatchedLine[], description: string) => lines.find((l) => l.description === description)!;

beforeEach(async () => {
  await Resource.deleteMany({});
  await SyncRun.deleteMany({});
  await seedResources(sampleInventory());
});

describe('matching invoice items (JSON, with resource ids)', () => {
  it('matches each line by the path its kind calls for, and explains every other line', async () => {
    const { lines } = await matchLines(fixture('items.json').lines);
    const at = (d: string) => byDescription(lines, d);
    expect(at('example.com (s-1vcpu-1gb)').match).toMatchObject({
      kind: 'droplet',
      providerId: '3164444',
      via: 'resource_id',
      stale: false,
    });
    // A backup line is billed to the droplet it backs up.
    const backup = lines.find((l) => l.product === 'Droplet Backups' && l.resourceId === '3164444')!;
    expect(backup).toMatchObject({
      kind: 'droplet_backup',
      match: { kind: 'droplet', providerId: '3164444', via: 'resource_id' },
    });
    expect(at('assets-data (100 GiB)').match).toMatchObject({ kind: 'volume', via: 'resource_uuid' });
    expect(at('stage-data-1601492172000 (1.50 GiB)').match).toMatchObject({
      kind: 'snapshot',
      providerId: '8eb4d51a-873f-11e6-96bf-000f53315a41',
      via: 'resource_uuid',
    });
    expect(at('example.com-1595954862243 (2.34 GiB)').match).toMatchObject({
      kind: 'snapshot',
      providerId: '67512819',
      via: 'resource_id',
    });
    expect(at('Unused Reserved IP - 45.55.96.50').match).toMatchObject({
      kind: 'floating_ip',
      providerId: '45.55.96.50',
      via: 'ip',
    });
    expect(at('2 nodes - 2 GB / 1 vCPU / 50 GB SSD').match).toMatchObject({
      kind: 'kubernetes_cluster',
      via: 'resource_uuid',
    });
    // A droplet deleted since still explains its bill, and says it is gone.
    expect(at('old-worker (s-1vcpu-1gb)').match).toMatchObject({ providerId: '200776916', stale: true });

    expect(lines.find((l) => l.product === 'Taxes')).toMatchObject({ match: null, reason: 'tax', kind: null });
    expect(at('Unused Reserved IP - 159.89.1.20')).toMatchObject({ match: null, reason: 'resource_never_seen' });
    expect(at('scratch (50 GiB)')).toMatchObject({ match: null, reason: 'resource_never_seen' });
    expect(at('web - Basic (1 vCPU / 512 MiB)')).toMatchObject({ kind: 'app', reason: 'no_inventory_surface' });
    expect(at('Basic subscription')).toMatchObject({ kind: 'container_registry', reason: 'no_inventory_surface' });
    expect(lines.find((l) => l.product === 'Spaces Subscription')).toMatchObject({ reason: 'no_inventory_surface' });
    expect(lines.filter((l) => l.match).length).toBe(18);
    for (const l of lines) expect(l.match === null).toBe(l.reason !== null);
  });

  it('the per-line-query baseline makes exactly the same decisions', async () => {
    const parsed = fixture('items.json').lines;
    const fast = (await matchLines(parsed)).lines;
    const naive = await matchLinesNaively(parsed);
    expect(naive).toEqual(fast);
  });
});

describe('matching the invoice CSV (no resource ids: by name)', () => {
  it('matches by name from the description, clusters by group_description, IPs by address', async () => {
    const { lines } = await matchLines(fixture('basic.csv').lines);
    const at = (d: string) => byDescription(lines, d);
    expect(at('stage.example.com (s-1vcpu-1gb)').match).toMatchObject({ providerId: '3164412', via: 'name' });
    expect(at('assets-data (100 GiB)').match).toMatchObject({
      providerId: '506f78a4-e098-11e5-ad9f-000f53306ae1',
      via: 'name',
    });
    expect(at('prod-web-lb-01').match).toMatchObject({ kind: 'load_balancer', via: 'name' });
    expect(at('PostgreSQL 1 node, 4 GB RAM / 2 vCPU / 60 GiB disk').match).toMatchObject({
      kind: 'managed_db',
      name: 'backend',
      via: 'name',
    });
    expect(at('old-worker-1730542500112 (2.34 GiB)').match).toMatchObject({
      kind: 'snapshot',
      providerId: '6372321',
      via: 'name',
    });
    expect(lines.filter((l) => l.product === 'Droplet Backups').map((l) => l.match?.providerId)).toEqual([
      '3164444',
      '200776916',
    ]);
  });

  it('narrows same-named resources by project, and keeps the candidates when nothing tells them apart', async () => {
    await seedResources([
      {
        kind: 'volume',
        providerId: 'vol-other-project',
        name: 'assets-data',
        region: 'nyc3',
        projectId: 'addb4547-6bab-419a-8542-76263a033cf6',
      },
      { kind: 'droplet', providerId: '900001', name: 'twin', region: 'nyc3' },
      { kind: 'droplet', providerId: '900002', name: 'twin', region: 'nyc3' },
    ]);
    const csv =
      'product,group_description,description,hours,start,end,USD,project_name,category\n' +
      'Volumes,,assets-data (100 GiB),720,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000,$10.00,my-web-api,iaas\n' +
      'Droplets,,twin (s-1vcpu-1gb),720,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000,$6.00,,iaas\n';
    const { lines } = await matchLines(parseInvoiceFile(Buffer.from(csv)).lines);
    expect(lines[0]!.match).toMatchObject({ providerId: '506f78a4-e098-11e5-ad9f-000f53306ae1', via: 'name' });
    expect(lines[1]).toMatchObject({ match: null, reason: 'ambiguous' });
    expect(lines[1]!.candidates.map((c) => c.providerId).sort()).toEqual(['900001', '900002']);
  });

  it('calls a line of a kind that was never synced no_inventory_surface, not resource_never_seen', async () => {
    await Resource.deleteMany({ kind: 'load_balancer' });
    const { lines } = await matchLines(fixture('basic.csv').lines);
    expect(byDescription(lines, 'example-lb-01')).toMatchObject({ reason: 'no_inventory_surface' });
    // Once a sync of the kind has completed, even an empty one, the same line was never seen.
    await SyncRun.create({ runId: 'lb-1', kind: 'load_balancer', status: 'succeeded', startedAt: new Date() });
    const again = await matchLines(fixture('basic.csv').lines);
    expect(byDescription(again.lines, 'example-lb-01')).toMatchObject({ reason: 'resource_never_seen' });
  });
});

describe('running but not billed', () => {
  it('lists resources live during the period that no line bills, and says which are usually free', async () => {
    const { lines, index } = await matchLines(fixture('items.json').lines);
    const result = runningNotBilled(index, lines, '2025-06');
    const ids = result.items.map((r) => r.providerId);
    // Billed (or billed through its droplet's backup line): not listed.
    expect(ids).not.toContain('3164444');
    expect(ids).not.toContain('53893572');
    const free = Object.fromEntries(result.items.map((r) => [r.providerId, r.usuallyFree]));
    expect(free['45.55.96.47']).toMatch(/unassigned/);
    expect(free['205545370']).toMatch(/Kubernetes/);
    expect(free['bb4b2611-3d72-467b-8602-280330ecd65c']).toMatch(/firewall/);
    expect(result.usuallyFreeCount).toBe(result.items.filter((r) => r.usuallyFree).length);
  });
});
