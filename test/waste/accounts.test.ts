import { describe, expect, it } from 'vitest';
import { WasteFinding } from '../../models/waste-finding.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { PriceBook } from '../../src/pricing/price-book.js';
import { runSync } from '../../src/sync/engine.js';
import { kindSpec } from '../../src/sync/kinds/index.js';
import { detectWaste, openFindings } from '../../src/waste/detect-waste.js';
import { findingRow } from '../../src/waste/waste-report.js';
import { findingBlocks } from '../../src/slack/blocks/finding-blocks.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { emptyAccount, makeDroplet } from '../../testkit/digitalocean/account.js';
import { isolation, silentLog, testConfig, useDatabase, useDoStandin } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);

// Production runs droplet 100; staging holds a year-old snapshot of its own droplet 100, deleted since.
const production = emptyAccount();
production.droplets = [makeDroplet(100)];
const staging = emptyAccount();
staging.snapshots = [
  {
    id: '900',
    name: 'before-upgrade',
    regions: ['nyc3'],
    resource_id: '100',
    resource_type: 'droplet',
    min_disk_size: 25,
    size_gigabytes: 10,
    tags: null,
    created_at: '2025-01-01T00:00:00Z',
  },
];
staging.droplets = [makeDroplet(100, { name: 'stg-web' })];
const standin = new DoStandin(production, 'dop_v1_production');
standin.addTeam('dop_v1_staging', staging);
const NOW = new Date('2026-11-30T00:00:00Z');

useDoStandin(standin);

describe('waste rules with several DO teams', () => {
  it("judge each team on its own resources, and keep each team's findings apart", async () => {
    const config = testConfig(iso, { DIGITALOCEAN_API_URL: standin.url });
    const sync = (kind: 'droplet' | 'snapshot', account: string, token: string) =>
      runSync({
        spec: kindSpec(kind),
        client: new DoClient({ token, baseUrl: standin.url, retryBaseMs: 1 }),
        config,
        runId: `${kind}-${account}`,
        account,
        log: silentLog,
        now: () => NOW,
      });
    await sync('droplet', 'production', 'dop_v1_production');
    await sync('droplet', 'staging', 'dop_v1_staging');
    await sync('snapshot', 'staging', 'dop_v1_staging');
    // Staging's droplet 100 is deleted (its only droplet: forced past the shrink guard).
    staging.droplets = [];
    const rerun = await runSync({
      spec: kindSpec('droplet'),
      client: new DoClient({ token: 'dop_v1_staging', baseUrl: standin.url, retryBaseMs: 1 }),
      config,
      runId: 'droplet-staging-2',
      account: 'staging',
      log: silentLog,
      force: true,
      now: () => NOW,
    });
    expect(rerun.markedStale).toBe(1);

    const found = await detectWaste({ config, prices: new PriceBook(), now: NOW });
    const snapshot = found.find((f) => f.ruleId === 'old-snapshot')!;
    // Production's droplet 100 is not the one the snapshot was taken of.
    expect(snapshot.reason).toBe('10 GiB droplet snapshot whose droplet is gone');
    expect(snapshot.key).toBe('old-snapshot:digitalocean@staging:snapshot:900');
    expect((await openFindings()).find((f) => f.key === snapshot.key)?.account).toBe('staging');
    // The digest's row for it says which team.
    const blocks = findingBlocks(
      findingRow(
        (await openFindings()).find((f) => f.key === snapshot.key)!,
        undefined,
        NOW,
        config.ARCADIA_TENANT_TAG_PREFIX,
      ),
      NOW,
    );
    expect(JSON.stringify(blocks)).toContain('Team *staging*');
    expect(found.filter((f) => f.ruleId === 'old-snapshot')).toHaveLength(1);
    expect(await WasteFinding.countDocuments({ resolvedAt: null })).toBe(found.length);
  });
});
