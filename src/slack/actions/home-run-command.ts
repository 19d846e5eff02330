import { dispatch } from '../../../commands/index.js';
import { actionHandler } from './action-handler.js';
import { forViewer } from '../blocks/viewer.js';
import { directFileMessage } from '../../outbox/producer.js';
import { homeAnswerChannel, homeCommand, homeCommandRefusal } from '../home/home-viewer.js';

/**
 * The Home tab's buttons: each runs one read-only /cloud subcommand as the clicker and sends the
 * answer to their DM with Arcadia (the Home tab has no channel to answer in). A click is judged as
 * the slash command would be, in that DM: the channel's rule and the subcommand's audience, with
 * the same refusal.
 */
export const homeRunCommand = actionHandler({
  /** `home_run_command_waste`, `…_inventory`, `…_stale`: the clicked button's value names the subcommand. */
  action: 'homeRunCommand',
  does: 'run a /cloud command from the Home tab',
  refusal: (click, deps) => homeCommandRefusal(deps.access, click.value, click.userId),
  async handle(click, deps, { client }) {
    const sub = homeCommand(click.value);
    const user = click.userId;
    const parsed = sub?.schema.safeParse('');
    if (!sub || !parsed?.success) return;
    const channel = homeAnswerChannel(user);
    // The slash command's own path: its rate limit, and a failure answered with a sentence or a reference.
    const reply = await dispatch(sub, { args: parsed.data, userId: user, channelId: channel, responseUrl: '' }, deps);
    // Their DM: only the buttons they may press.
    const blocks = forViewer(reply.blocks, deps.access.canPress(user));
    await client.chat.postMessage({ channel, text: reply.text, blocks });
    if (reply.file) await deps.outbox.send(directFileMessage(user, reply.file, sub.name));
  },
});
