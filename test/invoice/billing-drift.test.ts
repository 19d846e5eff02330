import { beforeEach, describe, expect, it } from 'vitest';
import { DriftState } from '../../models/drift-state.js';
import { recordDrift } from '../../src/invoice/billing-drift.js';
import type { InvoiceReport, InvoiceReportItem } from '../../src/invoice/report.js';
import type { NotBilledResource } from '../../src/invoice/running-not-billed.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { reportItem } from '../helpers/invoice-items.js';

useDatabase(isolation());
beforeEach(() => DriftState.deleteMany({}));

const neverSeen = (description: string) => reportItem({ invoiceId: 'preview:2025-06', description });
const unbilled = (providerId: string): NotBilledResource => ({
  kind: 'volume',
  providerId,
  name: providerId,
  stale: false,
  usuallyFree: null,
});

/** A month-to-date report of one team, with only what drift reads. */
function report(account: string, items: InvoiceReportItem[], notBilled: NotBilledResource[] = []): InvoiceReport {
  return {
    invoice: { account, period: '2025-06' },
    items,
    runningNotBilled: { count: notBilled.length, usuallyFreeCount: 0, items: notBilled, truncated: false },
  } as unknown as InvoiceReport;
}

describe('recordDrift', () => {
  it('alerts on everything the first check finds', async () => {
    const check = await recordDrift(
      report('default', [neverSeen('web-9')], [unbilled('vol-1')]),
      new Date('2025-06-10T06:00:00Z'),
    );
    expect(check).toMatchObject({ account: 'default', period: '2025-06', resolved: 0 });
    expect(check.fresh.map((d) => d.key)).toEqual(['billed:droplet:web-9', 'unbilled:volume:vol-1']);
    expect(await DriftState.findById('digitalocean').lean()).toMatchObject({
      keys: ['billed:droplet:web-9', 'unbilled:volume:vol-1'],
      period: '2025-06',
      checkedAt: new Date('2025-06-10T06:00:00Z'),
    });
  });

  it('alerts only on new drift the next day, and counts what went away', async () => {
    await recordDrift(report('default', [neverSeen('web-9')], [unbilled('vol-1')]));
    const next = await recordDrift(report('default', [neverSeen('web-9'), neverSeen('web-10')]));
    expect(next.all).toHaveLength(2);
    expect(next.fresh.map((d) => d.key)).toEqual(['billed:droplet:web-10']);
    expect(next.resolved).toBe(1);
  });

  it('alerts again on a difference that went away and came back', async () => {
    await recordDrift(report('default', [], [unbilled('vol-1')]));
    await recordDrift(report('default', []));
    const back = await recordDrift(report('default', [], [unbilled('vol-1')]));
    expect(back.fresh.map((d) => d.key)).toEqual(['unbilled:volume:vol-1']);
  });

  it("keeps each team's drift apart: one team's check neither hides nor resolves another's", async () => {
    await recordDrift(report('default', [neverSeen('web-9')]));
    const staging = await recordDrift(report('staging', [neverSeen('web-9')]));
    expect(staging.fresh).toHaveLength(1);
    expect(staging.resolved).toBe(0);
    expect((await DriftState.findById('digitalocean@staging').lean())?.keys).toEqual(['billed:droplet:web-9']);
    expect((await recordDrift(report('default', [neverSeen('web-9')]))).fresh).toEqual([]);
  });
});
