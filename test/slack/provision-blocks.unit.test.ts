import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS, actionNameOf, type ActionName } from '../../src/slack/blocks/action-ids.js';
import {
  LIMITS,
  approvalDecidedMessage,
  approvalRequestMessage,
  CLI_USER,
  deprovisionDecidedMessage,
  leftoversMessage,
  provisionRequestedMessage,
  sagaFinishedMessage,
  sagaJobFailedMessage,
  stepProgressMessage,
  type SagaStepView,
  type SagaView,
  type SlackMessage,
} from '../../src/slack/index.js';
import type { BlockAction } from '@slack/bolt';
import { ACTION_HANDLERS, clickOf } from '../../src/slack/actions/index.js';
import { AccessPolicy } from '../../src/slack/access.js';
import { loadConfig } from '../../src/config.js';

const at = new Date('2025-07-05T12:00:00Z');
const step = (
  index: number,
  name: string,
  kind: string,
  what: string,
  providerId: string | null,
  url: string | null,
  status = 'done',
  error: string | null = null,
): SagaStepView => ({ index, name, kind, what, providerId, url, status, error });
const steps: SagaStepView[] = [
  step(
    1,
    'droplet',
    'droplet',
    'droplet acme-web (s-1vcpu-1gb, nyc1)',
    '4242',
    'https://cloud.digitalocean.com/droplets/4242',
  ),
  step(
    2,
    'volume',
    'volume',
    'volume acme-web-data (10 GiB) attached to droplet',
    '506f78a4-e098-11e5-ad9f-000f53306ae1',
    'https://cloud.digitalocean.com/volumes',
  ),
  step(
    3,
    'ip',
    'reserved_ip',
    'reserved IP assigned to droplet',
    '45.55.96.47',
    'https://cloud.digitalocean.com/networking/reserved_ips',
  ),
  step(
    4,
    'dns',
    'dns_record',
    'A record web.example.com → ip',
    '28448433',
    'https://cloud.digitalocean.com/networking/domains/example.com',
  ),
];
const view: SagaView = {
  id: '3f9a1c0b2e',
  blueprint: 'web-stack',
  tenant: 'acme',
  status: 'succeeded',
  requestedBy: 'UOPS',
  quoteCents: 700,
  quoteLines: [
    { label: 'droplet acme-web (s-1vcpu-1gb)', cents: 600 },
    { label: 'volume acme-web-data (10 GiB)', cents: 100 },
  ],
  steps,
  error: null,
  leftovers: [],
  addresses: [{ name: 'web.example.com', points_to: '45.55.96.47' }],
};
const failure =
  'dns (dns_record) failed: DigitalOcean POST /v2/domains/example.com/records failed: HTTP 422 <unprocessable_entity>';
const compensated: SagaView = {
  ...view,
  status: 'compensated',
  error: failure,
  steps: steps.map((s) => ({ ...s, status: 'compensated' })),
};
const failed: SagaView = {
  ...view,
  status: 'failed',
  error: failure,
  steps: steps.map((s) => ({ ...s, status: s.index === 1 ? 'compensation_failed' : 'compensated' })),
  leftovers: [
    {
      step: 'droplet',
      kind: 'droplet',
      providerId: '4242',
      what: 'droplet acme-web (s-1vcpu-1gb, nyc1): DigitalOcean DELETE /v2/droplets/4242 failed: HTTP 500',
    },
  ],
};
// The saga's droplet was destroyed out of band and its reserved IP given to another droplet.
const leftAlone: SagaView = {
  ...view,
  status: 'deprovisioned',
  steps: steps.map((s) => ({ ...s, status: s.name === 'ip' ? 'left_alone' : 'removed' })),
  leftovers: [
    {
      step: 'ip',
      kind: 'reserved_ip',
      providerId: '45.55.96.47',
      what: '45.55.96.47 is now assigned to droplet 205545370: not released',
    },
  ],
};

