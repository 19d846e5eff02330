import { describe, expect, it } from 'vitest';
import { SyncRun } from '../../models/sync-run.js';
import { UnknownKindError } from '../../src/errors.js';
import { SYNC_KINDS } from '../../src/sync/kinds/index.js';
import { syncRunReport, type SyncRunReport } from '../../src/sync/run-report.js';
import { syncResultsMessage } from '../../src/slack/blocks/index.js';
import { isolation, testEnv } from '../helpers/context.js';
import { runCli } from '../helpers/cli.js';
import { textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';

/**
 * `/cloud` and `arcadia` are two renderings of one application: the same input through each is
 * accepted or refused alike, and a run is reported from the same projection.
 */
const ADMIN = { user: 'UADMIN', channel: 'COPS' };
const iso = isolation();
const harness = useSlackHarness(iso, {
  env: { ARCADIA_ADMIN_USERS: 'UADMIN', ARCADIA_SYNC_ATTEMPTS: '1' },
  workers: {},
});
const { slack, sim } = harness;

const idOf = (responseUrl: string) => responseUrl.split('/').pop();
const replyTo = (responseUrl: string, contains: string) =>
  slack.waitFor('response_url', (c) => c.params.id === idOf(responseUrl) && textOf(c.params).includes(contains));
/** The CLI on this file's database and queue, against the harness's DO stand-in. */
const cli = (args: string[]) =>
  runCli(
    args,
    testEnv(iso, { DIGITALOCEAN_TOKEN: harness.digitalocean.token, DIGITALOCEAN_API_URL: harness.digitalocean.url }),
  );

describe('/cloud and arcadia, the same inputs', () => {
  it('both take `sync droplets` (a plural) and report the run from one projection', async () => {
    const asked = await sim.command('sync droplets', ADMIN);
    expect(asked.status).toBe(200);
    const queued = await replyTo(asked.responseUrl, 'Syncing');
    expect(textOf(queued.params)).toContain('*droplet*');
    const done = await replyTo(asked.responseUrl, 'Sync finished');
    const [slackRun] = await SyncRun.find({ kind: 'droplet' }).lean();
    const fromSlack = syncRunReport('droplet', slackRun!.account, slackRun);
    // The answer in Slack is the projection rendered (the default team goes unnamed there).
    const { account: _default, ...unnamed } = fromSlack;
    expect(done.params.text).toBe(syncResultsMessage({ results: [unnamed] }).text);

    const { code, stdout } = await cli(['sync', 'droplets', '--wait', '--json']);
    expect(code).toBe(0);
    const { runs } = JSON.parse(stdout) as { runs: SyncRunReport[] };
    expect(runs.map((r) => r.kind)).toEqual(['droplet']);
    const cliRun = await SyncRun.findOne({ kind: 'droplet', runId: { $ne: slackRun!.runId } }).lean();
    expect(runs[0]).toEqual(syncRunReport('droplet', cliRun!.account, cliRun));
    // The same account listed the same way: only what the first run created differs.
    expect({ status: runs[0]!.status, listed: runs[0]!.listed, account: runs[0]!.account }).toEqual({
      status: fromSlack.status,
      listed: fromSlack.listed,
      account: fromSlack.account,
    });
  });

  it('both refuse an unknown kind with the same error: its sentence in Slack, its message on the terminal', async () => {
    const refusal = new UnknownKindError(['gizmo'], SYNC_KINDS, undefined, true);
    const asked = await sim.command('sync gizmo', ADMIN);
    expect(textOf(asked.json() as Record<string, unknown>)).toContain(refusal.sentence);
    const { code, stderr } = await cli(['sync', 'gizmo']);
    expect(code).toBe(1);
    expect(stderr).toBe(`arcadia: ${refusal.message}\n`);
  });

  it('both take an alias and refuse a near miss with the same suggestion', async () => {
    const asked = await sim.command('sync dropplet', ADMIN);
    const refusal = new UnknownKindError(['dropplet'], SYNC_KINDS, 'droplet', true);
    expect(textOf(asked.json() as Record<string, unknown>)).toContain(refusal.sentence);
    const { stderr } = await cli(['sync', 'dropplet']);
    expect(stderr).toBe(`arcadia: ${refusal.message}\n`);

    const lb = await sim.command('sync lb', ADMIN);
    expect(textOf((await replyTo(lb.responseUrl, 'Syncing')).params)).toContain('*load_balancer*');
    const { code, stdout } = await cli(['sync', 'lb', '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { queued: { kind: string }[] }).queued.map((q) => q.kind)).toEqual(['load_balancer']);
  });
});
