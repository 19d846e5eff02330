import { parsePeriod, zodArgument } from '../src/arguments.js';
import { previousPeriod } from '../src/invoice/period.js';
import { invoiceSummaryMessage, noticeMessage } from '../src/slack/blocks/index.js';
import { subcommand } from './subcommand.js';

export const schema = zodArgument((text) => {
  const asked = text.trim();
  return asked ? parsePeriod(asked, 'Give the month as YYYY-MM, e.g. 2025-06 (or nothing for last month).') : undefined;
});

export const invoice = subcommand({
  name: 'invoice',
  audience: 'finance',
  expensive: true,
  schema,
  help: {
    usage: 'invoice [YYYY-MM]',
    summary:
      "A month's match summary: match rate by count and amount, totals by kind and project, unmatched lines by reason. Default: last month.",
    examples: ['/cloud invoice', '/cloud invoice 2025-06'],
  },
  async handle({ args }, deps) {
    const period = args ?? previousPeriod(deps.now());
    const report = await deps.invoices.report(period);
    if (!report) {
      return noticeMessage(
        `No invoice is stored for ${period}.`,
        `Upload DigitalOcean's CSV in ${deps.config.ARCADIA_FINANCE_CHANNEL ? `<#${deps.config.ARCADIA_FINANCE_CHANNEL}>` : 'the finance channel'}, or wait for the monthly summary, which pulls it from DigitalOcean.`,
      );
    }
    return invoiceSummaryMessage(report, { toAsker: true });
  },
});
