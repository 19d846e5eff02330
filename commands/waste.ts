import { z } from 'zod';
import { wasteMessage } from '../src/slack/blocks/waste.js';
import { wasteReport } from '../src/waste/waste-report.js';
import { subcommand } from './subcommand.js';

export const schema = z.string().transform((text, ctx) => {
  if (text.trim()) ctx.addIssue({ code: 'custom', message: `\`waste\` takes no arguments, got "${text.trim()}".` });
});

export const waste = subcommand({
  name: 'waste',
  audience: 'everyone',
  expensive: true,
  schema,
  help: {
    usage: 'waste',
    summary:
      'What costs money for nothing (unattached volumes, unassigned IPs…), most expensive first, with buttons to act.',
    examples: ['/cloud waste'],
  },
  async handle(_invocation, deps) {
    const now = deps.now();
    const report = await wasteReport(now, { tenantTagPrefix: deps.config.ARCADIA_TENANT_TAG_PREFIX });
    // No thread under an ephemeral reply: the full list goes to the asker as the thread's CSV would.
    const { thread, ...message } = wasteMessage({
      findings: report.rows,
      quiet: report.quiet,
      now,
      title: 'Waste',
      smallCents: deps.config.ARCADIA_WASTE_SMALL_CENTS,
    });
    return { text: message.text, blocks: message.blocks, ...(thread?.csv ? { file: { of: 'waste' } } : {}) };
  },
});
