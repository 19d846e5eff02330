import { RESOURCE_KINDS } from '../src/sync/kinds/index.js';
import { staleMessage } from '../src/slack/blocks/index.js';
import { STALE_SHOWN } from '../src/slack/blocks/stale.js';
import { optionalKind, words, zodArgument } from '../src/arguments.js';
import { subcommand } from './subcommand.js';

export const schema = zodArgument((text) => optionalKind(words(text), RESOURCE_KINDS));

export const stale = subcommand({
  name: 'stale',
  audience: 'everyone',
  expensive: true,
  schema,
  help: {
    usage: 'stale [kind]',
    summary: 'Resources gone from DigitalOcean, oldest first, with how long they have been gone.',
    examples: ['/cloud stale', '/cloud stale volume'],
  },
  async handle({ args: kind }, deps) {
    const { items, total, removedBySaga } = await deps.queries.stale(kind, STALE_SHOWN);
    return staleMessage({ items, total, now: deps.now(), kind, removedBySaga });
  },
});
