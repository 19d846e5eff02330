import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import { PermanentDeliveryError, ResponseUrlError } from './outbox/errors.js';
import { onSlackOrigin, SLACK_HOOKS_ORIGIN, slackOrigins } from './web-client.js';

const TIMEOUT_MS = 10_000;
/** Slack accepts up to 5 posts to one response_url, within 30 minutes of the command. */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
// Kept-alive connections: a burst of replies to Slack's hooks host reuses a few sockets.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/**
 * Whether a response_url is Slack's (https://hooks.slack.com) or on the configured Web API's origin
 * (`webApiUrl`: SLACK_API_URL, e.g. the stand-in). Any other would have the bot post its answers
 * (inventory, invoices) wherever a forged payload pointed.
 */
export function isSlackResponseUrl(raw: string, webApiUrl: string | undefined): boolean {
  try {
    return onSlackOrigin(new URL(raw), slackOrigins(SLACK_HOOKS_ORIGIN, webApiUrl));
  } catch {
    return false;
  }
}

/**
 * Global middleware: a request whose response_url is not Slack's (see isSlackResponseUrl) is
 * acknowledged and dropped, reaching no listener, so neither Arcadia nor Bolt's `respond` posts to it.
 */
export function slackResponseUrlsOnly(webApiUrl: string | undefined, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const responseUrl = (args.body as { response_url?: unknown }).response_url;
    if (responseUrl === undefined || (typeof responseUrl === 'string' && isSlackResponseUrl(responseUrl, webApiUrl)))
      return args.next();
    // The URL itself is not logged: it is a bearer credential for the conversation it answers.
    log.warn(
      { host: hostOf(responseUrl) },
      "request dropped: its response_url is not on Slack's hooks host over https",
    );
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  };
}

function hostOf(raw: unknown): string | null {
  try {
    return new URL(String(raw)).host;
  } catch {
    return null;
  }
}

export interface ResponseUrlOptions {
  /** The configured Web API URL (SLACK_API_URL), whose origin response_urls may be on besides Slack's hooks host. */
  webApiUrl?: string;
  /** Posts tried at most (each may count as one of the URL's uses). @defaultValue 5 */
  attempts?: number;
  /** When the URL stops working (ms since the epoch): no attempt starts after it. @defaultValue now + 30 minutes */
  deadline?: number;
  /** Wait before the second retry, quadrupling after each (the first retry is immediate). @defaultValue 250 */
  retryDelayMs?: number;
}

/**
 * Posts a message to a slash command's response_url, and keeps trying when the post fails in a way
 * a later one may not: a reset or closed connection (typically a kept-alive socket the receiver
 * has just closed as idle), a timeout, a 408, 429 or 5xx. Retries go out on a fresh connection, the
 * first at once, within the URL's five uses and 30 minutes. Other 4xx (expired, used up) are final.
 */
export async function postToResponseUrl(
  responseUrl: string,
  payload: Record<string, unknown>,
  options: ResponseUrlOptions = {},
): Promise<void> {
  if (!isSlackResponseUrl(responseUrl, options.webApiUrl)) {
    throw new PermanentDeliveryError(
      'response_url_not_slack',
      new Error("response_url is not on Slack's hooks host over https"),
    );
  }
  const attempts = Math.min(options.attempts ?? RESPONSE_URL_USES, RESPONSE_URL_USES);
  const deadline = options.deadline ?? Date.now() + RESPONSE_URL_LIFETIME_MS;
  const body = JSON.stringify(payload);
  let delay = options.retryDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await postOnce(new URL(responseUrl), body, attempt === 1);
    } catch (err) {
      if (attempt >= attempts || !worthRetrying(err)) throw err;
      if (attempt > 1) {
        if (Date.now() + delay > deadline) throw err;
        await new Promise((r) => setTimeout(r, delay));
        delay *= 4;
      }
    }
  }
}

function worthRetrying(err: unknown): boolean {
  if (err instanceof ResponseUrlError) return err.status >= 500 || err.status === 408 || err.status === 429;
  // Network failures: reset, refused, hang up, timeout.
  return true;
}

/**
 * One post. Plain node:http(s) rather than fetch: replies share the event loop with the acks of the
 * commands still arriving, and in a burst of 200 a fetch post cost about 2.5 times the CPU of this
 * one (scratch measurement, 1.4 ms against 0.55 ms). A retry takes a new socket of its own rather
 * than another pooled one, which may have been closed by the receiver too.
 */
function postOnce(url: URL, body: string, pooled: boolean): Promise<void> {
  const secure = url.protocol === 'https:';
  return new Promise<void>((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new ResponseUrlError(status));
      });
      res.on('error', reject);
    };
    const options = {
      method: 'POST',
      agent: pooled ? (secure ? httpsAgent : httpAgent) : false,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) },
      timeout: TIMEOUT_MS,
    };
    const req = secure ? httpsRequest(url, options, onResponse) : httpRequest(url, options, onResponse);
    req.on('timeout', () => req.destroy(new Error(`response_url did not answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}
