import { LogLevel, webApi } from '@slack/bolt';
import type { Config } from '../config.js';

/** Slack's file host; tokens are only ever sent there (or to SLACK_API_URL's host when it is set). */
export const SLACK_FILE_HOST = 'files.slack.com';

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

/** The host (with port) whose URLs may receive the bot token for file downloads. */
export function slackFileHost(config: Pick<Config, 'SLACK_API_URL'>): string {
  return config.SLACK_API_URL ? new URL(config.SLACK_API_URL).host : SLACK_FILE_HOST;
}
