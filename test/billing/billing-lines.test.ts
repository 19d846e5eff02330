import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { Resource, resourceKey } from '../../models/resource.js';
import { billingLine, previewPeriodLines, storedPeriodLines } from '../../src/billing/billing-lines.js';
import { AccountClients } from '../../src/digitalocean/account-clients.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { sampleInventory, seedResources } from '../invoice/seed.js';

useDatabase(isolation());
const standin = new DoStandin(sampleAccount());
const staging = sampleAccount();
staging.invoice_preview = { ...staging.invoice_preview!, updated_at: '2025-07-04T23:00:00Z' };
standin.addTeam('dop_v1_staging', staging);
const june = readFileSync('test/fixtures/invoices/basic.csv', 'utf8');

beforeAll(async () => {
  await standin.start();
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({})]);
  await seedResources(sampleInventory());
  // The staging team runs the same resources, under its own keys.
  const copies = (await Resource.find().lean()).map((r) => ({
    ...r,
    _id: resourceKey(r.kind, r.providerId, 'staging'),
    account: 'staging',
  }));
  await Resource.collection.insertMany(copies as never[]);
  await ingestInvoiceFile({ bytes: Buffer.from(june), filename: 'june.csv', source: 'cli' });
  await ingestInvoiceFile({ bytes: Buffer.from(`${june}\n`), filename: 'june.csv', source: 'cli', account: 'staging' });
});
afterAll(() => standin.stop());

describe('billingLine', () => {
  it("keeps what allocation reads of a report item, the match qualified by its team's account", () => {
    const item = {
      line: 2,
      product: 'Droplets',
      groupDescription: '',
      description: 'web',
      amount: 600,
      project: 'p',
      kind: 'droplet',
      match: { kind: 'droplet', providerId: '1', name: 'web', stale: false, via: 'resource_id' as const },
      reason: null,
    };
    expect(billingLine(item).match).toEqual({ kind: 'droplet', providerId: '1', name: 'web' });
    expect(billingLine(item, 'staging').match).toEqual({
      kind: 'droplet',
      providerId: '1',
      name: 'web',
      account: 'staging',
    });
    expect(billingLine({ ...item, match: null, reason: 'tax' }, 'staging')).toMatchObject({
      match: null,
      reason: 'tax',
    });
  });
});

describe('storedPeriodLines', () => {
  it("reads every team's stored invoice of the period, each matched line naming its team", async () => {
    const lines = (await storedPeriodLines('2025-06'))!;
    expect(lines).toMatchObject({ period: '2025-06', estimate: false, asOf: null });
    expect(lines.lines).toHaveLength(48);
    expect(lines.lines.reduce((n, l) => n + l.amount, 0)).toBe(2 * 17971);
    const accounts = new Set(lines.lines.filter((l) => l.match).map((l) => l.match!.account ?? 'default'));
    expect([...accounts].sort()).toEqual(['default', 'staging']);
  });

  it('is null for a period not stored', async () => {
    expect(await storedPeriodLines('2025-05')).toBeNull();
  });
});

describe('previewPeriodLines', () => {
  it("reads every team's month to date, as of the oldest rebuild among them", async () => {
    const accounts = AccountClients.create(
      [
        { name: 'production', token: standin.token },
        { name: 'staging', token: 'dop_v1_staging' },
      ],
      { baseUrl: standin.url, retryBaseMs: 1 },
    );
    const one = await previewPeriodLines(
      AccountClients.create([{ name: 'production', token: standin.token }], { baseUrl: standin.url, retryBaseMs: 1 }),
    );
    const both = await previewPeriodLines(accounts);
    expect(both).toMatchObject({ period: '2025-07', estimate: true, asOf: '2025-07-04T23:00:00Z' });
    expect(both.lines).toHaveLength(2 * one.lines.length);
    expect(one.asOf).toBe('2025-07-05T06:31:50Z');
  });
});
