import { fallbackText, type SlackMessage } from './message.js';
import { context, header, section } from './limits.js';

export interface CommandHelp {
  name: string;
  usage: string;
  summary: string;
  examples: string[];
  /** Who may run it, when not everyone. */
  audience?: string;
}

/** `/cloud help`: each subcommand, what it does, with examples. */
export function helpMessage(commands: readonly CommandHelp[]): SlackMessage {
  return {
    text: fallbackText(`Arcadia /cloud commands: ${commands.map((c) => c.name).join(', ')}`),
    blocks: [
      header('Arcadia: /cloud commands'),
      ...commands.map((c) =>
        section(
          [
            `*\`/cloud ${c.usage}\`*${c.audience ? `  _(${c.audience})_` : ''}`,
            c.summary,
            c.examples.map((e) => `\`${e}\``).join('  ·  '),
          ].join('\n'),
        ),
      ),
      context('Kinds are snake_case, e.g. `droplet`, `floating_ip`, `load_balancer`.'),
    ],
  };
}

/** A short ephemeral answer for a refused or mistyped command: what went wrong and what to do instead. */
export function noticeMessage(problem: string, hint?: string): SlackMessage {
  return {
    text: fallbackText(problem),
    blocks: [section(`:warning: ${problem}`), ...(hint ? [context(hint)] : [])],
  };
}
