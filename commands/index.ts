import type { App, RespondArguments } from '@slack/bolt';
import { errorMessage, explainError } from '../src/errors.js';
import { nearestName } from '../src/nearest.js';
import { helpMessage, noticeMessage, type SlackMessage } from '../src/slack/blocks/index.js';
import { forViewer } from '../src/slack/blocks/viewer.js';
import { postToResponseUrl, RESPONSE_URL_LIFETIME_MS } from '../src/slack/response-url.js';
import { plural } from '../src/slack/blocks/mrkdwn.js';
import { directFileMessage } from '../src/outbox/producer.js';
import { find } from './find.js';
import { helpCommand } from './help.js';
import { inventory } from './inventory.js';
import { invoice } from './invoice.js';
import { stale } from './stale.js';
import { sync } from './sync.js';
import { billing } from './billing.js';
import { forecast } from './forecast.js';
import { tenant } from './tenant.js';
import { budget } from './budget.js';
import { provision } from './provision.js';
import { deprovision } from './deprovision.js';
import { waste } from './waste.js';
import type { Invocation, Reply, Subcommand } from './subcommand.js';
import type { CommandDeps } from '../src/slack/command-deps.js';
import { AckGate } from '../src/slack/ack-gate.js';
import { forRequest, requestIdOf } from '../src/slack/request-context.js';

/** The one slash command; everything else is a subcommand of it. */
export const SLASH_COMMAND = '/cloud';

// Subcommands differ in argument type; the router only passes each its own schema's output.
const help = helpCommand(() => SUBCOMMANDS);
export const SUBCOMMANDS: readonly Subcommand<never>[] = [
  help,
  inventory,
  find,
  stale,
  waste,
  sync,
  invoice,
  billing,
  forecast,
  tenant,
  budget,
  provision,
  deprovision,
] as unknown as Subcommand<never>[];

function ephemeral(message: SlackMessage): RespondArguments {
  return { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
}

/** The refusal of a run over ARCADIA_COMMAND_RATE_LIMIT, saying when to try again. */
export function rateLimitedSentence(name: string, perMinute: number, retryInS: number): string {
  const counted = SUBCOMMANDS.filter((s) => s.expensive)
    .map((s) => s.name)
    .join(', ');
  return `You have run ${perMinute} of the heavier /cloud commands (${counted}) within a minute, the most one person may; try \`/cloud ${name}\` again in ${plural(retryInS, 'second')}.`;
}

/**
 * The answer to `/cloud <name>` when no subcommand has that name: a near miss (`inventroy`) is
 * asked about, with the command as it would have been; anything else gets the whole help.
 */
export function unknownSubcommandReply(name: string, rest: string): RespondArguments {
  const names = SUBCOMMANDS.map((s) => s.name);
  const nearest = nearestName(name, names);
  const unknown = noticeMessage(
    nearest
      ? `\`${name}\` is not a /cloud subcommand; did you mean \`/cloud ${[nearest, rest.trim()].filter(Boolean).join(' ')}\`?`
      : `\`${name}\` is not a /cloud subcommand.`,
    `Subcommands: ${names.join(', ')}.`,
  );
  if (nearest) return ephemeral(unknown);
  const list = helpMessage(SUBCOMMANDS.map((s) => s.help));
  return { response_type: 'ephemeral', text: unknown.text, blocks: [...unknown.blocks, ...list.blocks] };
}

/** Splits `/cloud <sub> <rest>`; no subcommand means help. */
export function parseCommandText(text: string): { name: string; rest: string } {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  return space < 0
    ? { name: trimmed.toLowerCase() || 'help', rest: '' }
    : { name: trimmed.slice(0, space).toLowerCase(), rest: trimmed.slice(space + 1) };
}

/**
 * Runs a subcommand whose arguments parsed, for whoever asked where: the rate limit of the heavier
 * ones, then the handler. Every way of running one (the slash command, the Home tab's buttons) comes
 * through here, so each answers alike; a failure is answered too, with the error's own sentence or
 * the generic one with a reference, the details going to the log under it.
 */
export async function dispatch<A>(sub: Subcommand<A>, invocation: Invocation<A>, deps: CommandDeps): Promise<Reply> {
  try {
    const limited = sub.expensive ? await deps.rateLimit.take(invocation.userId) : { allowed: true as const };
    if (!limited.allowed)
      return noticeMessage(rateLimitedSentence(sub.name, deps.rateLimit.perMinute, limited.retryInS));
    return await sub.handle(invocation, deps);
  } catch (err) {
    // Only our own words reach the channel.
    return noticeMessage(
      explainError(err, deps.log, `Sorry, \`/cloud ${sub.name}\` failed`, { subcommand: sub.name }).sentence,
    );
  }
}

/**
 * Routes `/cloud <sub>`. Refusals, unknown subcommands and bad arguments are answered in the ack
 * itself (no I/O, so well inside Slack's 3 seconds); a valid command is acked first and answered
 * through response_url when its work is done, however long that takes.
 */
export function register(app: App, deps: CommandDeps, acks = new AckGate()): void {
  app.command(SLASH_COMMAND, async ({ command, ack, context }) => {
    const receivedAt = Date.now();
    const requestId = requestIdOf(context);
    const scoped = forRequest(deps, requestId);
    const { name, rest } = parseCommandText(command.text ?? '');
    const sub = SUBCOMMANDS.find((s) => s.name === name);
    if (!sub) return ack(unknownSubcommandReply(name, rest));
    const refusal = deps.access.mayRunIn(sub, command.user_id, command.channel_id);
    if (refusal) return ack(ephemeral(noticeMessage(refusal)));
    const parsed = sub.schema.safeParse(rest);
    if (!parsed.success) {
      const problem = parsed.error.issues.map((i) => i.message).join(' ');
      return ack(
        ephemeral(
          noticeMessage(
            problem,
            `Usage: \`/cloud ${sub.help.usage}\`, e.g. ${sub.help.examples.map((e) => `\`${e}\``).join(', ')}`,
          ),
        ),
      );
    }
    await ack();
    // In a burst, every request the receiver has taken is acked before this command's work starts.
    await acks.answered();

    const reply = await dispatch(
      sub,
      {
        args: parsed.data,
        userId: command.user_id,
        channelId: command.channel_id,
        responseUrl: command.response_url,
        requestId,
      },
      scoped,
    );
    const visibility = reply.visibility ?? 'ephemeral';
    try {
      await postToResponseUrl(
        command.response_url,
        {
          response_type: visibility,
          replace_original: false,
          text: reply.text,
          // An ephemeral reply is for the asker alone: only the buttons they may press. The channel's sees them all.
          blocks:
            visibility === 'ephemeral' ? forViewer(reply.blocks, deps.access.canPress(command.user_id)) : reply.blocks,
        },
        { deadline: receivedAt + RESPONSE_URL_LIFETIME_MS, webApiUrl: deps.config.SLACK_API_URL },
      );
    } catch (err) {
      // Every retry within the URL's limits failed: the reply is kept in the log, not dropped silently.
      scoped.log.error(
        {
          subcommand: sub.name,
          user: command.user_id,
          channel: command.channel_id,
          err: errorMessage(err),
          text: reply.text,
        },
        '/cloud reply undeliverable',
      );
    }
    // A finance statement or a long list is for the asker alone, whichever channel they asked in.
    if (reply.file) await deps.outbox.send(directFileMessage(command.user_id, reply.file, sub.name));
  });
}