/** One golden file per message: a change to what people see shows up in review as a diff. */
const KINDS: Record<string, SlackMessage> = {
  'provision-requested': provisionRequestedMessage({ ...view, status: 'pending_approval' }),
  'provision-requested-over-budget': provisionRequestedMessage({
    ...view,
    status: 'pending_approval',
    budgetGate: {
      period: '2025-07',
      budgetCents: 50_000,
      forecastCents: 48_000,
      addedCents: 4_500,
      adminApprovedBy: null,
      financeApprovedBy: null,
    },
  }),
  'provision-approved': approvalDecidedMessage({ ...view, status: 'running' }, { approved: true, by: 'UADMIN', at }),
  'provision-rejected': approvalDecidedMessage({ ...view, status: 'rejected' }, { approved: false, by: 'UADMIN', at }),
  // Past the tenant's budget: started on the second approval, and both approvers are named.
  'provision-approved-budget': approvalDecidedMessage(
    {
      ...view,
      status: 'running',
      budgetGate: {
        period: '2026-06',
        budgetCents: 50_000,
        forecastCents: 49_000,
        addedCents: 2_100,
        adminApprovedBy: 'UADMIN',
        financeApprovedBy: 'UFINANCE',
      },
    },
    { approved: true, by: 'UFINANCE', at },
  ),
  // `arcadia saga approve|reject`: no one to mention.
  'provision-approved-cli': approvalDecidedMessage(
    { ...view, status: 'running' },
    { approved: true, by: CLI_USER, at },
  ),
  'provision-rejected-cli': approvalDecidedMessage(
    { ...view, status: 'rejected' },
    { approved: false, by: CLI_USER, at },
  ),
  'saga-step-done': stepProgressMessage(view, steps[0]!, 'done'),
  'saga-step-failed': stepProgressMessage(
    view,
    { ...steps[3]!, status: 'failed', error: 'DigitalOcean POST /v2/domains/example.com/records failed: HTTP 422' },
    'failed',
  ),
  'saga-succeeded': sagaFinishedMessage(view),
  'saga-compensated': sagaFinishedMessage(compensated),
  'saga-leftovers': leftoversMessage(failed),
  'saga-deprovisioned': sagaFinishedMessage({
    ...view,
    status: 'deprovisioned',
    steps: steps.map((s) => ({ ...s, status: 'removed' })),
  }),
  'saga-deprovisioned-left-alone': sagaFinishedMessage(leftAlone),
  'saga-step-left-alone': stepProgressMessage(leftAlone, leftAlone.steps[2]!, 'left_alone'),
  'deprovision-confirmed': deprovisionDecidedMessage(view, { confirmed: true, by: 'UADMIN', at }),
  'deprovision-cancelled': deprovisionDecidedMessage(view, { confirmed: false, by: 'UADMIN', at }),
  // A provision job that failed for good, its saga unfinished: what it made, and that it is re-driven.
  'saga-job-failed': sagaJobFailedMessage(
    view.id,
    {
      ...view,
      status: 'running',
      steps: steps.map((s) => (s.index <= 2 ? s : { ...s, status: 'pending', providerId: null, url: null })),
    },
    "It hit an error on Arcadia's side (ref k3v9x2). The details are in Arcadia's log.",
    '*/10 * * * *',
  ),
  'saga-job-failed-unread': sagaJobFailedMessage(
    view.id,
    null,
    "It hit an error on Arcadia's side (ref k3v9x2). The details are in Arcadia's log.",
    '*/10 * * * *',
  ),
};

function expectWithinLimits(message: SlackMessage): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
    if (block.type === 'actions')
      for (const el of block.elements) if (el.type === 'button') expect(el.text.text.length).toBeLessThanOrEqual(75);
  }
}

