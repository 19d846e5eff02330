import { beforeEach, describe, expect, it } from 'vitest';
import { Anomaly } from '../../models/anomaly.js';
import { AnomalyJudged } from '../../models/anomaly-judged.js';
import { DailySpend } from '../../models/daily-spend.js';
import { anomalyStats, decideAnomaly, markJudged, recordAnomalies } from '../../src/anomaly/anomaly-store.js';
import { addDays, daysBetween } from '../../src/anomaly/days.js';
import { DEFAULTS } from '../../src/config.js';
import { isolation, useDatabase } from '../helpers/context.js';

useDatabase(isolation());
const readAt = new Date('2026-02-01T00:00:00Z');

/** acme's bandwidth: $1 a day through `to`, $20 on each of `spikes`. */
async function seed(to: string, spikes: string[], account = 'default') {
  await DailySpend.deleteMany({ account });
  await DailySpend.insertMany(
    daysBetween('2026-01-01', to).map((day) => ({
      account,
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
  beforeEach(async () => {
    await Anomaly.deleteMany({});
    await AnomalyJudged.deleteMany({});
    await DailySpend.deleteMany({});
  });

  it('judges every day since the last one judged, in order, carrying open anomalies from day to day', async () => {
    await seed('2026-02-09', []);
    await markJudged(await recordAnomalies(DEFAULTS, new Date('2026-02-10T08:15:00Z')));
    // DO published three days while the check did not run.
    await seed('2026-02-12', ['2026-02-10', '2026-02-12']);
    const run = await recordAnomalies(DEFAULTS, new Date('2026-02-13T08:15:00Z'));
    expect(run.judged).toEqual([{ account: 'default', days: ['2026-02-10', '2026-02-11', '2026-02-12'] }]);
    expect(run.fresh.map((a) => a.day).sort()).toEqual(['2026-02-10', '2026-02-12']);
    expect(await Anomaly.findById('default|acme|1-DO-BW-0001|2026-02-10').lean()).toMatchObject({
      status: 'closed',
      closedDay: '2026-02-11',
      closedReason: 'recovered',
    });
    await markJudged(run);
    expect((await recordAnomalies(DEFAULTS, new Date('2026-02-13T09:15:00Z'))).judged).toEqual([]);
  });

  it("judges each team's own days, and closes nothing on a day a team has no spend stored for yet", async () => {
    await seed('2026-02-10', ['2026-02-10']);
    await seed('2026-02-10', ['2026-02-10'], 'staging');
    const first = await recordAnomalies(DEFAULTS, new Date('2026-02-11T08:15:00Z'));
    expect(first.fresh.map((a) => `${a.account} ${a.day}`).sort()).toEqual([
      'default 2026-02-10',
      'staging 2026-02-10',
    ]);
    await markJudged(first);
    // DO has served default's next two days, not yet staging's.
    await seed('2026-02-12', ['2026-02-10']);
    const run = await recordAnomalies(DEFAULTS, new Date('2026-02-13T08:15:00Z'));
    expect(run.judged).toEqual([{ account: 'default', days: ['2026-02-11', '2026-02-12'] }]);
    expect(await Anomaly.findById('staging|acme|1-DO-BW-0001|2026-02-10').lean()).toMatchObject({ status: 'open' });
    expect(await Anomaly.findById('default|acme|1-DO-BW-0001|2026-02-10').lean()).toMatchObject({
      status: 'closed',
      closedDay: '2026-02-11',
    });
  });

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
      snoozedUntil: '2026-02-18',
    });
    expect(runs.get('2026-02-19')!.fresh.map((a) => a.day)).toEqual(['2026-02-19']);
    // The one recorded while snoozed was never reported: it is in no share.
    const stats = await anomalyStats();
    expect(stats).toMatchObject({ reported: 2, snoozed: 1, undecided: 1 });
    expect(stats.expected + stats.investigating + stats.snoozed + stats.undecided).toBe(stats.reported);
  });

  it('counts a snooze from the click, and lets a later decision end it', async () => {
    await seed('2026-02-12', ['2026-02-10', '2026-02-12']);
    const first = await recordAnomalies(DEFAULTS, new Date('2026-02-11T08:15:00Z'));
    await markJudged(first);
    const [spike] = first.fresh;
    const snoozed = await decideAnomaly(spike!._id, { decision: 'snoozed' }, 'UFIN', new Date('2026-02-12T10:00:00Z'));
    expect(snoozed.snoozedUntil).toBe('2026-02-19');
    const expected = await decideAnomaly(
      spike!._id,
      { decision: 'expected' },
      'UFIN',
      new Date('2026-02-12T11:00:00Z'),
    );
    expect(expected).toMatchObject({ decision: 'expected', snoozedUntil: null });
    const next = await recordAnomalies(DEFAULTS, new Date('2026-02-13T08:15:00Z'));
    expect(next).toMatchObject({ snoozed: 0 });
    expect(next.fresh.map((a) => a.day)).toEqual(['2026-02-12']);
  });
});
