import { createHmac, randomUUID } from 'node:crypto';
import type { PostedMessage, SlackFile, SlackStandin } from '../../testkit/slack/slack-standin.js';

export const SIGNING_SECRET = 'test-signing-secret';

export function signedHeaders(rawBody: string, ts = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET): Record<string, string> {
  const sig = createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': String(ts), 'X-Slack-Signature': `v0=${sig}` };
}

export interface PostResult {
  status: number;
  body: string;
  json(): Record<string, unknown>;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  return { status: res.status, body: text, json: () => (text ? (JSON.parse(text) as Record<string, unknown>) : {}) };
}

/** Drives the app's `/slack/events` endpoint the way Slack does. */
export class SlackClientSim {
  constructor(
    private readonly eventsUrl: () => string,
    private readonly slack: SlackStandin,
  ) {}

  /** A `/cloud` invocation: form-encoded, signed, with a response_url on the stand-in. */
  async command(text: string, who: { user: string; channel: string }, options: { ts?: number; secret?: string } = {}): Promise<PostResult & { responseUrl: string }> {
    const responseUrl = this.slack.responseUrl();
    const body = new URLSearchParams({
      token: 'deprecated',
      team_id: this.slack.teamId,
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
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', ...signedHeaders(body, options.ts, options.secret) };
    return { ...(await post(this.eventsUrl(), body, headers)), responseUrl };
  }

  /** An Events API delivery (JSON), optionally marked as Slack's retry of an earlier one, signed with `secret` when given. */
  async event(event: Record<string, unknown>, options: { eventId?: string; retryNum?: number; secret?: string } = {}): Promise<PostResult> {
    const body = JSON.stringify({
      token: 'deprecated',
      team_id: this.slack.teamId,
      api_app_id: 'AARCADIA',
      event,
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${randomUUID().slice(0, 8)}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.slack.teamId, user_id: this.slack.botUserId, is_bot: true }],
    });
    const retry: Record<string, string> = options.retryNum ? { 'X-Slack-Retry-Num': String(options.retryNum), 'X-Slack-Retry-Reason': 'http_timeout' } : {};
    return post(this.eventsUrl(), body, { 'Content-Type': 'application/json', ...signedHeaders(body, undefined, options.secret), ...retry });
  }

  /** The `message`/`file_share` event Slack sends when someone uploads files to a channel. */
  fileShare(files: (SlackFile | Record<string, unknown>)[], who: { user: string; channel: string }, ts = `${Math.floor(Date.now() / 1000)}.${randomUUID().slice(0, 6).replace(/\D/g, '1')}`) {
    return { type: 'message', subtype: 'file_share', channel: who.channel, channel_type: 'channel', user: who.user, text: '', ts, event_ts: ts, upload: true, display_as_bot: false, files };
  }
}

export interface ClickOptions {
  /** Request timestamp (seconds); an old one is a replay. */
  ts?: number;
  secret?: string;
  /** The message as a client that has not refreshed still shows it (buttons an update has since removed). */
  message?: PostedMessage;
}

/** The button with `actionId` in a message's blocks, with its block's id, as Slack reports a click on it. */
function findButton(message: PostedMessage, actionId: string): Record<string, unknown> {
  for (const block of message.blocks) {
    for (const el of (block.elements as Record<string, unknown>[] | undefined) ?? []) {
      if (el.type === 'button' && el.action_id === actionId) {
        const { confirm: _confirm, ...button } = el;
        return { ...button, block_id: block.block_id, action_ts: `${Math.floor(Date.now() / 1000)}.${randomUUID().slice(0, 6).replace(/\D/g, '7')}` };
      }
    }
  }
  throw new Error(`no button ${actionId} in message ${message.ts}`);
}

/**
 * A `block_actions` delivery for a click on a button of a message the stand-in holds: form-encoded
 * with one `payload` field of JSON, signed like any request from Slack.
 */
export async function clickButton(
  eventsUrl: string,
  slack: SlackStandin,
  where: { channel: string; ts: string },
  actionId: string,
  user: string,
  options: ClickOptions = {},
): Promise<PostResult & { responseUrl: string }> {
  const message = options.message ?? slack.messages.get(`${where.channel}/${where.ts}`);
  if (!message) throw new Error(`the stand-in has no message ${where.ts} in ${where.channel}`);
  const responseUrl = slack.responseUrl();
  const payload = {
    type: 'block_actions',
    user: { id: user, username: 'someone', name: 'someone', team_id: slack.teamId },
    api_app_id: 'AARCADIA',
    token: 'deprecated',
    container: { type: 'message', message_ts: where.ts, channel_id: where.channel, is_ephemeral: false },
    trigger_id: `trigger-${randomUUID()}`,
    team: { id: slack.teamId, domain: 'arcadia' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: where.channel, name: 'ops' },
    message,
    state: { values: {} },
    response_url: responseUrl,
    actions: [findButton(message, actionId)],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { ...(await post(eventsUrl, body, { 'Content-Type': 'application/x-www-form-urlencoded', ...signedHeaders(body, options.ts, options.secret) })), responseUrl };
}

/** Text of everything a Slack message carries, for assertions that read like what a person sees. */
export function textOf(params: Record<string, unknown>): string {
  return `${String(params.text ?? '')}\n${JSON.stringify(params.blocks ?? [])}`;
}