describe('provisioning messages', () => {
  for (const [kind, message] of Object.entries(KINDS)) {
    it(`${kind}: matches its golden file and stays within Block Kit limits`, async () => {
      expectWithinLimits(message);
      await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot(`./golden/${kind}.json`);
    });
  }

  it('the approval request stays within limits for a blueprint of 200 steps and a 140-character tenant', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      step(
        i + 1,
        `s${i}`,
        'dns_record',
        `A record host-${i}.${'x'.repeat(60)}.example.com → ip`,
        null,
        null,
        'pending',
      ),
    );
    const message = approvalRequestMessage({ ...view, tenant: 't'.repeat(140), steps: many });
    expectWithinLimits(message);
    expect(JSON.stringify(message.blocks)).toContain('more steps');
  });

  it('a failed step, its error and the leftovers are escaped, never read as Slack markup', () => {
    expect(JSON.stringify(leftoversMessage(failed).blocks)).not.toContain('<unprocessable_entity>');
    expect(JSON.stringify(sagaFinishedMessage(compensated).blocks)).toContain('&lt;unprocessable_entity&gt;');
  });
});

describe('the button registry', () => {
  it('every action id has exactly one handler, with an audience and what it does', () => {
    for (const name of Object.keys(ACTION_IDS) as ActionName[])
      expect(
        ACTION_HANDLERS.filter((h) => h.action === name),
        name,
      ).toHaveLength(1);
    expect(ACTION_HANDLERS).toHaveLength(Object.keys(ACTION_IDS).length);
    for (const h of ACTION_HANDLERS) {
      for (const a of typeof h.audience === 'string' ? [h.audience] : h.audience)
        expect(['everyone', 'admin', 'finance']).toContain(a);
      expect(h.does).toMatch(/^[a-z]/);
      expect(typeof h.handle).toBe('function');
    }
  });

  it('every button and select in every golden message is a registered action with a handler', () => {
    const dir = fileURLToPath(new URL('./golden/', import.meta.url));
    const ids = readdirSync(dir).flatMap((file) =>
      [...readFileSync(join(dir, file), 'utf8').matchAll(/"action_id": "([^"]+)"/g)].map((m) => m[1]!),
    );
    expect(ids.length).toBeGreaterThan(10);
    for (const id of new Set(ids)) {
      const name = actionNameOf(id);
      expect(name, id).toBeDefined();
      expect(
        ACTION_HANDLERS.some((h) => h.action === name),
        id,
      ).toBe(true);
    }
  });
});

describe('who may click', () => {
  const access = new AccessPolicy(loadConfig({ ARCADIA_ADMIN_USERS: 'UADMIN', ARCADIA_FINANCE_USERS: 'UFIN' }));

  it('admins only, finance only, either, or anyone; a refusal names the lists and says nothing changed', () => {
    expect(access.mayClick('admin', 'UADMIN', 'approve provisioning')).toBeNull();
    expect(access.mayClick('admin', 'UFIN', 'approve provisioning')).toBe(
      'Only Arcadia admins (ARCADIA_ADMIN_USERS) may approve provisioning; nothing was changed. Ask one of them to click it.',
    );
    expect(access.mayClick(['admin', 'finance'], 'UFIN', 'act on findings')).toBeNull();
    expect(access.mayClick(['admin', 'finance'], 'USTRANGER', 'act on findings')).toBe(
      'Only Arcadia admins (ARCADIA_ADMIN_USERS) and finance users (ARCADIA_FINANCE_USERS) may act on findings; nothing was changed. Ask one of them to click it.',
    );
    expect(access.mayClick('everyone', 'USTRANGER', 'open a page')).toBeNull();
  });

  it('a click on a message carries the message; one in a view (the Home tab) carries none', () => {
    const action = {
      type: 'button',
      action_id: 'x',
      block_id: 'b',
      value: 'v',
      action_ts: '1',
      text: { type: 'plain_text', text: 'X' },
    };
    const onMessage = {
      type: 'block_actions',
      user: { id: 'U1' },
      actions: [action],
      channel: { id: 'C1' },
      message: { ts: '1.2' },
      container: { type: 'message', is_ephemeral: true },
    } as unknown as BlockAction;
    expect(clickOf(onMessage)).toEqual({
      actionId: 'x',
      value: 'v',
      userId: 'U1',
      message: { channelId: 'C1', ts: '1.2', ephemeral: true },
    });
    const inView = {
      type: 'block_actions',
      user: { id: 'U1' },
      actions: [action],
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1' },
    } as unknown as BlockAction;
    expect(clickOf(inView)?.message).toBeUndefined();
  });
});
