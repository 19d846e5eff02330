import { beforeEach, describe, expect, it } from 'vitest';
import { budget } from '../../commands/budget.js';
import { Budget } from '../../models/budget.js';
import { Tenant } from '../../models/tenant.js';
import { commandDeps, invocation } from '../helpers/bolt.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { defineTenants } from '../helpers/tenants.js';

useDatabase(isolation());
beforeEach(async () => {
  await Promise.all([Budget.deleteMany({}), Tenant.deleteMany({})]);
  await defineTenants('acme');
});

const refusal = (text: string) => budget.schema.safeParse(text).error?.issues[0]?.message;
const text = (reply: { blocks: unknown[] }) => JSON.stringify(reply.blocks);

describe('/cloud budget', () => {
  it('reads set, list and remove with the same parsers as the command line', () => {
    expect(budget.schema.parse('set tenant acme $1,250.50 --alert-at 50,100 --channel <#C0FIN|finance>')).toEqual({
      op: 'set',
      scope: 'tenant',
      name: 'acme',
      amountCents: 125_050,
      thresholdsPct: [50, 100],
      channel: 'C0FIN',
    });
    expect(budget.schema.parse('')).toEqual({ op: 'list' });
    expect(budget.schema.parse('remove account staging')).toEqual({ op: 'remove', scope: 'account', name: 'staging' });
    expect(refusal('set tenant acme lots')).toBe(
      '"lots" is not an amount of US dollars; write the monthly budget, e.g. 500 or $1,250.50.',
    );
    expect(refusal('set acme 500')).toBe(
      'Say what the budget covers: `tenant NAME`, `project NAME` or `account NAME`.',
    );
    expect(refusal('set tenant acme 500 --alert-at=')).toBe(
      'Say what --alert-at is, e.g. --alert-at 80,100 or --channel C0123456789.',
    );
    expect(refusal('raise tenant acme 500')).toMatch(/^`raise` is not a budget command; budget set/);
  });

  it('sets a budget recording the Slack user, lists it, and removes it', async () => {
    const deps = commandDeps({ ARCADIA_FINANCE_USERS: 'U0FIN' });
    const set = await budget.handle(invocation(budget.schema.parse('set tenant acme 500'), { userId: 'U0FIN' }), deps);
    expect(text(set)).toContain(
      'Set tenant acme: $500.00 a month, alerts at 80% and 100% where the routing rules send them.',
    );
    expect(await Budget.findById('tenant:acme').lean()).toMatchObject({
      amountCents: 50_000,
      set: { by: 'U0FIN', via: 'slash_command', at: new Date('2025-07-05T12:00:00Z') },
    });
    const list = await budget.handle(invocation(budget.schema.parse('list')), deps);
    expect(text(list)).toContain('set by <@U0FIN> on 2025-07-05');
    const removed = await budget.handle(invocation(budget.schema.parse('remove tenant acme')), deps);
    expect(text(removed)).toContain('Removed the budget of tenant acme.');
    expect(await Budget.countDocuments()).toBe(0);
  });

  it('names the tenant meant when one is mistyped, and stores nothing', async () => {
    const reply = await budget.handle(invocation(budget.schema.parse('set tenant acmee 500')), commandDeps());
    expect(text(reply)).toContain('No tenant named \\"acmee\\"; did you mean `/cloud budget set tenant acme …`?');
    expect(await Budget.countDocuments()).toBe(0);
  });

  it('is for finance users', () => expect(budget.audience).toBe('finance'));
});
