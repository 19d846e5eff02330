import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Budget } from '../../../models/budget.js';
import { ForecastSnapshot } from '../../../models/forecast-snapshot.js';
import { Tenant } from '../../../models/tenant.js';
import { getBudget, setBudget } from '../../../src/budget/budget-store.js';
import { recordForecasts } from '../../../src/forecast/forecast-snapshots.js';
import { loadConfig } from '../../../src/config.js';
import { channelOf, type OutboxJob } from '../../../src/outbox/message.js';
import { SlackOutbox } from '../../../src/outbox/producer.js';
import { AccessPolicy } from '../../../src/slack/access.js';
import { budgetAcknowledge } from '../../../src/slack/actions/budget-acknowledge.js';
import { budgetRaiseSubmission } from '../../../src/slack/actions/budget-raise-submit.js';
import { budgetRaise } from '../../../src/slack/actions/budget-raise.js';
import { budgetShowResources } from '../../../src/slack/actions/budget-show-resources.js';
import { actionListener, type ActionDeps, type ActionHandler } from '../../../src/slack/actions/index.js';
import { ACTION_IDS } from '../../../src/slack/blocks/action-ids.js';
import { budgetAlertActions } from '../../../src/slack/blocks/budget-alert.js';
import { BUDGET_AMOUNT_BLOCK, BUDGET_AMOUNT_INPUT } from '../../../src/slack/blocks/budget-raise-view.js';
import { slackWebClient } from '../../../src/slack/web-client.js';
import { SlackStandin } from '../../../testkit/slack/slack-standin.js';
import { blockAction } from '../../helpers/bolt.js';
import { isolation, silentLog, useDatabase, useRedis } from '../../helpers/context.js';
import { defineTenants } from '../../helpers/tenants.js';

const iso = isolation();
useDatabase(iso);
const redis = useRedis();
const slack = new SlackStandin();
let outbox: SlackOutbox;
const config = loadConfig({ ARCADIA_ADMIN_USERS: 'UADMIN', ARCADIA_FINANCE_USERS: 'UFIN' });
const deps = () =>
  ({
    config,
    access: new AccessPolicy(config),
    log: silentLog,
    outbox,
    now: () => new Date('2026-06-11T09:00:00Z'),
  }) as unknown as ActionDeps;
const VALUE = 'tenant:acme|2026-06|90';
const ALERT = { channel: 'C0ACME', ts: '1781168400.000100' };

async function click(handler: ActionHandler, user: string, actionId: string) {
  const { args, calls } = blockAction({
    user,
    channel: ALERT.channel,
    message: { type: 'message', ts: ALERT.ts, text: 'acme is on track', blocks: [budgetAlertActions(VALUE)] },
    action: { type: 'button', action_id: actionId, block_id: 'b', value: VALUE, action_ts: '1' },
    client: slackWebClient({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl }),
  });
  await actionListener(handler, deps())(args);
  return calls;
}
const sent = async () =>
  ((await outbox.queue.getJobs(['waiting', 'delayed'])) as { data: OutboxJob }[]).map((j) => j.data.message);

/** A view_submission of the Raise budget modal, as Bolt hands it to the listener. */
async function submit(user: string, amount: string, metadata = { budget: 'tenant:acme', ...ALERT }) {
  const acks: unknown[] = [];
  await budgetRaiseSubmission(deps())({
    ack: async (r?: unknown) => void acks.push(r),
    body: { type: 'view_submission', user: { id: user } },
    view: {
      callback_id: 'budget_raise',
      private_metadata: JSON.stringify(metadata),
      state: {
        values: { [BUDGET_AMOUNT_BLOCK]: { [BUDGET_AMOUNT_INPUT]: { type: 'plain_text_input', value: amount } } },
      },
    },
  } as unknown as SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs);
  return acks;
}

beforeAll(async () => {
  await slack.start();
  outbox = new SlackOutbox({
    queue: { connection: redis(), prefix: iso.prefix },
    redis: redis(),
    log: silentLog,
    perChannelIntervalMs: 0,
  });
});
afterAll(async () => {
  await outbox.close();
  await slack.stop();
});
beforeEach(async () => {
  await Promise.all([
    Budget.deleteMany({}),
    Tenant.deleteMany({}),
    ForecastSnapshot.deleteMany({}),
    outbox.queue.obliterate({ force: true }),
  ]);
  slack.clear();
  await defineTenants('acme');
  await setBudget(
    { scope: 'tenant', name: 'acme', amountCents: 50_000, thresholdsPct: [90], channel: 'C0ACME' },
    { by: 'UFIN', at: new Date('2026-06-01T00:00:00Z'), via: 'cli' },
    { defaultThresholdsPct: [80, 100], accounts: [] },
  );
});

