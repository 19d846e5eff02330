import { randomUUID } from 'node:crypto';
import type { PostedMessage, SlackFile, SlackStandin } from '../../testkit/slack/slack-standin.js';
import {
  blockActionsBody,
  eventEnvelope,
  fileShareEvent,
  findElement,
  messageTs,
  signedHeaders as sign,
  slashCommandBody,
} from '../../testkit/slack/events.js';

export const SIGNING_SECRET = 'test-signing-secret';

export function signedHeaders(
  rawBody: string,
  ts = Math.floor(Date.now() / 1000),
  secret = SIGNING_SECRET,
): Record<string, string> {
  return sign(rawBody, secret, ts);
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
  async command(
    text: string,
    who: { user: string; channel: string },
    options: { ts?: number; secret?: string } = {},
  ): Promise<PostResult & { responseUrl: string }> {
    const responseUrl = this.slack.responseUrl();
    const body = slashCommandBody(text, who, this.slack, responseUrl);
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...signedHeaders(body, options.ts, options.secret),
    };
    return { ...(await post(this.eventsUrl(), body, headers)), responseUrl };
  }

  /** An Events API delivery (JSON), optionally marked as Slack's retry of an earlier one, signed with `secret` when given. */
  async event(
    event: Record<string, unknown>,
    options: { eventId?: string; retryNum?: number; secret?: string } = {},
  ): Promise<PostResult> {
    const body = eventEnvelope(event, this.slack, options.eventId);
    const retry: Record<string, string> = options.retryNum
      ? { 'X-Slack-Retry-Num': String(options.retryNum), 'X-Slack-Retry-Reason': 'http_timeout' }
      : {};
    return post(this.eventsUrl(), body, {
      'Content-Type': 'application/json',
      ...signedHeaders(body, undefined, options.secret),
      ...retry,
    });
  }

  /** The `message`/`file_share` event Slack sends when someone uploads files to a channel. */
  fileShare(files: (SlackFile | Record<string, unknown>)[], who: { user: string; channel: string }, ts = messageTs()) {
    return fileShareEvent(files, who, ts);
  }
}

export interface ClickOptions {
  /** Request timestamp (seconds); an old one is a replay. */
  ts?: number;
  secret?: string;
  /** The message as a client that has not refreshed still shows it (buttons an update has since removed). */
  message?: PostedMessage;
  /** For a users_select: the person picked. */
  selectedUser?: string;
  /** The block holding the element, when several blocks carry the same action_id (one per finding). */
  blockId?: string;
}

/**
 * A `block_actions` delivery for a click on a button (or a pick in a users_select) of a message the
 * stand-in holds: form-encoded with one `payload` field of JSON, signed like any request from Slack.
 */
export async function clickButton(
  eventsUrl: string,
  slack: SlackStandin,
  where: { channel: string; ts: string },
  actionId: string,
  user: string,
  options: ClickOptions = {},
): Promise<PostResult & { responseUrl: string; triggerId: string }> {
  const message = options.message ?? slack.messages.get(`${where.channel}/${where.ts}`);
  if (!message) throw new Error(`the stand-in has no message ${where.ts} in ${where.channel}`);
  // Like Slack's, the click's response_url is tied to the message: replace_original rewrites it.
  const responseUrl = slack.responseUrl(where);
  const triggerId = `trigger-${randomUUID()}`;
  const body = blockActionsBody({
    message,
    where,
    user,
    workspace: { teamId: slack.teamId },
    responseUrl,
    triggerId,
    action: findElement(message.blocks, actionId, `message ${message.ts}`, options),
  });
  return {
    ...(await post(eventsUrl, body, {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...signedHeaders(body, options.ts, options.secret),
    })),
    responseUrl,
    triggerId,
  };
}

/**
 * A `block_actions` delivery for a click in a view the app published (the Home tab): no channel,
 * no message and no response_url, as Slack sends it; the container names the view.
 */
export async function clickInView(
  eventsUrl: string,
  slack: SlackStandin,
  view: Record<string, unknown> & { id: string; blocks: Record<string, unknown>[] },
  actionId: string,
  user: string,
  options: Pick<ClickOptions, 'ts' | 'secret'> = {},
): Promise<PostResult> {
  const payload = {
    type: 'block_actions',
    user: { id: user, username: 'someone', name: 'someone', team_id: slack.teamId },
    api_app_id: 'AARCADIA',
    token: 'deprecated',
    container: { type: 'view', view_id: view.id },
    trigger_id: `trigger-${randomUUID()}`,
    team: { id: slack.teamId, domain: 'arcadia' },
    enterprise: null,
    is_enterprise_install: false,
    view: {
      ...view,
      team_id: slack.teamId,
      app_id: 'AARCADIA',
      bot_id: slack.botId,
      state: { values: {} },
      hash: randomUUID(),
    },
    actions: [findElement(view.blocks, actionId, `view ${view.id}`)],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return post(eventsUrl, body, {
    'Content-Type': 'application/x-www-form-urlencoded',
    ...signedHeaders(body, options.ts, options.secret),
  });
}

/** Text of everything a Slack message carries, for assertions that read like what a person sees. */
export function textOf(params: Record<string, unknown>): string {
  return `${String(params.text ?? '')}\n${JSON.stringify(params.blocks ?? [])}`;
}
