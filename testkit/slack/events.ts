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
