import type { Config } from '../config.js';
import { ConfigError, ServiceUnavailableError, errorMessage } from '../errors.js';
import { slackWebClient } from './web-client.js';

/** Slack's answers to auth.test that mean the token itself is wrong, not that Slack is unreachable. */
const REFUSED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

/**
 * Asks Slack who the bot token belongs to (auth.test) before anything announces a start, so a wrong
 * token stops `arcadia start` with one line instead of a stack from inside the Slack SDK.
 */
export async function checkBotToken(
  config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>,
): Promise<{ team: string; user: string }> {
  try {
    const answer = await slackWebClient(config).auth.test();
    return { team: String(answer.team ?? ''), user: String(answer.user ?? '') };
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code && REFUSED.has(code)) {
      throw new ConfigError([
        {
          variable: 'SLACK_BOT_TOKEN',
          problem: `Slack refused it (${code}); copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page, and reinstall the app if it was revoked`,
        },
      ]);
    }
    throw new ServiceUnavailableError(
      'Slack',
      config.SLACK_API_URL ?? 'https://slack.com/api',
      'Check the network (or SLACK_API_URL) and try again.',
      new Error(code ?? errorMessage(err)),
    );
  }
}
