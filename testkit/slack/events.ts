import { createHmac, randomUUID } from 'node:crypto';

/** Slack's request signature headers for a body: `v0=` HMAC-SHA256 of `v0:TIMESTAMP:BODY` with the signing secret. */
export function signedHeaders(
  rawBody: string,
  secret: string,
  ts = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const sig = createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': String(ts), 'X-Slack-Signature': `v0=${sig}` };
}

/** The Events API envelope Slack wraps an event in (`event_callback`), as JSON. */
export function eventEnvelope(
  event: Record<string, unknown>,
  workspace: { teamId: string; botUserId: string },
  eventId = `Ev${randomUUID().slice(0, 8)}`,
): string {
  return JSON.stringify({
    token: 'deprecated',
    team_id: workspace.teamId,
    api_app_id: 'AARCADIA',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: workspace.teamId, user_id: workspace.botUserId, is_bot: true }],
  });
}

/** A message timestamp as Slack writes them (`seconds.micro`), unique enough for one run. */
export function messageTs(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomUUID().slice(0, 6).replace(/\D/g, '1')}`;
}

/** The `message`/`file_share` event Slack sends when someone uploads files to a channel. */
export function fileShareEvent(
  files: readonly object[],
  who: { user: string; channel: string },
  ts = messageTs(),
  text = '',
) {
  return {
    type: 'message',
    subtype: 'file_share',
    channel: who.channel,
    channel_type: 'channel',
    user: who.user,
    text,
    ts,
    event_ts: ts,
    upload: true,
    display_as_bot: false,
    files,
  };
}

/** A `/cloud` invocation as Slack posts it (form-encoded), with the response_url Arcadia answers on. */
export function slashCommandBody(
  text: string,
  who: { user: string; channel: string },
  workspace: { teamId: string },
  responseUrl: string,
): string {
  return new URLSearchParams({
    token: 'deprecated',
    team_id: workspace.teamId,
    team_domain: 'arcadia',
    channel_id: who.channel,
    channel_name: 'ops',
    user_id: who.user,
    user_name: 'someone',
    command: '/cloud',
    text,
    api_app_id: 'AARCADIA',
    response_url: responseUrl,
    trigger_id: `trigger-${randomUUID()}`,
  }).toString();
}

/**
 * The element with `actionId` in `blocks` (an actions block's element or a section's accessory),
 * with its block's id, as Slack reports an action on it. A users_select reports the person picked.
 */
export function findElement(
  blocks: Record<string, unknown>[],
  actionId: string,
  where: string,
  options: { selectedUser?: string; blockId?: string } = {},
): Record<string, unknown> {
  for (const block of blocks) {
    if (options.blockId !== undefined && block.block_id !== options.blockId) continue;
    const elements = [
      ...((block.elements as Record<string, unknown>[] | undefined) ?? []),
      ...(block.accessory ? [block.accessory as Record<string, unknown>] : []),
    ];
    for (const el of elements) {
      if (el.action_id !== actionId) continue;
      const action_ts = `${Math.floor(Date.now() / 1000)}.${randomUUID().slice(0, 6).replace(/\D/g, '7')}`;
      if (el.type === 'button') {
        const { confirm: _confirm, ...button } = el;
        return { ...button, block_id: block.block_id, action_ts };
      }
      if (el.type === 'users_select') {
        if (!options.selectedUser) throw new Error(`${actionId} is a users_select: give selectedUser`);
        return {
          type: 'users_select',
          action_id: actionId,
          block_id: block.block_id,
          selected_user: options.selectedUser,
          action_ts,
        };
      }
      throw new Error(`${actionId} in ${where} is a ${String(el.type)}, which the harness cannot click`);
    }
  }
  throw new Error(`no element ${actionId}${options.blockId ? ` in block ${options.blockId}` : ''} in ${where}`);
}

/** A `block_actions` delivery (form-encoded, one `payload` field of JSON) for `action` on a message, as Slack sends it. */
export function blockActionsBody(click: {
  message: object;
  where: { channel: string; ts: string };
  user: string;
  workspace: { teamId: string };
  responseUrl: string;
  triggerId: string;
  action: Record<string, unknown>;
}): string {
  const { where, user, workspace } = click;
  const payload = {
    type: 'block_actions',
    user: { id: user, username: 'someone', name: 'someone', team_id: workspace.teamId },
    api_app_id: 'AARCADIA',
    token: 'deprecated',
    container: { type: 'message', message_ts: where.ts, channel_id: where.channel, is_ephemeral: false },
    trigger_id: click.triggerId,
    team: { id: workspace.teamId, domain: 'arcadia' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: where.channel, name: 'ops' },
    message: click.message,
    state: { values: {} },
    response_url: click.responseUrl,
    actions: [click.action],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * A `block_actions` delivery for a click on the button with `actionId` in a message, as Slack
 * sends it; throws when the message has no such element.
 */
export function buttonClickBody(
  message: { ts: string; blocks: Record<string, unknown>[] } & Record<string, unknown>,
  where: { channel: string; ts: string },
  actionId: string,
  user: string,
  workspace: { teamId: string },
  responseUrl: string,
): string {
  const action = findElement(message.blocks, actionId, `message ${message.ts}`);
  return blockActionsBody({
    message,
    where,
    user,
    workspace,
    responseUrl,
    triggerId: `trigger-${randomUUID()}`,
    action,
  });
}
