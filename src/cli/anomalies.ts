import type { Config } from '../config.js';
import { anomalyStats, openAnomalies, type AnomalyStats, type StoredAnomaly } from '../anomaly/anomaly-store.js';
import { formatUsd } from '../invoice/money.js';
import { renderTable } from './render-table.js';
import { withDatabase } from './with-database.js';

const perDay = (cents: number) => `${formatUsd(cents)}/day`;

/** The open anomalies as `arcadia anomalies` prints them. */
export function renderOpenAnomalies(open: StoredAnomaly[]): string {
  if (!open.length) return 'No open spend anomalies.';
  return renderTable(
    ['DAY', 'TENANT', 'PRODUCT', 'SKU', 'BEFORE', 'NOW', 'DECISION', 'WHY'],
    open.map((a) => [
      a.day,
      a.tenant ?? '(account)',
      a.product ?? '',
      a.sku,
      perDay(a.baselineCents),
      perDay(a.cents),
      a.decision ? `${a.decision}${a.assignee ? ` (${a.assignee})` : ''}` : '-',
      (a.explanation ?? []).join('; ') || '-',
    ]),
  );
}

function renderStats(s: AnomalyStats): string {
  const share = (n: number) => (s.reported ? ` (${Math.round((n / s.reported) * 100)}%)` : '');
  return [
    `Reported: ${s.reported}`,
    `  expected:      ${s.expected}${share(s.expected)}`,
    `  investigated:  ${s.investigating}${share(s.investigating)}`,
    `  snoozed:       ${s.snoozed}${share(s.snoozed)}`,
    `  undecided:     ${s.undecided}${share(s.undecided)}`,
    `Closed: ${s.recovered} recovered, ${s.settled} settled at a new level`,
    'Mostly expected: raise ARCADIA_ANOMALY_MIN_USD_PER_DAY or ARCADIA_ANOMALY_MIN_PCT; mostly investigated: they are right.',
  ].join('\n');
}

/** What `arcadia anomalies` does, loaded when it runs (src/cli/anomaly-commands.ts defines it). */
export function anomalyActions(config: () => Config) {
  return {
    list: async (opts: { json?: boolean; stats?: boolean }) =>
      withDatabase(config(), async () => {
        const open = await openAnomalies();
        const stats = opts.stats ? await anomalyStats() : undefined;
        if (opts.json) {
          console.log(JSON.stringify({ open, ...(stats ? { stats } : {}) }, null, 2));
          return;
        }
        console.log(renderOpenAnomalies(open));
        if (stats) console.log(`\n${renderStats(stats)}`);
      }),
  };
}
