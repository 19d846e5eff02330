import { RESOURCE_KINDS } from '../src/sync/kinds/index.js';
import { inventoryMessage } from '../src/slack/blocks/index.js';
import { optionalKind } from './args.js';
import { subcommand } from './subcommand.js';

export const schema = optionalKind(RESOURCE_KINDS);

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
