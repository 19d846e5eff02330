import { z } from 'zod';
import { helpMessage } from '../src/slack/blocks/index.js';
import { subcommand, type Subcommand } from './subcommand.js';

export const schema = z.string();

/** `/cloud help`: built from every subcommand's own help, so it cannot drift from what exists. */
export function helpCommand(all: () => readonly Subcommand<never>[]): Subcommand<string> {
  return subcommand({
    name: 'help',
    audience: 'everyone',
    schema,
    help: { usage: 'help', summary: 'This list.', examples: ['/cloud help'] },
    handle: async () => helpMessage(all().map((c) => c.help)),
  });
}
