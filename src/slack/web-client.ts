import { LogLevel, webApi } from '@slack/bolt';
import type { Config } from '../config.js';

/** Slack's file host, over https: the bot token is only ever sent there for a download (or to SLACK_API_URL's origin when it is set). */
export const SLACK_FILE_ORIGIN = 'https://files.slack.com';
/** Where Slack's response_urls point, over https. */
export const SLACK_HOOKS_ORIGIN = 'https://hooks.slack.com';

/**
 * A Web API client for code that posts outside Bolt listeners (the outbox). A 429 is thrown, not
 * waited out inside the client, so the outbox can pause its queue for Retry-After instead of
 * blocking a worker; other failures are retried by the queue, which keeps the message meanwhile.
 */
export function slackWebClient(config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>): webApi.WebClient {
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
}

/**
 * The origins a URL in a Slack payload may point to: Slack's own (`slackOrigin`), and the configured
 * Web API's (SLACK_API_URL, e.g. the stand-in, which serves files and response_urls on its origin).
 */
export function slackOrigins(slackOrigin: string, webApiUrl: string | undefined): string[] {
  return webApiUrl ? [slackOrigin, new URL(webApiUrl).origin] : [slackOrigin];
}

/** Whether `url` is on one of `origins` (scheme, host and port alike) and carries no credentials. */
export function onSlackOrigin(url: URL, origins: readonly string[]): boolean {
  return origins.includes(url.origin) && !url.username && !url.password;
}

/** The origins whose URLs may receive the bot token for file downloads. */
export function slackFileOrigins(config: Pick<Config, 'SLACK_API_URL'>): string[] {
  return slackOrigins(SLACK_FILE_ORIGIN, config.SLACK_API_URL);
}
