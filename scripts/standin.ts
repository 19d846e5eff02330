/**
 * `npm run standin`: everything Arcadia talks to, offline, for trying the commands by hand. Starts
 * throwaway Redis and MongoDB-wire servers (unless REDIS_URL and MONGODB_URI are already set), a
 * DigitalOcean stand-in serving the sample account and a Slack Web API stand-in, prints the
 * `export ...` lines that point Arcadia at them, and stays up until Ctrl-C, which stops them all.
 * Test kit, not product: nothing in src/ imports it.
 */
import { randomBytes } from 'node:crypto';
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
    // Any secret will do: the stand-in sends no requests to Arcadia, so there is nothing to verify.
    ['SLACK_SIGNING_SECRET', `standin-${randomBytes(8).toString('hex')}`],
    ['MONGODB_URI', process.env.MONGODB_URI ?? databaseUri(services!.mongoUri, 'arcadia')],
    ['REDIS_URL', process.env.REDIS_URL ?? services!.redisUrl],
  ];
  const spaces: [string, string][] = [
    ['ARCADIA_SPACES_KEY', digitalocean.spacesKey],
    ['ARCADIA_SPACES_SECRET', 'standin-secret'],
    ['ARCADIA_SPACES_ENDPOINT', digitalocean.url],
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
