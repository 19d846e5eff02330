import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice } from '../../models/invoice.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { emptyAccount, makeDroplet, sampleAccount } from '../../testkit/digitalocean/account.js';
import { isolation, testEnv, useDatabase } from '../helpers/context.js';
import { runCli, runCliInProcess } from '../helpers/cli.js';

const iso = isolation();
useDatabase(iso);
const standin = new DoStandin(sampleAccount(), 'dop_v1_production');
const staging = emptyAccount();
staging.droplets = [makeDroplet(3164444, { name: 'stg-web' })];
standin.addTeam('dop_v1_staging', staging);
const env = () =>
  testEnv(iso, {
    ARCADIA_DO_ACCOUNTS: 'production=dop_v1_production,staging=dop_v1_staging',
    DIGITALOCEAN_API_URL: standin.url,
  });

beforeAll(() => standin.start());
afterAll(() => standin.stop());

// Each CLI run is a fresh Node process compiling TypeScript: seconds each on a busy machine.
describe('the command line with several DO teams', { timeout: 300_000 }, () => {
  it('sync --account syncs one team; without it every team, one row each with its ACCOUNT', async () => {
    const one = await runCli(['sync', 'droplet', '--account', 'staging', '--wait', '--json'], env());
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).runs).toEqual([
      expect.objectContaining({ kind: 'droplet', account: 'staging', status: 'succeeded', created: 1 }),
    ]);

    const all = await runCli(['sync', 'droplet', '--wait'], env());
    expect(all.code).toBe(0);
    const rows = all.stdout.split('\n');
    expect(rows[0]).toMatch(/^ACCOUNT\s+KIND\s+STATUS/);
    expect(rows.some((r) => /^production\s+droplet\s+succeeded/.test(r))).toBe(true);
    expect(rows.some((r) => /^staging\s+droplet\s+succeeded\s+1\s+0\s+0\s+1/.test(r))).toBe(true);
  });

  it('an unknown team is refused with the configured ones, and a non-zero exit', async () => {
    const result = await runCli(['sync', 'droplet', '--account', 'qa'], env());
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('No DO account is named "qa"; the accounts are production, staging.');
  });

  it('invoice ingest must be told the team when there are several, and stores the invoice for the team named', async () => {
    const unnamed = await runCliInProcess(['invoice', 'ingest', 'test/fixtures/invoices/basic.csv'], env());
    expect(unnamed.code).not.toBe(0);
    expect(unnamed.stderr).toContain(
      'Several DO teams are configured (production, staging): say which this invoice bills with --account.',
    );
    expect(await Invoice.countDocuments()).toBe(0);

    const named = await runCliInProcess(
      ['invoice', 'ingest', 'test/fixtures/invoices/basic.csv', '--account', 'staging', '--json'],
      env(),
    );
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).invoice).toMatchObject({ account: 'staging', period: '2025-06' });
    expect(await Invoice.countDocuments({ account: 'staging' })).toBe(1);
  });
});
