import { rateLimitedSentence, SUBCOMMANDS } from '../../../commands/index.js';
import { actionHandler } from './action-handler.js';
import { directFileMessage } from '../outbox.js';
import { errorMessage } from '../../errors.js';
import { HOME_COMMANDS, HOME_RUN_COMMAND } from '../home/home-view.js';

/**
 * The Home tab's buttons: each runs one read-only /cloud subcommand as the clicker and sends the
 * answer to their DM with Arcadia (the Home tab has no channel to answer in). Anyone may click;
 * the subcommand's own audience decides, as it would for the slash command.
 */
export const homeRunCommand = actionHandler({
  /** Matches `home_run_command_waste`, `…_inventory`, `…_stale`. */
  actionId: new RegExp(`^${HOME_RUN_COMMAND}_(${HOME_COMMANDS.join('|')})$`),
  audience: 'everyone',
  does: 'run a /cloud command from the Home tab',
  async handle(_click, deps, { body, client }) {
    const action = body.actions[0];
    const name = action && 'value' in action ? action.value : undefined;
    const sub = SUBCOMMANDS.find((s) => s.name === name && (HOME_COMMANDS as readonly string[]).includes(s.name));
    const user = body.user.id;
    if (!sub) return;
    const refusal = deps.access.mayRun(sub.audience, user, sub.name);
    if (refusal) return void (await client.chat.postMessage({ channel: user, text: refusal }));
    const parsed = sub.schema.safeParse('');
    if (!parsed.success) return;
    try {
      const limited = sub.expensive ? await deps.rateLimit.take(user) : { allowed: true as const };
      if (!limited.allowed) return void (await client.chat.postMessage({ channel: user, text: rateLimitedSentence(sub.name, deps.rateLimit.perMinute, limited.retryInS) }));
      const reply = await sub.handle({ args: parsed.data, userId: user, channelId: user, responseUrl: '' }, deps);
      await client.chat.postMessage({ channel: user, text: reply.text, blocks: reply.blocks });
      if (reply.file) await deps.outbox.send(directFileMessage(user, reply.file, sub.name));
    } catch (err) {
      deps.log.error({ subcommand: sub.name, err: errorMessage(err) }, 'Home tab command failed');
      await client.chat.postMessage({ channel: user, text: `Sorry, \`/cloud ${sub.name}\` failed. The details are in Arcadia's log.` });
    }
  },
});
