import { beforeAll, describe, expect, it } from 'vitest';
import { Anomaly } from '../../models/anomaly.js';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { isolation, testEnv, useDatabase } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const at = new Date('2026-02-28T09:00:00Z');
const base = { account: 'default', baselineCents: 0, thresholdCents: 200, detectedAt: at, product: 'Droplets' };

beforeAll(async () => {
  await Anomaly.create([
    {
      ...base,
      _id: 'default|acme|A|2026-02-27',
      key: 'default|acme|A',
      tenant: 'acme',
      sku: 'A',
      day: '2026-02-27',
      cents: 320,
      explanation: ['droplet web changed that day'],
    },
    {
      ...base,
      _id: 'default|acme|B|2026-02-20',
      key: 'default|acme|B',
      tenant: 'acme',
      sku: 'B',
      day: '2026-02-20',
      cents: 900,
      decision: 'expected',
      decidedBy: 'UFIN',
    },
    {
      ...base,
      _id: 'default||C|2026-02-14',
      key: 'default||C',
      tenant: null,
      sku: 'C',
      day: '2026-02-14',
      cents: 1850,
      status: 'closed',
      closedReason: 'recovered',
      decision: 'investigating',
      assignee: 'U0BOB',
    },
  ]);
});

describe('arcadia anomalies', () => {
  it('lists the open ones, the largest jump first, with before, now and why', async () => {
    const r = await runCli(['anomalies'], testEnv(iso));
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/2026-02-20\s+acme\s+Droplets\s+B\s+\$0\.00\/day\s+\$9\.00\/day\s+expected/);
    expect(rows[1]).toMatch(/2026-02-27\s+acme.*\$3\.20\/day\s+-\s+droplet web changed that day/);
  });

  it('--stats --json counts what people made of them, to judge the thresholds', async () => {
    const r = await runCli(['anomalies', '--stats', '--json'], testEnv(iso));
    const out = JSON.parse(r.stdout) as { open: { _id: string }[]; stats: Record<string, number> };
    expect(out.open.map((a) => a._id)).toEqual(['default|acme|B|2026-02-20', 'default|acme|A|2026-02-27']);
    expect(out.stats).toEqual({
      reported: 3,
      expected: 1,
      investigating: 1,
      snoozed: 0,
      undecided: 1,
      recovered: 1,
      settled: 0,
    });
    const text = await runCli(['anomalies', '--stats'], testEnv(iso));
    expect(text.stdout).toContain('expected:      1 (33%)');
  });
});
