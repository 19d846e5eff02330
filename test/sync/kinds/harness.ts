import { afterAll, beforeAll } from 'vitest';
import { ProjectMap } from '../../../models/project-map.js';
import { Resource, resourceKey } from '../../../models/resource.js';
import { DoClient } from '../../../src/digitalocean/client.js';
import { DoStandin } from '../../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../../testkit/digitalocean/account.js';
import type { Config } from '../../../src/config.js';
import { runSync, type SyncResult } from '../../../src/sync/engine.js';
import type { KindSpec } from '../../../src/sync/kind-spec.js';
import { silentLog, testConfig, useDatabase } from '../../helpers/context.js';
import { matchLines, type MatchedLine } from '../../../src/invoice/match-lines.js';
import { parseInvoiceFile } from '../../../src/invoice/parse-invoice-file.js';

/**
 * Invoice CSV lines for June 2025, as DO exports them (`product,group_description,description,USD`),
 * matched against what the test database holds.
 */
export async function matchInvoiceRows(
  rows: [product: string, group: string, description: string, usd: string][],
): Promise<MatchedLine[]> {
  const csv =
    'product,group_description,description,hours,start,end,USD,project_name,category\n' +
    rows
      .map(
        ([product, group, description, usd]) =>
          `${product},${group},${description},720,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000,$${usd},,paas`,
      )
      .join('\n') +
    '\n';
  return (await matchLines(parseInvoiceFile(Buffer.from(csv)).lines)).lines;
}

/**
 * A test file's own database and a DO stand-in serving the sample account (`fixtures/digitalocean/`),
 * with a `sync(spec)` that runs the real engine against them.
 */
export function kindHarness(iso: { dbName: string; prefix: string }, env: Record<string, string> = {}) {
  useDatabase(iso);
  const standin = new DoStandin(sampleAccount());
  const config = testConfig(iso, env);
  let run = 0;
  beforeAll(() => standin.start());
  afterAll(() => standin.stop());

  function sync(
    spec: KindSpec,
    options: { config?: Config; force?: boolean; upstreamRunId?: string } = {},
  ): Promise<SyncResult> {
    const client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1, maxRetries: 1 });
    return runSync({
      spec,
      client,
      config: options.config ?? config,
      runId: `${spec.kind}-${++run}`,
      log: silentLog,
      force: options.force,
      upstreamRunId: options.upstreamRunId,
    });
  }

  /** Spaces settings that point the S3 client at the stand-in. */
  function spacesEnv(regions = 'nyc3,ams3'): Record<string, string> {
    return {
      ARCADIA_SPACES_KEY: standin.spacesKey,
      ARCADIA_SPACES_SECRET: 'standin-secret',
      ARCADIA_SPACES_ENDPOINT: standin.url,
      ARCADIA_SPACES_REGIONS: regions,
    };
  }

  async function stored(kind: string, providerId: string) {
    return Resource.findById(resourceKey(kind, providerId)).lean();
  }

  async function reset(): Promise<void> {
    await Resource.deleteMany({});
    await ProjectMap.deleteMany({});
    standin.account = sampleAccount();
    standin.clearFaults();
    standin.resetCounts();
  }

  return { standin, config, sync, spacesEnv, stored, reset };
}
