import { describe, expect, it } from 'vitest';
import { MODAL_LIMITS, monthlyReportView } from '../../src/slack/blocks/monthly-report-view.js';
import type { MonthlySummaryInput } from '../../src/slack/blocks/monthly-summary.js';
import { invoiceMeta } from '../helpers/invoice-items.js';

describe('monthlyReportView', () => {
  it('stays within a modal’s 100 blocks and section limits however many products, projects and lines', () => {
    const items: MonthlySummaryInput['items'] = Array.from({ length: 5000 }, (_, i) => ({
      line: i + 1,
      product: `Product ${i % 700} ${'x'.repeat(40)}`,
      description: `line ${i}`,
      amount: 100 + i,
      reason: i % 3 === 0 ? 'resource_never_seen' : null,
      match: null,
      project: `project-${i % 900}`,
    }));
    const view = monthlyReportView({
      invoice: invoiceMeta(),
      lines: items.length,
      matched: 0,
      totalCents: items.reduce((s, i) => s + i.amount, 0),
      matchedCents: 0,
      totalsByProject: Array.from({ length: 900 }, (_, p) => ({ project: `project-${p}`, lines: 5, cents: 1000 })),
      totalsCheck: { ok: true, message: '' } as MonthlySummaryInput['totalsCheck'],
      items,
    });
    expect(view.blocks.length).toBeLessThanOrEqual(MODAL_LIMITS.blocks);
    for (const b of view.blocks as { type: string; text?: { text: string } }[])
      if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(3000);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('more: `arcadia invoice report 2025-06` lists them all.');
    expect(text).toContain('Unmatched, needs attention:');
  });
});
