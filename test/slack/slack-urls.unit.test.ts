import { describe, expect, it } from 'vitest';
import type { AnyMiddlewareArgs } from '@slack/bolt';
import { isSlackResponseUrl, slackResponseUrlsOnly } from '../../src/slack/response-url.js';
import { checkFileUrl } from '../../src/slack/download-file.js';
import { FileRefusedError } from '../../src/slack/errors.js';
import { slackFileOrigins } from '../../src/slack/web-client.js';
import { keptLog } from '../helpers/bolt.js';

const STANDIN = 'http://127.0.0.1:4567/api/';

describe('response_url hosts', () => {
  it("takes Slack's hooks host over https, and the configured Web API's origin (the stand-in)", () => {
    expect(isSlackResponseUrl('https://hooks.slack.com/commands/T1/2/abc', undefined)).toBe(true);
    expect(isSlackResponseUrl('http://127.0.0.1:4567/response/abc', STANDIN)).toBe(true);
  });

  it('refuses any other host, plain http to Slack, credentials in the URL and what is no URL', () => {
    for (const url of [
      'http://hooks.slack.com/commands/T1/2/abc',
      'https://hooks.slack.com.attacker.example/commands/T1/2/abc',
      'https://attacker.example/commands/T1/2/abc',
      'https://user:pw@hooks.slack.com/commands/T1/2/abc',
      'http://127.0.0.1:4568/response/abc',
      'not a url',
    ]) {
      expect(isSlackResponseUrl(url, STANDIN), url).toBe(false);
    }
    expect(isSlackResponseUrl('http://127.0.0.1:4567/response/abc', undefined)).toBe(false);
  });

  it('drops a request whose response_url is not Slack’s before any listener, acknowledging it and logging no URL', async () => {
    const { log, lines } = keptLog();
    const guard = slackResponseUrlsOnly(STANDIN, log);
    const run = async (body: Record<string, unknown>) => {
      const seen = { next: 0, ack: 0 };
      const args = {
        body,
        next: async () => void (seen.next += 1),
        ack: async () => void (seen.ack += 1),
      } as unknown as AnyMiddlewareArgs & { next: () => Promise<void> };
      await guard(args as never);
      return seen;
    };
    expect(await run({ command: '/cloud', response_url: 'https://attacker.example/commands/secret-path' })).toEqual({
      next: 0,
      ack: 1,
    });
    expect(JSON.stringify(lines)).toContain('attacker.example');
    expect(JSON.stringify(lines)).not.toContain('secret-path');
    expect(await run({ command: '/cloud', response_url: 'https://hooks.slack.com/commands/T1/2/abc' })).toEqual({
      next: 1,
      ack: 0,
    });
    // Events carry no response_url at all.
    expect(await run({ event: { type: 'app_home_opened' } })).toEqual({ next: 1, ack: 0 });
  });
});

describe('file download URLs', () => {
  const slackOnly = slackFileOrigins({ SLACK_API_URL: undefined });
  const withStandin = slackFileOrigins({ SLACK_API_URL: STANDIN });

  it("takes Slack's file host over https, and the configured Web API's origin", () => {
    expect(checkFileUrl('F1', 'https://files.slack.com/files-pri/T1-F1/download/june.csv', slackOnly).host).toBe(
      'files.slack.com',
    );
    expect(checkFileUrl('F1', 'http://127.0.0.1:4567/files-pri/T1-F1/download/june.csv', withStandin).port).toBe(
      '4567',
    );
  });

  it('refuses plain http to Slack, other hosts and ports, and credentials, before the token is sent', () => {
    for (const url of [
      'http://files.slack.com/files-pri/T1-F1/download/june.csv',
      'https://files.slack.com.attacker.example/june.csv',
      'https://files.slack.com:8443/files-pri/T1-F1/download/june.csv',
      'https://u:p@files.slack.com/files-pri/T1-F1/download/june.csv',
      'http://127.0.0.1:4568/files-pri/T1-F1/download/june.csv',
    ]) {
      expect(() => checkFileUrl('F1', url, withStandin), url).toThrow(FileRefusedError);
    }
    expect(() => checkFileUrl('F1', 'http://files.slack.com/x.csv', slackOnly)).toThrow(
      "its download URL is not on Slack's file host (https://files.slack.com)",
    );
  });
});
