import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { explainError } from '../errors.js';
import { recordDrift } from '../invoice/index.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { driftAlertMessage } from './blocks/drift.js';
import { claimOnce } from '../claim-once.js';
import type { InvoicePort } from './invoice-port.js';
import type { SlackOutbox } from '../outbox/producer.js';

export interface DriftCheckDeps {
  config: Pick<Config, 'ARCADIA_ALERTS_CHANNEL' | 'ARCADIA_DRIFT_CHECK_CRON'>;
  invoices: InvoicePort;
  outbox: SlackOutbox;
  redis: Redis;
  prefix: string;
  log: Logger;
}

/**
 * The daily drift check: DO's month-to-date invoice against the inventory, both ways; new drift is
 * posted to the alerts channel through the outbox, a standing difference only the first day it is
 * seen. Once a day however many instances run the schedule.
 */
export async function runDriftCheck(
  deps: DriftCheckDeps,
  now: Date = new Date(),
): Promise<'alerted' | 'no-new-drift' | 'already-checked' | 'no-channel' | 'failed'> {
  const channel = deps.config.ARCADIA_ALERTS_CHANNEL;
  if (!channel) return 'no-channel';
  const day = now.toISOString().slice(0, 10);
  if (!(await claimOnce(deps.redis, `${deps.prefix}:slack:drift-check:${day}`, 2 * 86_400))) return 'already-checked';
  try {
    let alerted = false;
    // Each DO team's month to date on its own: one alert per team with new drift.
    for (const report of await deps.invoices.monthToDate()) {
      const check = await recordDrift(report, now);
      deps.log.info(
        {
          account: check.account,
          period: check.period,
          drift: check.all.length,
          fresh: check.fresh.length,
          resolved: check.resolved,
        },
        'drift check done',
      );
      if (check.fresh.length === 0) continue;
      const id = check.account === DEFAULT_ACCOUNT ? `drift-alert-${day}` : `drift-alert-${day}-${check.account}`;
      await deps.outbox.send(
        {
          ...driftAlertMessage(check, report.preview.asOf),
          target: { to: 'channel', channel: channel },
          label: 'drift-alert',
        },
        { id },
      );
      alerted = true;
    }
    return alerted ? 'alerted' : 'no-new-drift';
  } catch (err) {
    explainError(err, deps.log, 'the daily drift check failed', { day });
    return 'failed';
  }
}