describe('budget alert buttons', () => {
  it('Acknowledge says who saw it in place and drops its own button', async () => {
    await click(budgetAcknowledge, 'UADMIN', ACTION_IDS.budgetAcknowledge);
    const [update] = await sent();
    expect(update!.target).toEqual({ to: 'update', channel: 'C0ACME', ts: ALERT.ts });
    const text = JSON.stringify(update!.blocks);
    expect(text).toContain('Acknowledged by <@UADMIN> on 2026-06-11');
    expect(text).not.toContain(ACTION_IDS.budgetAcknowledge);
    expect(text).toContain(ACTION_IDS.budgetRaise);
    // Who acknowledged which alert, and when, stays on the budget.
    expect((await getBudget('tenant', 'acme')).acknowledgements).toEqual([
      { period: '2026-06', thresholdPct: 90, by: 'UADMIN', at: new Date('2026-06-11T09:00:00Z'), via: 'button' },
    ]);
  });

  it('Show resources posts the latest forecast part by part in the thread', async () => {
    await recordForecasts(
      [
        {
          scope: { kind: 'tenant', tenant: 'acme' },
          label: 'acme',
          period: '2026-06',
          asOf: new Date('2026-06-11T08:15:00Z'),
          monthToDateAsOf: new Date('2026-06-11T06:00:00Z'),
          monthToDateCents: 20_000,
          restCents: 40_000,
          totalCents: 60_000,
          dailyRateCents: 2_000,
          daysLeft: 19.7,
          parts: [
            {
              key: 'droplet:1',
              label: 'web-1',
              kind: 'droplet',
              monthToDateCents: 20_000,
              restCents: 40_000,
              dailyRateCents: 2_000,
            },
          ],
        },
      ],
      'daily',
    );
    await click(budgetShowResources, 'UFIN', ACTION_IDS.budgetShowResources);
    const [reply] = await sent();
    expect(reply!.target).toEqual({ to: 'channel', channel: 'C0ACME', threadTs: ALERT.ts });
    expect(JSON.stringify(reply!.blocks)).toContain('droplet web-1: $600.00 ($200.00 so far, $20.00 a day)');
  });

  it('Raise budget opens the modal for finance users only, with the click’s trigger_id', async () => {
    const refused = await click(budgetRaise, 'UADMIN', ACTION_IDS.budgetRaise);
    expect(JSON.stringify(refused.responded)).toContain('Only finance users (ARCADIA_FINANCE_USERS) may raise budgets');
    expect(slack.callsTo('views.open')).toEqual([]);
    await click(budgetRaise, 'UFIN', ACTION_IDS.budgetRaise);
    const [open] = slack.callsTo('views.open');
    expect(open!.params.trigger_id).toBe('trigger-1');
    expect(JSON.stringify(open!.params.view)).toContain('"initial_value":"500.00"');
  });

  it('the modal’s submission refuses a bad amount inline and saves a good one, saying so in the alert’s thread', async () => {
    expect(await submit('UFIN', 'lots')).toEqual([
      {
        response_action: 'errors',
        errors: {
          [BUDGET_AMOUNT_BLOCK]:
            '"lots" is not an amount of US dollars; write the monthly budget, e.g. 500 or $1,250.50.',
        },
      },
    ]);
    expect((await submit('UADMIN', '900'))[0]).toMatchObject({ response_action: 'errors' });
    expect((await getBudget('tenant', 'acme')).amountCents).toBe(50_000);

    expect(await submit('UFIN', '$750')).toEqual([undefined]);
    const raised = await getBudget('tenant', 'acme');
    expect(raised).toMatchObject({
      amountCents: 75_000,
      thresholdsPct: [90],
      channel: 'C0ACME',
      setBy: 'UFIN',
      via: 'button',
    });
    const [said] = await sent();
    expect(channelOf(said!.target)).toBe('C0ACME');
    expect(said!.text).toContain('set tenant acme: $750.00 a month, alerts at 90% in C0ACME');
  });
});
