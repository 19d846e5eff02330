import { SYNC_KINDS } from '../src/sync/kinds/index.js';
import { syncQueuedMessage } from '../src/slack/blocks/index.js';
import { accountFlag, kindList, words, zodArgument } from '../src/arguments.js';
import { inAccount } from '../src/digitalocean/accounts.js';
import { requestSync } from '../src/sync/request-sync.js';
import { subcommand } from './subcommand.js';

/** `[kind… | all] [--account team]`: kinds as the command line takes them, plurals and aliases included. */
export const schema = zodArgument((text) => {
  const { account, rest } = accountFlag(text);
  return { account, value: kindList(words(rest), SYNC_KINDS) };
});

export const sync = subcommand({
  name: 'sync',
  audience: 'admin',
  schema,
  help: {
    usage: 'sync [kind… | all] [--account team]',
    summary:
      "Sync from DigitalOcean now (every DO team, or the one named). Answers at once; posts each kind's result here when done.",
    examples: ['/cloud sync', '/cloud sync droplet volume', '/cloud sync droplet --account staging'],
  },
  async handle({ args: { account, value: kinds }, channelId, userId, responseUrl, requestId }, deps) {
    const replyTo = { channel: channelId, userId, responseUrl, requestId };
    const runs = await requestSync(
      {
        kinds,
        account,
        replyTo,
        origin: 'slack',
        replies: {
          expect: (n) => deps.syncReplies.expect(replyTo, n),
          forget: (n) => deps.syncReplies.forget(replyTo, n),
        },
      },
      { queue: deps.syncQueue, config: deps.config },
    );
    const named = (joined: boolean) => runs.filter((r) => r.joined === joined).map((r) => inAccount(r.kind, r.account));
    deps.log.info(
      { userId, kinds, accounts: [...new Set(runs.map((r) => r.account))], joined: named(true) },
      'sync requested from Slack',
    );
    return { ...syncQueuedMessage({ queued: named(false), joined: named(true) }), visibility: 'in_channel' };
  },
});
