import { describe, expect, it } from 'vitest';
import { budgetGateOf } from '../../src/budget/provision-gate.js';
import { setBudget } from '../../src/budget/budget-store.js';
import { recordForecasts } from '../../src/forecast/forecast-snapshots.js';
import { formatUsd } from '../../src/invoice/money.js';
import { periodOf } from '../../src/invoice/period.js';
import { decideSaga } from '../../src/saga/decide-saga.js';
import { BudgetApprovalError } from '../../src/saga/errors.js';
import { createSaga, getSaga } from '../../src/saga/saga-service.js';
import { approvalRequestMessage, provisionRequestedMessage } from '../../src/slack/blocks/provision.js';
import { sagaView } from '../../src/slack/saga-view.js';
import { useSagaTestbed } from '../helpers/saga-testbed.js';
import { defineTenants } from '../helpers/tenants.js';

const bed = useSagaTestbed({ ARCADIA_ADMIN_USERS: 'UADMIN,UADMIN2', ARCADIA_FINANCE_USERS: 'UFIN,UADMIN2' });
const deps = () => ({ config: bed.config(), client: bed.client(), queue: bed.queue() });
const decide = (sagaId: string, by: string) =>
  decideSaga(
    sagaId,
    { approve: true, by },
    { redis: bed.redis(), prefix: bed.iso.prefix, queue: bed.queue(), config: bed.config(), announce: async () => {} },
  );

/** acme's stored forecast of this month: `cents` for the month. */
async function forecastOfAcme(cents: number) {
  const now = new Date();
  await recordForecasts(
    [
      {
        scope: { kind: 'tenant', tenant: 'acme' },
        label: 'acme',
        period: periodOf(now),
        asOf: now,
        monthToDateAsOf: now,
        monthToDateCents: cents,
        restCents: 0,
        totalCents: cents,
        dailyRateCents: 0,
        daysLeft: 0,
        parts: [],
      },
    ],
    'daily',
  );
}
const request = (name: string, tenant = 'acme') => ({
  blueprint: 'web-stack',
  tenant,
  params: { domain: 'example.com', name },
  requestedBy: 'UREQ',
});
const actor = { by: 'UFIN', at: new Date(), via: 'cli' as const };

describe('the budget gate', () => {
  it('prorates the monthly quote over what is left of the month', () => {
    // Half of June left: a $100/month request adds $50 to the month.
    const mid = new Date('2026-06-16T00:00:00Z');
    expect(budgetGateOf(50_000, 46_000, 10_000, mid)).toEqual({
      period: '2026-06',
      budgetCents: 50_000,
      forecastCents: 46_000,
      addedCents: 5_000,
    });
    expect(budgetGateOf(50_000, 45_000, 10_000, mid)).toBeNull();
  });

  it('a request that would pass its tenant’s budget needs an admin and a finance user; either alone does not start it', async () => {
    await defineTenants('acme', 'globex');
    await setBudget({ scope: 'tenant', name: 'acme', amountCents: 10_000 }, actor, {
      defaultThresholdsPct: [100],
      accounts: [],
    });
    await forecastOfAcme(9_990);
    const saga = await createSaga(request('gate1'), deps());
    expect(saga.budgetGate).toMatchObject({ budgetCents: 10_000, forecastCents: 9_990 });
    expect(saga.budgetGate!.addedCents).toBeGreaterThan(10);

    // The approval request says so, with the numbers.
    const text = JSON.stringify(approvalRequestMessage(sagaView(saga)).blocks);
    expect(text).toContain("Passes acme's budget:* its");
    expect(text).toContain('against a $100.00 budget. It needs a finance user');
    expect(text).toContain('saga_finance_approve');
    // So does the requester's reply, with the gate's own numbers.
    const g = saga.budgetGate!;
    const reply = provisionRequestedMessage(sagaView(saga));
    expect(reply.text).toContain("waiting for an admin's and a finance user's approval");
    expect(JSON.stringify(reply.blocks)).toContain(
      `It passes acme's budget: its ${g.period} forecast of $99.90 plus ${formatUsd(g.addedCents!)} from this request for the rest of the month is ${formatUsd(9_990 + g.addedCents!)}, against a $100.00 budget.`,
    );

    // The admin alone: kept, still waiting, no job.
    expect((await decide(saga.sagaId, 'UADMIN')).status).toBe('pending_approval');
    expect(await bed.queue().count()).toBe(0);
    await expect(decide(saga.sagaId, 'UADMIN')).rejects.toBeInstanceOf(BudgetApprovalError);
    // Then finance: it starts.
    const started = await decide(saga.sagaId, 'UFIN');
    expect(started.status).toBe('running');
    expect(started).toMatchObject({ adminApprovedBy: 'UADMIN', financeApprovedBy: 'UFIN', approvedBy: 'UFIN' });
    expect(await bed.queue().count()).toBe(1);

    // Finance alone first, then an admin who is a finance user too: the admin's role is the one missing.
    const other = await createSaga(request('gate2'), deps());
    expect((await decide(other.sagaId, 'UFIN')).status).toBe('pending_approval');
    const refused = await decide(other.sagaId, 'UFIN').catch((e: unknown) => e);
    expect((refused as BudgetApprovalError).sentence).toBe(
      `Nothing changed: you approved saga ${other.sagaId} already; it passes its tenant's budget, so an admin must approve it too.`,
    );
    expect((await getSaga(other.sagaId)).status).toBe('pending_approval');
    expect((await decide(other.sagaId, 'UADMIN2')).status).toBe('running');
  });

  it('a request within budget (or with none) is the admins’ alone: a finance user’s approval is refused', async () => {
    await defineTenants('globex');
    const saga = await createSaga(request('free', 'globex'), deps());
    expect(saga.budgetGate ?? null).toBeNull();
    const reply = provisionRequestedMessage(sagaView(saga));
    expect(reply.text).toContain("waiting for an admin's approval");
    expect(JSON.stringify(reply.blocks)).not.toContain('budget');
    const refused = await decide(saga.sagaId, 'UFIN').catch((e: unknown) => e);
    expect((refused as BudgetApprovalError).sentence).toBe(
      'Nothing changed: only Arcadia admins may approve provisioning that stays within budget.',
    );
    expect((await decide(saga.sagaId, 'UADMIN')).status).toBe('running');
  });
});
