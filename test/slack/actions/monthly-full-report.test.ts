import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ingestInvoiceFile } from '../../../src/invoice/index.js';
import { AccessPolicy } from '../../../src/slack/access.js';
import { actionListener, type ActionDeps } from '../../../src/slack/actions/index.js';
import { monthlyFullReport } from '../../../src/slack/actions/monthly-full-report.js';
import { MODAL_LIMITS } from '../../../src/slack/blocks/monthly-report-view.js';
import { invoicePort } from '../../../src/slack/invoice-port.js';
import { slackWebClient } from '../../../src/slack/web-client.js';
import { SlackStandin } from '../../../testkit/slack/slack-standin.js';
import { blockAction } from '../../helpers/bolt.js';
import { isolation, silentLog, useDatabase } from '../../helpers/context.js';
import { sampleInventory, seedResources } from '../../invoice/seed.js';
import { ACTION_IDS } from '../../../src/slack/blocks/action-ids.js';

useDatabase(isolation());
const slack = new SlackStandin();
const deps = () =>
  ({
    access: new AccessPolicy(loadConfig({ ARCADIA_ADMIN_USERS: 'UADMIN', ARCADIA_FINANCE_USERS: 'UFIN' })),
    invoices: invoicePort(undefined),
    log: silentLog,
  }) as unknown as ActionDeps;

beforeAll(async () => {
  await slack.start();
  await seedResources(sampleInventory());
  await ingestInvoiceFile({
    bytes: readFileSync('test/fixtures/invoices/basic.csv'),
    filename: 'basic.csv',
    source: 'cli',
  });
});
afterAll(() => slack.stop());

/** A click on Full report, with a real Web API client pointed at the stand-in. */
async function click(user: string, period = '2025-06', triggerId = '1337.42.abcdef') {
  const { args, calls } = blockAction({
    user,
    triggerId,
    channel: 'CFIN',
    responseUrl: 'https://hooks.slack.com/actions/T1/1/x',
    message: { type: 'message', ts: '1751446800.000100', text: '2025-06: $179.71 spent' },
    action: {
      type: 'button',
      action_id: ACTION_IDS.monthlyFullReport,
      block_id: `${ACTION_IDS.monthlyFullReport}_${period}`,
      value: period,
      action_ts: '1',
    },
    client: slackWebClient({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl }),
  });
  await actionListener(monthlyFullReport, deps())(args);
  return calls;
}

describe('Full report button', () => {
  it('opens the breakdown in a modal with the click’s trigger_id: by product, by project, unmatched by reason, within limits', async () => {
    slack.clear();
    const calls = await click('UFIN');
    expect(calls.acked).toBe(1);
    // Nothing said to the clicker: the stand-in, checking the view as Slack does, accepted it.
    expect(calls.responded).toEqual([]);
    const [open] = slack.callsTo('views.open');
    expect(open?.params.trigger_id).toBe('1337.42.abcdef');
    const view = open!.params.view as { type: string; title: { text: string }; blocks: unknown[] };
    expect(view.type).toBe('modal');
    expect(view.title.text.length).toBeLessThanOrEqual(MODAL_LIMITS.title);
    expect(view.blocks.length).toBeLessThanOrEqual(MODAL_LIMITS.blocks);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('2025-06: $179.71 spent');
    expect(text).toContain('Database Clusters: *$60.00* (33.4%)');
    expect(text).toContain('my-web-api: *$144.28*');
    expect(text).toContain('Unmatched, needs attention: $11.90* in 4 lines');
    expect(text).toContain('no such resource synced');
    expect(text).toContain('Unmatched, expected: $21.34* in 2 lines');
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot('../golden/monthly-full-report.json');
  });

  it('refuses someone who is not a finance user, and opens nothing', async () => {
    slack.clear();
    const calls = await click('UOPS');
    expect(calls.acked).toBe(1);
    expect(JSON.stringify(calls.responded[0])).toContain('may see the full invoice report');
    expect(slack.callsTo('views.open')).toEqual([]);
  });

  it('a month with no stored invoice says what to do instead of opening an empty modal', async () => {
    slack.clear();
    const calls = await click('UFIN', '2024-01');
    expect(String(calls.responded[0]?.text)).toContain('No invoice for 2024-01 is stored');
    expect(slack.callsTo('views.open')).toEqual([]);
  });

  it('an expired trigger (Slack refuses views.open) is logged and the clicker told, not thrown', async () => {
    slack.clear();
    slack.inject({ method: 'views.open', error: 'expired_trigger_id' });
    const calls = await click('UFIN');
    expect(String(calls.responded[0]?.text)).toContain('the full report did not open');
  });
});
