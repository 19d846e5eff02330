import { describe, expect, it } from 'vitest';
import type { MatchedLine } from '../../src/invoice/match-lines.js';
import { buildReport, ReportTally, totalsCheck } from '../../src/invoice/report.js';
import type { RunningNotBilled } from '../../src/invoice/running-not-billed.js';
import { invoiceMeta, matchedLine } from '../helpers/invoice-items.js';

const meta = (id: string) => invoiceMeta({ id });
const none: RunningNotBilled = { count: 0, usuallyFreeCount: 0, items: [], truncated: false };

let n = 0;
function line(amountCents: number, over: Partial<MatchedLine> = {}): MatchedLine {
  n += 1;
  return matchedLine({ line: n, description: `web-${n}`, amountCents, projectName: 'web', category: 'iaas', ...over });
}
const matched = (stale = false) => ({
  match: { kind: 'droplet', providerId: String(n + 1), name: 'web', stale, via: 'resource_id' as const },
  reason: null,
});

describe('totalsCheck', () => {
  it('has nothing to check without a stated total', () => {
    expect(totalsCheck(100, null, 'file_total')).toMatchObject({
      ok: null,
      source: 'none',
      expectedCents: null,
      differenceCents: null,
      message: 'no stated total to check the lines against',
    });
    expect(totalsCheck(100, 100, 'none').ok).toBeNull();
  });

  it('says the lines add up, naming where the total came from', () => {
    expect(totalsCheck(17971, 17971, 'file_total')).toMatchObject({
      ok: true,
      differenceCents: 0,
      message: "lines add up to the file's own total (179.71)",
    });
    expect(totalsCheck(17971, 17971, 'do_summary').message).toBe("lines add up to DO's invoice summary (179.71)");
  });

  it('states the difference when they do not', () => {
    expect(totalsCheck(17971, 18000, 'file_total')).toMatchObject({
      ok: false,
      differenceCents: -29,
      message: "lines add up to 179.71 but the file's own total says 180.00 (difference -0.29)",
    });
  });
});

describe('buildReport', () => {
  it('counts matched, stale and unmatched lines, with rates by count and by amount (credits counted by size)', () => {
    const lines = [
      line(600, matched()),
      line(300, matched(true)),
      line(-100, { reason: 'no_inventory_surface', kind: null, product: 'Credits' }),
      line(200),
    ];
    const r = buildReport(
      [meta('inv')],
      lines.map((l) => ({ ...l, invoiceId: 'inv' })),
      { cents: 1000, source: 'file_total' },
      none,
    );
    expect(r).toMatchObject({
      lines: 4,
      matched: 2,
      matchedStale: 1,
      unmatched: 2,
      totalCents: 1000,
      matchedCents: 900,
      matchRate: 0.5,
    });
    expect(r.matchRateByAmount).toBe(0.75); // 900 of 1200 by size
    expect(r.matchRateLive).toEqual({ byCount: 0.25, byAmount: 0.5 });
    expect(r.totalsCheck.ok).toBe(true);
  });

  it('totals by kind, project and reason, largest amount first; tax and unknown kinds named, no project shown as such', () => {
    const lines = [
      line(600, matched()),
      line(50, { kind: null, reason: 'tax', projectName: '' }),
      line(900, { kind: 'volume' }),
      line(40, { kind: null, reason: 'no_inventory_surface', projectName: '' }),
    ];
    const r = buildReport(
      [meta('inv')],
      lines.map((l) => ({ ...l, invoiceId: 'inv' })),
      { cents: null, source: 'none' },
      none,
    );
    expect(r.totalsByKind).toEqual([
      { kind: 'volume', lines: 1, cents: 900 },
      { kind: 'droplet', lines: 1, cents: 600 },
      { kind: 'tax', lines: 1, cents: 50 },
      { kind: 'unknown', lines: 1, cents: 40 },
    ]);
    expect(r.totalsByProject).toEqual([
      { project: 'web', lines: 2, cents: 1500 },
      { project: '(no project)', lines: 2, cents: 90 },
    ]);
    expect(r.unmatchedByReason).toEqual([
      { reason: 'resource_never_seen', lines: 1, cents: 900 },
      { reason: 'tax', lines: 1, cents: 50 },
      { reason: 'no_inventory_surface', lines: 1, cents: 40 },
    ]);
  });

  it('lists every line as an item on its own invoice, with dates as ISO text and the amount in dollars', () => {
    const a = line(600, matched());
    const b = line(250, { start: null, end: null });
    const r = buildReport(
      [meta('inv-1'), meta('inv-2')],
      [
        { ...a, invoiceId: 'inv-1' },
        { ...b, invoiceId: 'inv-2' },
      ],
      { cents: null, source: 'none' },
      none,
    );
    expect(r.invoice.id).toBe('inv-1');
    expect(r.items.map((i) => [i.invoiceId, i.line, i.amountUsd, i.start])).toEqual([
      ['inv-1', a.line, '6.00', '2025-06-01T00:00:00.000Z'],
      ['inv-2', b.line, '2.50', null],
    ]);
    expect(r).not.toHaveProperty('omittedItems');
  });

  it('rates an empty report at 0, not NaN', () => {
    const r = buildReport([meta('inv')], [], { cents: null, source: 'none' }, none);
    expect([r.matchRate, r.matchRateByAmount, r.matchRateLive.byCount]).toEqual([0, 0, 0]);
  });
});

describe('ReportTally', () => {
  it('counts every line but keeps only the first items, in report order whatever order the lines came in', () => {
    const tally = new ReportTally(2);
    const lines = [line(100), line(200), line(300), line(400)];
    tally.add(lines[2]!, 2);
    tally.add(lines[1]!, 1);
    tally.add(lines[3]!, 3);
    tally.add(lines[0]!, 0);
    const r = tally.report([meta('inv')], { cents: 1000, source: 'do_summary' }, none);
    expect(r.lines).toBe(4);
    expect(r.totalCents).toBe(1000);
    expect(r.items.map((i) => i.line)).toEqual([lines[0]!.line, lines[1]!.line]);
    expect(r.omittedItems).toBe(2);
    // A line added without an invoice id is on the report's invoice.
    expect(r.items.every((i) => i.invoiceId === 'inv')).toBe(true);
  });
});
