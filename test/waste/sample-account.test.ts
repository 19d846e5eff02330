import { beforeEach, describe, expect, it } from 'vitest';
import { WasteFinding } from '../../models/waste-finding.js';
import { loadPriceBook } from '../../src/pricing/price-book.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { detectWaste, openFindings } from '../../src/waste/detect-waste.js';
import { WASTE_RULES } from '../../src/waste/rules/index.js';
import { isolation } from '../helpers/context.js';
import { kindHarness } from '../sync/kinds/harness.js';

const iso = isolation();
const h = kindHarness(iso);
/** The fixtures describe the account as of 2025-07-05. */
const NOW = new Date('2025-07-05T12:00:00Z');
const KINDS = [
  'project',
  'droplet',
  'volume',
  'floating_ip',
  'snapshot',
  'load_balancer',
  'kubernetes_cluster',
  'managed_db',
] as const;

async function syncSample() {
  for (const kind of KINDS) expect((await h.sync(kindSpec(kind))).status).toBe('succeeded');
}

async function detect() {
  const client = new DoClient({ token: h.standin.token, baseUrl: h.standin.url, retryBaseMs: 1, maxRetries: 0 });
  return detectWaste({ config: h.config, prices: await loadPriceBook(client), now: NOW });
}

describe('waste on the sample account', () => {
  beforeEach(() => h.reset());

  it('finds the unattached volume and the unassigned reserved IP, priced, and the old orphan snapshots', async () => {
    await syncSample();
    const found = await detect();
    const byRule = (id: string) => found.filter((f) => f.ruleId === id).map((f) => [f.providerId, f.monthlyCents]);
    expect(byRule('unattached-volume')).toEqual([['506f78a4-e098-11e5-ad9f-000f53305eb2', 100]]);
    expect(byRule('unassigned-reserved-ip')).toEqual([['45.55.96.50', 400]]);
    // 2.34 GiB droplet snapshots at $0.06/GiB: 14 cents each; scratch (2025-05-31) is under 90 days old.
    expect(byRule('old-snapshot').map(([id]) => id)).toEqual(expect.arrayContaining(['6372321', '67512819']));
    expect(byRule('old-snapshot').map(([id]) => id)).not.toContain('fbe805e8-866b-11e6-96bf-000f53315a41');
    // Both load balancers have droplets; every droplet is running.
    expect(byRule('idle-load-balancer')).toEqual([]);
    expect(byRule('powered-off-droplet')).toEqual([]);

    const volume = found.find((f) => f.ruleId === 'unattached-volume')!;
    expect(volume).toMatchObject({ name: 'example', region: 'nyc1' });
    const open = await openFindings();
    expect(open.map((f) => f.monthlyCents)).toEqual([...open.map((f) => f.monthlyCents)].sort((a, b) => b - a));
    expect(open[0]!.key).toBe('unassigned-reserved-ip:digitalocean:floating_ip:45.55.96.50');
    // The age a finding shows: the volume's own created_at; the IP, which DO gives none, only as first seen.
    const stored = (key: string) => open.find((f) => f.key === key)!;
    expect(stored(volume.key).age).toEqual({ at: new Date('2016-03-02T17:01:49Z'), basis: 'created' });
    expect(stored('unassigned-reserved-ip:digitalocean:floating_ip:45.55.96.50').age.basis).toBe('first_seen');
  });

  it('resolves a finding once the waste is gone, and only the rules that ran touch their findings', async () => {
    await syncSample();
    await detect();
    h.standin.account.volumes[2]!.droplet_ids = [3164444];
    await h.sync(kindSpec('volume'));
    const client = new DoClient({ token: h.standin.token, baseUrl: h.standin.url, retryBaseMs: 1, maxRetries: 0 });
    await detectWaste({ config: h.config, prices: await loadPriceBook(client), now: NOW, kinds: ['volume'] });
    const volume = await WasteFinding.findById(
      'unattached-volume:digitalocean:volume:506f78a4-e098-11e5-ad9f-000f53305eb2',
    ).lean();
    expect(volume?.resolvedAt).toEqual(NOW);
    const ip = await WasteFinding.findById('unassigned-reserved-ip:digitalocean:floating_ip:45.55.96.50').lean();
    expect(ip?.resolvedAt).toBeNull();
  });

  it('registers every rule once, each with a title and the kinds it reads', () => {
    expect(new Set(WASTE_RULES.map((r) => r.id)).size).toBe(WASTE_RULES.length);
    for (const rule of WASTE_RULES) {
      expect(rule.title).not.toBe('');
      expect(rule.kinds.length).toBeGreaterThan(0);
    }
  });
});

describe('arcadia waste', () => {
  it('prints the open findings as JSON, most expensive first, with the monthly total', async () => {
    await h.reset();
    await syncSample();
    await detect();
    const { runCli } = await import('../helpers/cli.js');
    const { testEnv } = await import('../helpers/context.js');
    const result = await runCli(['waste', '--json'], testEnv(iso));
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      monthlyTotal: string;
      findings: { id: string; monthly: string; console: string }[];
    };
    const cents = out.findings.map((f) => Math.round(Number(f.monthly) * 100));
    expect(cents).toEqual([...cents].sort((a, b) => b - a));
    expect(Math.round(Number(out.monthlyTotal) * 100)).toBe(cents.reduce((a, b) => a + b, 0));
    expect(out.findings[0]).toMatchObject({
      id: '45.55.96.50',
      monthly: '4.00',
      console: 'https://cloud.digitalocean.com/networking/reserved_ips',
    });
  });
});

describe('waste rule registry', () => {
  it('registers every rule file under src/waste/rules/, and each has its own test', async () => {
    const { readdirSync, existsSync } = await import('node:fs');
    const { repoPath } = await import('../../src/repo-path.js');
    const files = readdirSync(repoPath('src', 'waste', 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(WASTE_RULES.map((r) => r.id).sort());
    for (const id of files)
      expect(existsSync(repoPath('test', 'waste', 'rules', `${id}.test.ts`)), `test for ${id}`).toBe(true);
  });
});
