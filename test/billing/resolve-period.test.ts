import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { Resource } from '../../models/resource.js';
import { BillingPeriodNotFoundError } from '../../src/billing/errors.js';
import { UsageError } from '../../src/errors.js';
import { resolvePeriodLines } from '../../src/billing/resolve-period.js';
import { AccountClients } from '../../src/digitalocean/account-clients.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { sampleInventory, seedResources } from '../invoice/seed.js';

useDatabase(isolation());
const standin = new DoStandin(sampleAccount());

beforeAll(async () => {
  await standin.start();
  await Promise.all([Resource.deleteMany({}), Invoice.deleteMany({})]);
  await seedResources(sampleInventory());
  await ingestInvoiceFile({
    bytes: readFileSync('test/fixtures/invoices/basic.csv'),
    filename: 'basic.csv',
    source: 'cli',
  });
});
afterAll(() => standin.stop());

describe('resolvePeriodLines', () => {
  it("reads a stored period's lines as a closed invoice, not an estimate", async () => {
    const lines = await resolvePeriodLines('2025-06', undefined);
    expect(lines).toMatchObject({ period: '2025-06', estimate: false, asOf: null });
    expect(lines.lines.reduce((n, l) => n + l.amount, 0)).toBe(17971);
  });

  it("reads the current month from DO's invoice preview, as an estimate", async () => {
    const accounts = AccountClients.single(
      new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1 }),
    );
    const lines = await resolvePeriodLines('current', accounts);
    expect(lines).toMatchObject({ period: '2025-07', estimate: true, asOf: '2025-07-05T06:31:50Z' });
    expect(lines.lines.length).toBeGreaterThan(0);
  });

  it('says what to write for a period that is none, and what to set for the current month without a token', async () => {
    await expect(resolvePeriodLines('June', undefined)).rejects.toThrow(
      '"June" is not a period; write YYYY-MM (e.g. 2025-06) or "current"',
    );
    await expect(resolvePeriodLines('June', undefined)).rejects.toBeInstanceOf(UsageError);
    await expect(resolvePeriodLines('current', undefined)).rejects.toBeInstanceOf(UsageError);
  });

  it('says how to ingest a period that is not stored', async () => {
    await expect(resolvePeriodLines('2025-05', undefined)).rejects.toThrow(BillingPeriodNotFoundError);
    await expect(resolvePeriodLines('2025-05', undefined)).rejects.toThrow(
      'No invoice is stored for 2025-05; ingest it first (`arcadia invoice fetch 2025-05` or upload its CSV)',
    );
  });
});
