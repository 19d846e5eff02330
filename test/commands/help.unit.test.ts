import { describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../commands/index.js';
import { commandDeps, invocation } from '../helpers/bolt.js';

describe('/cloud help', () => {
  it('lists every subcommand from its own help, so it cannot drift', async () => {
    const help = SUBCOMMANDS.find((s) => s.name === 'help')!;
    const reply = await help.handle(invocation('' as never), commandDeps());
    for (const sub of SUBCOMMANDS) expect(JSON.stringify(reply.blocks)).toContain(sub.help.usage);
  });
});
