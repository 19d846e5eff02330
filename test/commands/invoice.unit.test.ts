import { describe, expect, it } from 'vitest';
import { invoice } from '../../commands/invoice.js';
import { commandDeps, invocation, noInvoices } from '../helpers/bolt.js';

describe('/cloud invoice', () => {
  it('takes a month or nothing', () => {
    expect(invoice.schema.parse('2025-06')).toBe('2025-06');
    expect(invoice.schema.parse('')).toBeUndefined();
    expect(invoice.schema.safeParse('June').error?.issues[0]?.message).toBe(
      'Give the month as YYYY-MM, e.g. 2025-06 (or nothing for last month).',
    );
  });

  it('defaults to last month and says where to upload when none is stored', async () => {
    const asked: string[] = [];
    const deps = commandDeps(
      { ARCADIA_FINANCE_CHANNEL: 'C0FINANCE' },
      { invoices: { ...noInvoices, report: async (period) => (asked.push(period), null) } },
    );
    const reply = await invoice.handle(invocation(undefined), deps);
    expect(asked).toEqual(['2025-06']);
    expect(reply.text).toContain('No invoice is stored for 2025-06.');
    expect(JSON.stringify(reply.blocks)).toContain('<#C0FINANCE>');
  });
});
