import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { mongoInventoryQueries, type InventoryQueries } from '../../src/slack/queries.js';
import { isolation } from '../helpers/context.js';
import { clickInView, textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';
import { ACTION_IDS } from '../../src/slack/blocks/action-ids.js';

/**
 * The Home tab end to end with no channel allowlist: opened by a finance user and by someone else
 * (app_home_opened over HTTP), and its buttons clicked as Slack delivers a click in a view.
 */
const FINANCE = 'UFIN';
const OPS_USER = 'UOPS';

// The stale list fails as a database error would: what its button answers is the point.
const failingQueries: InventoryQueries = {
  ...mongoInventoryQueries,
  stale: async () => Promise.reject(new Error('connection reset by peer')),
};
const harness = useSlackHarness(isolation(), {
  env: { ARCADIA_FINANCE_USERS: FINANCE, ARCADIA_FINANCE_CHANNEL: 'CFIN' },
  service: { queries: failingQueries },
});
const { slack, sim, eventsUrl } = harness;

async function open(user: string): Promise<{ id: string; blocks: Record<string, unknown>[] }> {
  const opened = await sim.event({
    type: 'app_home_opened',
    user,
    channel: `D${user}`,
    tab: 'home',
    event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
  });
  expect(opened.status).toBe(200);
  const published = await slack.waitFor('views.publish', (c) => c.params.user_id === user);
  return { id: `V${user}`, ...(published.params.view as { blocks: Record<string, unknown>[] }) };
}

beforeAll(async () => {
  await ingestInvoiceFile({
    bytes: readFileSync('test/fixtures/invoices/basic.csv'),
    filename: 'basic.csv',
    source: 'cli',
  });
});

describe('Home tab, over HTTP', () => {
  it('shows month-to-date spend and the last invoice to a finance user only; anyone else sees waste and inventory', async () => {
    const finance = JSON.stringify(await open(FINANCE));
    expect(finance).toContain('$31.06* spent in 2025-07 so far');
    expect(finance).toContain('Last invoice 2025-06: $179.71');

    const ops = JSON.stringify(await open(OPS_USER));
    expect(ops).toContain('/mo of waste in');
    expect(ops).toContain('*Inventory*');
    expect(ops).not.toContain('$31.06');
    expect(ops).not.toContain('$179.71');
    expect(ops).not.toContain('Last invoice');
    expect(ops).toContain('Spend and invoices are shown to finance users');
  });

  it('a button runs the command as the clicker, as the slash command would, and answers in their DM with Arcadia', async () => {
    const view = await open(OPS_USER);
    const res = await clickInView(eventsUrl(), slack, view, `${ACTION_IDS.homeRunCommand}_inventory`, OPS_USER);
    expect(res.status).toBe(200);
    const answer = await slack.waitFor('chat.postMessage', (c) => c.params.channel === OPS_USER);
    expect(textOf(answer.params)).toContain('Inventory');
    expect(textOf(answer.params)).not.toContain('not enabled');
  });

  it('a button whose command fails answers the clicker with a reference to the log, as the slash command does', async () => {
    const view = await open(OPS_USER);
    await clickInView(eventsUrl(), slack, view, `${ACTION_IDS.homeRunCommand}_stale`, OPS_USER);
    const answer = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === OPS_USER && textOf(c.params).includes('stale'),
    );
    expect(answer.params.text).toMatch(
      /^Sorry, `\/cloud stale` failed \(ref [0-9a-f]{8}\)\. The details are in Arcadia's log\.$/,
    );
    expect(textOf(answer.params)).not.toContain('connection reset');
  });
});
