import { beforeEach, describe, expect, it } from 'vitest';
import { Anomaly } from '../../models/anomaly.js';
import { DailySpend } from '../../models/daily-spend.js';
import { decideAnomaly, recordAnomalies } from '../../src/anomaly/anomaly-store.js';
import { addDays, daysBetween } from '../../src/anomaly/days.js';
import { DEFAULTS } from '../../src/config.js';
import { isolation, useDatabase } from '../helpers/context.js';

useDatabase(isolation());
const readAt = new Date('2026-02-01T00:00:00Z');

/** acme's bandwidth: $1 a day through `to`, $20 on each of `spikes`. */
async function seed(to: string, spikes: string[]) {
  await DailySpend.deleteMany({});
  await DailySpend.insertMany(
    daysBetween('2026-01-01', to).map((day) => ({
      account: 'default',
      day,
      sku: '1-DO-BW-0001',
      description: 'Outbound data transfer',
      product: 'Bandwidth',
      cents: spikes.includes(day) ? 2000 : 100,
      tenant: 'acme',
      readAt,
    })),
  );
}

describe('recordAnomalies', () => {
  beforeEach(() => Anomaly.deleteMany({}));

  it('records an anomaly once however often the day is judged, each run answering the same', async () => {
    await seed('2026-02-10', ['2026-02-10']);
    const first = await recordAnomalies(DEFAULTS, new Date('2026-02-11T08:15:00Z'));
    const again = await recordAnomalies(DEFAULTS, new Date('2026-02-11T09:15:00Z'));
    expect(first.fresh.map((a) => a._id)).toEqual(['default|acme|1-DO-BW-0001|2026-02-10']);
    expect(first.fresh[0]!.explanation).toEqual([]);
    expect(again.fresh).toEqual(first.fresh);
    expect(await Anomaly.countDocuments()).toBe(1);
  });

  it("keeps a snoozed series' next anomaly out of the digest until the snooze ends, recorded all the same", async () => {
    const spikes = ['2026-02-10', '2026-02-13', '2026-02-19'];
    /** The morning after `day`: DO has served through it, and the check judges it. */
    const judge = async (day: string) => {
      await seed(day, spikes);
      return recordAnomalies(DEFAULTS, new Date(`${addDays(day, 1)}T08:15:00Z`));
    };
    const [spike] = (await judge('2026-02-10')).fresh;
    await decideAnomaly(spike!._id, { decision: 'snoozed' }, 'UFIN', new Date('2026-02-11T10:00:00Z'));
    const runs = new Map<string, Awaited<ReturnType<typeof judge>>>();
    for (const day of daysBetween('2026-02-11', '2026-02-19')) runs.set(day, await judge(day));
    expect(runs.get('2026-02-13')).toMatchObject({ fresh: [], snoozed: 1 });
    expect(await Anomaly.findById('default|acme|1-DO-BW-0001|2026-02-13').lean()).toMatchObject({
      decision: 'snoozed',
      snoozedUntil: '2026-02-17',
    });
    expect(runs.get('2026-02-19')!.fresh.map((a) => a.day)).toEqual(['2026-02-19']);
  });
});
