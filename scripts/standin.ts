/**
 * `npm run standin`: everything Arcadia talks to, offline, for trying the commands by hand. Starts
 * throwaway Redis and MongoDB-wire servers (unless REDIS_URL and MONGODB_URI are already set), a
 * DigitalOcean stand-in serving the sample account and a Slack Web API stand-in, prints the
 * `export ...` lines that point Arcadia at them, and stays up until Ctrl-C, which stops them all.
 * The Slack half is visible too: every message the bot posts is appended to a transcript file (and
 * served at /transcript), and a file POSTed to /share-file reaches Arcadia as a Slack upload would.
 * Test kit, not product: nothing in src/ imports it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseUri, startLocalServices, type LocalServices } from '../testkit/local-services.js';
import { DoStandin } from '../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../testkit/digitalocean/account.js';
import { SlackStandin } from '../testkit/slack/slack-standin.js';

/** Shell-safe as printed: every value here is a URL or a token of letters, digits and `_-:/.?=`. */
function exportLine(name: string, value: string): string {
  return `export ${name}=${value}`;
}

async function main(): Promise<void> {
  let services: LocalServices | undefined;
  const given = process.env.REDIS_URL && process.env.MONGODB_URI;
  if (!given) services = await startLocalServices();
  const digitalocean = new DoStandin(sampleAccount());
  const slack = new SlackStandin();
  const signingSecret = `standin-${randomBytes(8).toString('hex')}`;
  const port = process.env.PORT ?? '3000';
  const transcriptFile = join(mkdtempSync(join(tmpdir(), 'arcadia-standin-')), 'slack-transcript.log');
  writeFileSync(transcriptFile, '');
  slack.recordTo(transcriptFile);
  // An upload through /share-file is delivered to `arcadia start` as Slack would, signed with the secret printed below.
  slack.sendEventsTo(`http://127.0.0.1:${port}/slack/events`, signingSecret);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.allSettled([digitalocean.stop(), slack.stop()]);
      await services?.stop();
    })());

  try {
    await digitalocean.start();
    await slack.start();
  } catch (err) {
    await stop();
    throw err;
  }

  const env: [string, string][] = [
    ['DIGITALOCEAN_API_URL', digitalocean.url],
    ['DIGITALOCEAN_TOKEN', digitalocean.token],
    ['SLACK_API_URL', slack.apiUrl],
    ['SLACK_BOT_TOKEN', slack.token],
    // The stand-in signs the events it sends Arcadia (a /share-file upload) with this one.
    ['SLACK_SIGNING_SECRET', signingSecret],
    ['PORT', port],
    // Who may upload invoices, and where: the stand-in's /share-file uploads as this user, in this channel.
    ['ARCADIA_FINANCE_USERS', slack.defaultUploader.user],
    ['ARCADIA_FINANCE_CHANNEL', slack.defaultUploader.channel],
    ['MONGODB_URI', process.env.MONGODB_URI ?? databaseUri(services!.mongoUri, 'arcadia')],
    ['REDIS_URL', process.env.REDIS_URL ?? services!.redisUrl],
  ];
  const spaces: [string, string][] = [
    ['ARCADIA_SPACES_KEY', digitalocean.spacesKey],
    ['ARCADIA_SPACES_SECRET', 'standin-secret'],
    ['ARCADIA_SPACES_ENDPOINT', digitalocean.url],
  ];
  // Not Arcadia's settings: where to read the Slack half, for the commands printed below.
  const standinEnv: [string, string][] = [
    ['SLACK_STANDIN_URL', slack.url],
    ['SLACK_STANDIN_TRANSCRIPT', transcriptFile],
  ];
  console.log(
    [
      `DigitalOcean stand-in (the sample account) at ${digitalocean.url}, Slack Web API stand-in at ${slack.apiUrl}`,
      services
        ? `throwaway Redis at ${services.redisUrl}, ${services.mongoFlavor} at ${services.mongoUri}`
        : 'Redis and MongoDB: the REDIS_URL and MONGODB_URI already set',
      '',
      'In another shell, paste:',
      '',
      ...env.map(([name, value]) => exportLine(name, value)),
      '',
      'and, to list Spaces buckets too (without them the spaces_bucket kind is skipped):',
      '',
      ...spaces.map(([name, value]) => exportLine(name, value)),
      '',
      'then try: npx arcadia sync all --wait; npx arcadia resources; npx arcadia invoice fetch 2025-06; npx arcadia start',
      '',
      'The Slack half: what Arcadia posts is appended to a file, one line per message (time, channel, who, text),',
      'and kept by the Slack stand-in, which also plays a person uploading a file (README "The Slack half"):',
      '',
      ...standinEnv.map(([name, value]) => exportLine(name, value)),
      '',
      'cat "$SLACK_STANDIN_TRANSCRIPT"                 # or tail -f it',
      'curl -s "$SLACK_STANDIN_URL/transcript.txt"     # as a person reads it; /transcript is the JSON',
      'curl -s --data-binary @fixtures/digitalocean/invoice.csv "$SLACK_STANDIN_URL/share-file?name=invoice.csv"',
      `   (an invoice upload to #${slack.defaultUploader.channel} by ${slack.defaultUploader.user}; needs \`npx arcadia start\` running)`,
      '',
      'Ctrl-C here stops the stand-ins and the throwaway servers.',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await stop();
  console.log('stand-ins stopped');
}

main().catch((err: unknown) => {
  console.error(`standin: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
