import { describe, expect, it } from 'vitest';
import { Resource } from '../../models/resource.js';
import { testEnv } from '../helpers/context.js';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { useSagaTestbed } from '../helpers/saga-testbed.js';
import { defineTenants } from '../helpers/tenants.js';
import { setBudget } from '../../src/budget/budget-store.js';
import { recordForecasts } from '../../src/forecast/forecast-snapshots.js';
import { formatUsd } from '../../src/invoice/money.js';
import { periodOf } from '../../src/invoice/period.js';
import { getSaga } from '../../src/saga/saga-service.js';

const { iso, standin } = useSagaTestbed();
const env = () =>
  testEnv(iso, {
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
    ARCADIA_PROVISION_ACTION_POLL_MS: '5',
  });

/** Requests a web stack for `tenant`, not approved; resolves to its saga id. */
async function requested(tenant: string): Promise<string> {
  await defineTenants(tenant);
  const res = await runCli(
    [
      'provision',
      'web-stack',
      '--tenant',
      tenant,
      '--param',
      'domain=example.com',
      '--param',
      `name=${tenant}`,
      '--json',
    ],
    env(),
  );
  expect(res.code).toBe(0);
  return (JSON.parse(res.stdout) as { saga: { id: string } }).saga.id;
}

/** The inventory's record of the droplet the saga made. */
async function dropletOf(sagaId: string): Promise<{ stale: boolean } | null> {
  const { saga } = JSON.parse((await runCli(['saga', 'show', sagaId, '--json'], env())).stdout) as {
    saga: { steps: { name: string; providerId: string | null }[] };
  };
  const providerId = saga.steps.find((s) => s.name === 'droplet')!.providerId!;
  return Resource.findOne({ kind: 'droplet', providerId }).lean();
}

describe('arcadia provision past a budget', () => {
  it('says it waits for an admin and a finance user, with the gate’s numbers, and what is missing once the admin approved', async () => {
    await defineTenants('capped');
    await setBudget(
      { scope: 'tenant', name: 'capped', amountCents: 10_000 },
      { by: 'UFIN', at: new Date(), via: 'cli' },
      { defaultThresholdsPct: [100], accounts: [] },
    );
    const now = new Date();
    await recordForecasts(
      [
        {
          scope: { kind: 'tenant', tenant: 'capped' },
          label: 'capped',
          period: periodOf(now),
          asOf: now,
          monthToDateAsOf: now,
          monthToDateCents: 9_990,
          restCents: 0,
          totalCents: 9_990,
          dailyRateCents: 0,
          daysLeft: 0,
          parts: [],
        },
      ],
      'daily',
    );
    const res = await runCli(
      ['provision', 'web-stack', '--tenant', 'capped', '--param', 'domain=example.com', '--param', 'name=capped'],
      env(),
    );
    expect(res.code).toBe(0);
    const id = /saga (\S+):/.exec(res.stdout)![1]!;
    const gate = (await getSaga(id)).budgetGate!;
    expect(res.stdout).toContain("\nwaiting for an admin's and a finance user's approval\n");
    expect(res.stdout).toContain(
      `it passes capped's budget: its ${gate.period} forecast of $99.90 plus ${formatUsd(gate.addedCents!)} from this request for the rest of the month is ${formatUsd(9_990 + gate.addedCents!)}, against a $100.00 budget`,
    );
    // The command line approves as the admin: finance is still missing.
    const approved = await runCli(['saga', 'approve', id], env());
    expect(approved.stdout).toContain("waiting for a finance user's approval (the admin approved already)");
  });
});

describe('arcadia saga approve', () => {
  it('with no worker listening says nothing will run the saga, and what to do', async () => {
    const id = await requested('alone');
    const res = await runCli(['saga', 'approve', id], env());
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`saga ${id}: web-stack for alone, running`);
    expect(res.stderr.trim()).toBe(
      `arcadia: no worker is listening, so nothing will run this saga yet: start \`arcadia worker\` (or \`arcadia start\`), or run \`arcadia saga approve ${id} --wait\` to work it here`,
    );

    // Run again as it says: the saga, approved already, is worked here to its end.
    const waited = await runCli(['saga', 'approve', id, '--wait'], env());
    expect(waited.stderr).toBe('');
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain(`saga ${id}: web-stack for alone, succeeded`);
  });

  it('--wait works the saga here, prints how it ended, and leaves the inventory synced', async () => {
    const id = await requested('waits');
    const res = await runCli(['saga', 'approve', id, '--wait'], env());
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`saga ${id}: web-stack for waits, succeeded`);
    expect(res.stdout).toMatch(/\ninventory synced: [^\n]*droplet/);
  });
});

describe('arcadia provision --wait and deprovision --wait', () => {
  it('work the follow-up inventory sync here, so the inventory shows the droplet made, then torn down', async () => {
    await defineTenants('synced');
    const made = await runCli(
      [
        'provision',
        'web-stack',
        '--tenant',
        'synced',
        '--param',
        'domain=example.com',
        '--param',
        'name=synced',
        '--approve',
        '--wait',
        '--json',
      ],
      env(),
    );
    expect(made.code).toBe(0);
    const id = (JSON.parse(made.stdout) as { saga: { id: string } }).saga.id;
    // The follow-up sync ran here rather than waiting in the queue for a worker.
    expect(await dropletOf(id)).toMatchObject({ stale: false });

    const down = await runCli(['deprovision', id, '--wait'], env());
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(`saga ${id}: web-stack for synced, deprovisioned`);
    // `arcadia resources` no longer lists the torn-down droplet as active.
    expect(await dropletOf(id)).toMatchObject({ stale: true });
  });
});
