import { RESOURCE_KINDS } from '../src/sync/kinds/index.js';
import { inventoryMessage } from '../src/slack/blocks/index.js';
import { optionalKind, words, zodArgument } from '../src/arguments.js';
import { subcommand } from './subcommand.js';

export const schema = zodArgument((text) => optionalKind(words(text), RESOURCE_KINDS));

export const inventory = subcommand({
  name: 'inventory',
  audience: 'everyone',
  schema,
  help: {
    usage: 'inventory [kind]',
    summary: 'Resources per kind (live / stale), and when each kind last synced.',
    examples: ['/cloud inventory', '/cloud inventory droplet'],
  },
  async handle({ args: kind }, deps) {
    return inventoryMessage({ kinds: await deps.queries.inventory(kind), now: deps.now(), kind });
  },
});
