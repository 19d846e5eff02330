import { describe, expect, it } from 'vitest';
import { ACTION_IDS, actionAudience, type ActionAudience } from '../../../src/slack/blocks/action-ids.js';
import { forViewer } from '../../../src/slack/blocks/viewer.js';
import type { Block } from '../../../src/slack/blocks/message.js';
import { AccessPolicy } from '../../../src/slack/access.js';
import { ACTION_HANDLERS } from '../../../src/slack/actions/index.js';
import { loadConfig } from '../../../src/config.js';

const button = (text: string, action_id: string) =>
  ({ type: 'button', text: { type: 'plain_text', text }, action_id, value: 'v' }) as const;
const blocks: Block[] = [
  { type: 'section', text: { type: 'mrkdwn', text: '*$12.00/month* idle' } },
  {
    type: 'actions',
    block_id: 'finding:k',
    elements: [
      button('Acknowledge', ACTION_IDS.findingAcknowledge),
      {
        type: 'users_select',
        action_id: ACTION_IDS.findingAssign,
        placeholder: { type: 'plain_text', text: 'Assign' },
      },
      { ...button('Open in DigitalOcean', ACTION_IDS.findingOpenInDo), url: 'https://cloud.digitalocean.com' },
    ],
  },
  { type: 'actions', elements: [button('Approve', ACTION_IDS.sagaApprove), button('Reject', ACTION_IDS.sagaReject)] },
  {
    type: 'section',
    text: { type: 'mrkdwn', text: 'Invoice refused' },
    accessory: button('Replace', ACTION_IDS.invoiceReplace),
  },
  { type: 'context', elements: [{ type: 'mrkdwn', text: 'Only Arcadia admins may approve' }] },
];
const only =
  (...roles: ('admin' | 'finance')[]) =>
  (audience: ActionAudience) => {
    const of = typeof audience === 'string' ? [audience] : audience;
    return of.includes('everyone') || of.some((a) => (roles as string[]).includes(a));
  };
const ids = (shown: Block[]) => JSON.stringify(shown).match(/"action_id":"[a-z_0-9]+"/g) ?? [];

describe('forViewer', () => {
  it('keeps every button for someone who may press them all, the blocks unchanged', () => {
    expect(forViewer(blocks, only('admin', 'finance'))).toEqual(blocks);
  });

  it('leaves out what the viewer may not press, an emptied actions block and a section accessory with it', () => {
    const shown = forViewer(blocks, only());
    expect(ids(shown)).toEqual([`"action_id":"${ACTION_IDS.findingOpenInDo}"`]);
    expect(shown.map((b) => b.type)).toEqual(['section', 'actions', 'section', 'context']);
    // The text around the buttons stays; the finding's block keeps its id (its state line is found by it).
    expect(shown[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Invoice refused' } });
    expect((shown[1] as { block_id?: string }).block_id).toBe('finding:k');
  });

  it('judges each element by its own audience: finance sees the finding buttons and Replace, not Approve', () => {
    expect(ids(forViewer(blocks, only('finance')))).toEqual([
      `"action_id":"${ACTION_IDS.findingAcknowledge}"`,
      `"action_id":"${ACTION_IDS.findingAssign}"`,
      `"action_id":"${ACTION_IDS.findingOpenInDo}"`,
      `"action_id":"${ACTION_IDS.invoiceReplace}"`,
    ]);
    expect(ids(forViewer(blocks, only('admin')))).not.toContain(`"action_id":"${ACTION_IDS.invoiceReplace}"`);
  });

  it("shows exactly what the handler lets through: AccessPolicy.canPress is the handler's own check", () => {
    const access = new AccessPolicy(loadConfig({ ARCADIA_ADMIN_USERS: 'UADMIN', ARCADIA_FINANCE_USERS: 'UFIN' }));
    for (const user of ['UADMIN', 'UFIN', 'UOPS'])
      for (const handler of ACTION_HANDLERS) {
        // Declared once: the handler's audience is the one beside its id.
        expect(handler.audience).toBe(actionAudience(handler.action));
        expect(access.canPress(user)(handler.audience)).toBe(
          access.mayClick(handler.audience, user, handler.does) === null,
        );
      }
    expect(ids(forViewer(blocks, access.canPress('UOPS')))).toEqual([`"action_id":"${ACTION_IDS.findingOpenInDo}"`]);
  });
});
