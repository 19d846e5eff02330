import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { errorMessage } from '../errors.js';
import { groupByChannel } from '../routing/routes.js';
import { wasteMessage } from './blocks/waste.js';
import { claimOnce } from '../claim-once.js';
import type { SlackOutbox } from '../outbox/producer.js';
import { wasteReport } from '../waste/waste-report.js';

export interface WasteDigestDeps {
  config: Pick<
    Config,
    | 'ARCADIA_ALERTS_CHANNEL'
    | 'ARCADIA_ROUTES'
    | 'ARCADIA_WASTE_DIGEST_CRON'
    | 'ARCADIA_TENANT_TAG_PREFIX'
    | 'ARCADIA_WASTE_SMALL_CENTS'
  >;
  outbox: SlackOutbox;
  redis: Redis;
  prefix: string;
  log: Logger;
}

/**
 * The weekly waste digest: open findings not acknowledged or snoozed, routed by ARCADIA_ROUTES
 * (the rest to the alerts channel), one message per channel with its longer list in the thread.
 * Once per day however many instances run the schedule. Returns the channels posted to.
 */
export async function postWasteDigest(deps: WasteDigestDeps, now: Date = new Date()): Promise<string[]> {
  const day = now.toISOString().slice(0, 10);
  if (!(await claimOnce(deps.redis, `${deps.prefix}:slack:waste-digest:${day}`, 8 * 86_400))) return [];
  try {
    const report = await wasteReport(now, { tenantTagPrefix: deps.config.ARCADIA_TENANT_TAG_PREFIX });
    const groups = groupByChannel(report.rows, deps.config.ARCADIA_ROUTES, deps.config.ARCADIA_ALERTS_CHANNEL);
    for (const [channel, rows] of groups) {
      const message = wasteMessage({
        findings: rows,
        quiet: 0,
        now,
        title: 'Weekly waste digest',
        smallCents: deps.config.ARCADIA_WASTE_SMALL_CENTS,
      });
      await deps.outbox.send(
        { ...message, target: { to: 'channel', channel: channel }, label: 'waste-digest' },
        { id: `waste-digest-${day}-${channel}` },
      );
    }
    deps.log.info({ findings: report.rows.length, quiet: report.quiet, channels: groups.size }, 'waste digest queued');
    return [...groups.keys()];
  } catch (err) {
    deps.log.error({ err: errorMessage(err) }, 'waste digest failed');
    return [];
  }
}
