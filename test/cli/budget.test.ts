import { beforeEach, describe, expect, it } from 'vitest';
import { Budget } from '../../models/budget.js';
import { Tenant } from '../../models/tenant.js';
import { acknowledgeAlert, setBudget } from '../../src/budget/budget-store.js';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { isolation, testEnv, useDatabase } from '../helpers/context.js';
import { defineTenants } from '../helpers/tenants.js';

const iso = isolation();
useDatabase(iso);
const env = (extra: Record<string, string> = {}) =>
  testEnv(iso, { ARCADIA_DO_ACCOUNTS: 'production=dop_v1_a,staging=dop_v1_b', ...extra });

beforeEach(async () => {
  await Promise.all([Budget.deleteMany({}), Tenant.deleteMany({})]);
  await defineTenants('acme', 'globex');
});

describe('arcadia budget', () => {
  it('sets a budget with the default thresholds, who set it and when, and lists it', async () => {
    const set = await runCli(['budget', 'set', 'tenant', 'acme', '$1,250.50'], env());
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toBe(
      'Set tenant acme: $1,250.50 a month, alerts at 80% and 100% where the routing rules send them.\n',
    );
    const stored = await Budget.findById('tenant:acme').lean();
    expect(stored).toMatchObject({
      amountCents: 125_050,
      thresholdsPct: [80, 100],
      channel: null,
      set: { by: 'cli', via: 'cli' },
    });
    const list = await runCli(['budget', 'list', '--json'], env());
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ id: 'tenant:acme', scope: 'tenant', name: 'acme', amountCents: 125_050, setBy: 'cli' }),
    ]);
  });

  it('lists who acknowledged which alert and when, and keeps it when the budget changes', async () => {
    await runCli(['budget', 'set', 'tenant', 'acme', '500'], env());
    const at = new Date('2026-06-11T09:00:00Z');
    await acknowledgeAlert(
      'tenant',
      'acme',
      { period: '2026-06', thresholdPct: 80 },
      { by: 'UFIN', at, via: 'button' },
    );
    await setBudget(
      { scope: 'tenant', name: 'acme', amountCents: 60_000 },
      { by: 'UFIN', at, via: 'button' },
      {
        defaultThresholdsPct: [80, 100],
        accounts: [],
      },
    );
    const table = await runCli(['budget', 'list'], env());
    expect(table.stdout).toContain('LAST ACKNOWLEDGED');
    expect(table.stdout).toContain('80% of 2026-06 by UFIN on 2026-06-11');
    const json = await runCli(['budget', 'list', '--json'], env());
    expect(JSON.parse(json.stdout)[0].acknowledgements).toEqual([
      { period: '2026-06', thresholdPct: 80, by: 'UFIN', at: '2026-06-11T09:00:00.000Z', via: 'button' },
    ]);
  });

  it('changes a budget, keeping the thresholds and channel it had unless given, and prints before and after', async () => {
    await runCli(
      ['budget', 'set', 'account', 'staging', '500', '--alert-at', '50,90,100', '--channel', 'C0FIN'],
      env(),
    );
    const changed = await runCli(['budget', 'set', 'account', 'staging', '800'], env());
    expect(changed.stdout).toBe(
      [
        'Changed the budget of account staging:',
        '  before: account staging: $500.00 a month, alerts at 50%, 90% and 100% in C0FIN',
        '  after:  account staging: $800.00 a month, alerts at 50%, 90% and 100% in C0FIN',
        '',
      ].join('\n'),
    );
    const set = await runCli(['budget', 'set', 'tenant', 'globex', '100'], env({ ARCADIA_BUDGET_ALERT_AT: '90' }));
    expect(set.stdout).toContain('alerts at 90%');
  });

  it('refuses bad input with one sentence and stores nothing', async () => {
    const cases: [string[], string][] = [
      [
        ['budget', 'set', 'team', 'acme', '500'],
        'arcadia: Say what the budget covers: `tenant NAME`, `project NAME` or `account NAME`.\n',
      ],
      [
        ['budget', 'set', 'tenant', 'acme', '5OO'],
        'arcadia: "5OO" is not an amount of US dollars; write the monthly budget, e.g. 500 or $1,250.50.\n',
      ],
      [
        ['budget', 'set', 'tenant', 'acme', '-5'],
        'arcadia: "-5" is not an amount of US dollars; write the monthly budget, e.g. 500 or $1,250.50.\n',
      ],
      [
        ['budget', 'set', 'tenant', 'acme', '500', '--alert-at', '80,lots'],
        'arcadia: --alert-at "80,lots" is not a list of whole percentages of the budget separated by commas, e.g. 80,100.\n',
      ],
      [
        ['budget', 'set', 'tenant', 'acme', '500', '--channel', '#finance'],
        expect.stringMatching(
          /^arcadia: --channel "#finance" must be a channel id like C0123456789, not a name/,
        ) as unknown as string,
      ],
      [
        ['budget', 'set', 'tenant', 'acmee', '500'],
        'arcadia: No tenant named "acmee"; did you mean "acme"? `arcadia tenant list` shows the tenants\n',
      ],
      [
        ['budget', 'set', 'account', 'prod', '500'],
        'arcadia: No DO account is named "prod"; the accounts are production, staging.\n',
      ],
      [
        ['budget', 'remove', 'tenant', 'globex'],
        'arcadia: No budget is set for tenant globex; `budget list` shows the budgets.\n',
      ],
    ];
    for (const [args, stderr] of cases) {
      const r = await runCli(args, env());
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 1, stderr });
    }
    expect(await Budget.countDocuments()).toBe(0);
  });

  it('warns of a project no synced resource is in, and removes a budget', async () => {
    const set = await runCli(['budget', 'set', 'project', 'my-web-api', '300'], env());
    expect(set).toMatchObject({
      code: 0,
      stderr: 'arcadia: warning: no synced project is named or has the id "my-web-api"\n',
    });
    const removed = await runCli(['budget', 'remove', 'project', 'my-web-api'], env());
    expect(removed.stdout).toBe('Removed the budget of project my-web-api.\n');
    expect(await Budget.countDocuments()).toBe(0);
  });
});
