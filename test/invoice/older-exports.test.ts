import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { Resource } from '../../models/resource.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { seedResources, type SeedResource } from './seed.js';

const iso = isolation();
useDatabase(iso);

/** The account the 2019 export bills, as the kinds store it: two droplets share a name across regions. */
const ACCOUNT_2019: SeedResource[] = [
  {
    kind: 'droplet',
    providerId: '150000001',
    name: 'web-01',
    region: 'nyc3',
    attrs: { created_at: '2019-01-10T00:00:00Z', backups_enabled: true },
  },
  {
    kind: 'droplet',
    providerId: '150000002',
    name: 'web-01',
    region: 'sfo2',
    stale: true,
    staleSince: new Date('2019-10-13T12:00:00Z'),
    attrs: { created_at: '2019-02-10T00:00:00Z' },
  },
  {
    kind: 'snapshot',
    providerId: '52000001',
    name: 'web-01-1565000000000',
    region: 'nyc3',
    attrs: { resource_type: 'droplet' },
  },
  { kind: 'volume', providerId: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'volume-sfo2-01', region: 'sfo2' },
  {
    kind: 'snapshot',
    providerId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
    name: 'volume-sfo2-01-1568000000000',
    region: 'sfo2',
    attrs: { resource_type: 'volume' },
  },
  { kind: 'load_balancer', providerId: 'a1b2c3d4-0000-4000-8000-000000000002', name: 'lb-web', region: 'nyc3' },
  { kind: 'floating_ip', providerId: '104.131.0.7', name: '104.131.0.7', region: 'nyc3', status: 'unassigned' },
  {
    kind: 'managed_db',
    providerId: 'a1b2c3d4-0000-4000-8000-000000000003',
    name: 'db-postgresql-nyc1-84913',
    region: 'nyc1',
  },
  { kind: 'kubernetes_cluster', providerId: 'a1b2c3d4-0000-4000-8000-000000000004', name: 'k8s-prod', region: 'nyc1' },
  { kind: 'spaces_bucket', providerId: 'assets-bucket', name: 'assets-bucket', region: 'nyc3' },
];

beforeEach(async () => {
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({}), InvoiceLine.deleteMany({})]);
  await seedResources(ACCOUNT_2019.map((r) => ({ firstSeenAt: new Date('2019-01-01T00:00:00Z'), ...r })));
});

describe('an invoice CSV exported in 2019', () => {
  it('matches every product line to the resource it bills, though its descriptions read "name (region) size"', async () => {
    const name = 'older-export-2019.csv';
    const report = await ingestInvoiceFile({
      bytes: readFileSync(new URL(`../fixtures/invoices/${name}`, import.meta.url)),
      filename: name,
      source: 'cli',
    });
    expect(report).toMatchObject({ invoice: { period: '2019-10' }, lines: 12, totalCents: 8675 });
    const matchOf = (description: string) =>
      report.items.find((i) => i.description === description)?.match?.providerId ?? null;
    expect(matchOf('web-01 (nyc3) 1GB')).toBe('150000001');
    // Same name, other region: the region in the text picks the droplet.
    expect(matchOf('web-01 (sfo2) 2GB')).toBe('150000002');
    expect(matchOf('web-01 (nyc3) 25GB')).toBe('150000001');
    expect(matchOf('web-01-1565000000000 (nyc3) 1.42GB')).toBe('52000001');
    expect(matchOf('volume-sfo2-01 (sfo2) 100GB')).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(matchOf('volume-sfo2-01-1568000000000 (sfo2) 3.2GB')).toBe('a1b2c3d4-0000-4000-8000-0000000000aa');
    expect(matchOf('lb-web (nyc3)')).toBe('a1b2c3d4-0000-4000-8000-000000000002');
    expect(matchOf('Unused Floating IP - 104.131.0.7')).toBe('104.131.0.7');
    expect(matchOf('db-postgresql-nyc1-84913 (nyc1) 1GB')).toBe('a1b2c3d4-0000-4000-8000-000000000003');
    expect(matchOf('k8s-prod (nyc1)')).toBe('a1b2c3d4-0000-4000-8000-000000000004');
    expect(matchOf('Spaces: assets-bucket (nyc3)')).toBe('assets-bucket');
    expect(report.unmatchedByReason).toEqual([{ reason: 'tax', lines: 1, cents: 534 }]);
  });
});
