/**
 * `npm run demo`: Arcadia's main job, offline. Starts throwaway Redis and MongoDB-wire servers, a
 * DigitalOcean stand-in serving the sample account and a Slack Web API stand-in; runs real syncs
 * of every kind through the cloud_sync_full queue; deletes a droplet in the stand-in and syncs
 * again; posts the weekly waste digest (findings priced after every sync); defines two tenants and
 * posts the monthly summary (invoice pulled from the stand-in's billing API, tenant section, chart
 * written to a file it names); prints the June invoice allocated to the two tenants; provisions a
 * web stack for acme through Slack (the /cloud command, the quote, the approval request, an admin's
 * Approve click, the progress thread) and tears it down again; runs the daily anomaly check on the
 * stand-in's Billing Insights scenario (a resize, a one-day spike, a new tenant; the digest and its
 * chart, written to a file it names); then prints every message Arcadia sent to Slack, as a person
 * would read it.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger, setLogger } from '../src/logger.js';
import { databaseUri, startLocalServices, type LocalServices } from '../testkit/local-services.js';
import { DoStandin } from '../testkit/digitalocean/do-standin.js';
import { openRuntime } from '../src/runtime.js';
import { SYNC_KINDS } from '../src/sync/kinds/index.js';
import type { SyncResult } from '../src/sync/engine.js';
import { createSlackService, postMonthlySummary } from '../src/slack/index.js';
import { SlackStandin } from '../testkit/slack/slack-standin.js';
import { renderTranscript, transcriptLine } from '../testkit/slack/transcript.js';
import { buttonClickBody, signedHeaders, slashCommandBody } from '../testkit/slack/events.js';
import { ACTION_IDS } from '../src/slack/blocks/action-ids.js';
import { getSaga } from '../src/saga/saga-service.js';
import { createProvisionWorker } from '../jobs/provision-worker.js';
import { enqueueSyncs } from '../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents, wasteQueue } from '../jobs/queues.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSyncWorker } from '../jobs/sync-worker.js';
import { createWasteWorker } from '../jobs/waste-worker.js';
import { renderTable } from '../src/cli/render-table.js';
import { renderBillingReport } from '../src/cli/billing.js';
import { renderForecast, renderForecastOverview } from '../src/cli/forecast.js';
import { forecastView } from '../src/forecast/forecast-service.js';
import { buildBillingReport } from '../src/billing/billing-report.js';
import { resolvePeriodLines } from '../src/billing/resolve-period.js';
import { setTenant } from '../src/billing/tenant-store.js';
import { postWasteDigest } from '../src/slack/waste-digest.js';
import { resizeScenarioDroplet, INSIGHTS_SCENARIO } from '../testkit/digitalocean/billing-insights.js';
import { runAnomalyCheck } from '../src/slack/anomaly-check.js';
import { openAnomalies } from '../src/anomaly/anomaly-store.js';
import { renderOpenAnomalies } from '../src/cli/anomalies.js';
import { runSync } from '../src/sync/engine.js';
import { droplet } from '../src/sync/kinds/index.js';
import {
  BUDGET_SCENARIO,
  defineScenarioTenants,
  deleteScenarioDroplet,
  plantScenarioBudget,
  scenarioAccount,
} from '../testkit/digitalocean/budget-scenario.js';
import { forecastAll } from '../src/forecast/forecast.js';
import { recordForecasts } from '../src/forecast/forecast-snapshots.js';
import { postBudgetAlerts } from '../src/slack/budget-alerts.js';
import { formatUsd } from '../src/invoice/money.js';

const log = createLogger(process.env.ARCADIA_LOG_LEVEL ?? 'warn');
setLogger(log);
const ALERTS = 'C0ALERTS';
const FINANCE = 'C0FINANCE';
const SIGNING_SECRET = 'demo-signing-secret';
/** Who provisions in the demo: someone on the team asks, an admin approves and later tears it down. */
const OPS = { user: 'U0OPS', channel: 'C0OPS' };
const ADMIN = { user: 'U0ADMIN', channel: 'C0OPS' };
const FIN = { user: 'U0FIN', channel: 'C0FINANCE' };

function heading(text: string): void {
  console.log(`\n=== ${text} ${'='.repeat(Math.max(0, 74 - text.length))}`);
}

async function main(): Promise<void> {
  let services: LocalServices | undefined;
  if (!process.env.REDIS_URL || !process.env.MONGODB_URI) {
    heading('Starting local services');
    services = await startLocalServices();
    console.log(`Redis at ${services.redisUrl}, ${services.mongoFlavor} at ${services.mongoUri}`);
  }
  const standin = new DoStandin(scenarioAccount());
  await standin.start();
  const slack = new SlackStandin();
  await slack.start();
  console.log(`DigitalOcean stand-in at ${standin.url}, Slack Web API stand-in at ${slack.apiUrl}`);

  const config = loadConfig({
    REDIS_URL: process.env.REDIS_URL ?? services!.redisUrl,
    MONGODB_URI: process.env.MONGODB_URI ?? databaseUri(services!.mongoUri, `arcadia_demo_${Date.now()}`),
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ARCADIA_ALERTS_CHANNEL: ALERTS,
    ARCADIA_FINANCE_CHANNEL: FINANCE,
    ARCADIA_ADMIN_USERS: ADMIN.user,
    ARCADIA_FINANCE_USERS: FIN.user,
    ARCADIA_PROVISION_ACTION_POLL_MS: '20',
    ARCADIA_PROVISION_RETRY_DELAY_MS: '20',
    ARCADIA_QUEUE_PREFIX: `arcadia-demo-${Date.now()}`,
    ARCADIA_LOG_LEVEL: 'warn',
  });
  const rt = await openRuntime(config, { log });
  const service = createSlackService(rt, { monthlySchedule: false, perChannelIntervalMs: 200 });
  const queue = syncQueue(rt.queue);
  const events = syncQueueEvents(rt.queue);
  await events.waitUntilReady();
  const worker = createSyncWorker({ queue: rt.queue, config, client: rt.doClient!, log, ...service.syncHooks });
  // The waste rules run in jobs of their own, queued by each sync that succeeds.
  const wasteWorker = createWasteWorker({ queue: rt.queue, config, client: rt.doClient!, log });
  const wastes = wasteQueue(rt.queue);
  // Sagas are driven by the provision worker; their progress reaches Slack through the service.
  const provisioner = createProvisionWorker({
    queue: rt.queue,
    config,
    client: rt.accounts!,
    log,
    observer: service.sagaObserver,
  });
  const port = (await service.slack.start(0))!;
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;

  /** Posts a signed request to Arcadia's /slack/events, as Slack does. */
  async function toArcadia(body: string, contentType: string): Promise<void> {
    const res = await fetch(eventsUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, ...signedHeaders(body, SIGNING_SECRET) },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`Arcadia answered ${res.status} to a request from Slack`);
  }
  async function slashCommand(text: string, who: { user: string; channel: string }): Promise<void> {
    console.log(`\n${who.user} in #${who.channel}: /cloud ${text}`);
    const body = slashCommandBody(text, who, slack, slack.responseUrl());
    await toArcadia(body, 'application/x-www-form-urlencoded');
  }
  /** The message Arcadia posted to `channel` whose text contains `contains`, once it has. */
  async function posted(channel: string, contains: string): Promise<{ channel: string; ts: string }> {
    await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === channel && String(c.params.text).includes(contains),
      60_000,
    );
    const [key] = [...slack.messages].find(([k, m]) => k.startsWith(`${channel}/`) && m.text.includes(contains))!;
    return { channel, ts: key.slice(channel.length + 1) };
  }
  async function click(where: { channel: string; ts: string }, actionId: string, label: string, user: string) {
    console.log(`${user} clicks ${label}`);
    const message = slack.messages.get(`${where.channel}/${where.ts}`)!;
    const body = buttonClickBody({ ...message }, where, actionId, user, slack, slack.responseUrl(where));
    await toArcadia(body, 'application/x-www-form-urlencoded');
  }
  /** What a person saw in Slack since transcript entry `from`, one line per message. */
  function seenSince(from: number): number {
    for (const e of slack.transcript.slice(from)) console.log(`  ${transcriptLine(e).replace(/^\S+ /, '')}`);
    return slack.transcript.length;
  }

  async function syncAll(title: string): Promise<SyncResult[]> {
    heading(title);
    const jobs = await enqueueSyncs(queue, SYNC_KINDS, () => ({ attempts: 1 }));
    const results = (await Promise.all(jobs.map((j) => j.waitUntilFinished(events)))) as SyncResult[];
    console.log(
      renderTable(
        ['KIND', 'STATUS', 'LISTED', 'CREATED', 'UPDATED', 'UNCHANGED', 'STALE', 'REVIVED', 'API CALLS', 'NOTE'],
        results.map((r) => [
          r.kind,
          r.status,
          r.listed,
          r.created,
          r.updated,
          r.unchanged,
          r.markedStale,
          r.revived,
          r.apiCalls,
          r.notes[0] ?? '',
        ]),
      ),
    );
    return results;
  }

  try {
    await syncAll('First sync: every kind, through the cloud_sync_full queue');
    const gone = deleteScenarioDroplet(standin.account);
    console.log(`\n(In the DigitalOcean stand-in, droplet ${String(gone?.name)} is deleted.)`);
    await syncAll('Second sync');
    await slack.waitFor('chat.postMessage', (c) => c.params.channel === ALERTS);

    heading('Weekly waste digest (findings priced after every sync)');
    // Each sync queued its waste job before its result came back: the digest waits until they have run.
    while ((await wastes.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')) > 0) await sleep(50);
    console.log(`posted to ${(await postWasteDigest(service.wasteDigest)).join(', ') || 'no channel'}`);
    await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === ALERTS && String(c.params.text).includes('waste'),
    );

    heading('Tenants (arcadia tenant set)');
    await defineScenarioTenants();
    console.log('acme: project my-web-api, markup 10%; initech: project Default');

    heading('Monthly summary for June 2025 (invoice pulled from the billing API, with the tenant section and a chart)');
    console.log(await postMonthlySummary(service.monthly, new Date('2025-07-02T09:00:00Z')));
    await slack.waitFor('chat.postMessage', (c) => c.params.channel === FINANCE);
    await slack.waitFor(
      'files.completeUploadExternal',
      (c) => c.params.channel_id === FINANCE && JSON.stringify(c.params.files).includes('Spend 2025-06'),
    );
    const chart = slack.completedUploads().find((f) => f.title.startsWith('Spend 2025-06'));
    if (chart?.bytes) {
      const file = join(tmpdir(), 'arcadia-demo-spend-2025-06.png');
      await writeFile(file, chart.bytes);
      console.log(`The chart uploaded with it (${chart.bytes.length} bytes) is written to ${file}`);
    }

    heading('Tenant billing for June 2025 (arcadia billing report 2025-06)');
    const june = await resolvePeriodLines('2025-06', undefined);
    const { report } = await buildBillingReport(june, {
      policy: config.ARCADIA_SHARED_COST_POLICY,
      prefix: config.ARCADIA_TENANT_TAG_PREFIX,
    });
    console.log(renderBillingReport(report));

    heading('Month-end forecast for July 2025, on the 5th (arcadia forecast; --tenant acme)');
    // The stand-in's account stands on 5 July 2025: DO's preview of 06:31 and its balance of 12:00.
    const fiveJuly = new Date('2025-07-05T18:00:00Z');
    console.log(renderForecastOverview(await forecastView(undefined, config, fiveJuly, rt.accounts)));
    console.log('');
    const acme = await forecastView({ kind: 'tenant', tenant: 'acme' }, config, fiveJuly, rt.accounts);
    console.log(renderForecast(acme.forecasts[0]!));

    heading('A budget about to be crossed on 5 July 2025 (arcadia budget set tenant acme 190, then the budget check)');
    // The stand-in's scenario (testkit/digitalocean/budget-scenario.ts): a test expects the same alert.
    await plantScenarioBudget();
    const scenario = await forecastAll({ client: rt.accounts!, now: BUDGET_SCENARIO.asOf, config });
    await recordForecasts(scenario, 'daily');
    const acmeForecast = scenario.find((f) => f.scope.kind === 'tenant' && f.scope.tenant === 'acme')!;
    console.log(
      `acme: ${formatUsd(acmeForecast.monthToDateCents)} so far, forecast ${formatUsd(acmeForecast.totalCents)}; budget ${formatUsd(BUDGET_SCENARIO.amountCents)}`,
    );
    const seenBudget = slack.transcript.length;
    console.log(
      `posted to ${(await postBudgetAlerts(service.budgets, scenario, BUDGET_SCENARIO.asOf)).join(', ') || 'no channel'}`,
    );
    await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === FINANCE && String(c.params.text).includes('on track for'),
    );
    seenSince(seenBudget);
    // Today's forecasts, as the daily job stores them: the provisioning gate reads the current month's.
    await recordForecasts(await forecastAll({ client: rt.accounts!, now: new Date(), config }), 'daily');

    heading('Provisioning a web stack for acme (plan, quote, approval, progress, teardown)');
    let seen = slack.transcript.length;
    await slashCommand('provision web-stack acme domain=example.com firewall=web-fw project=my-web-api', OPS);
    const request = await posted(OPS.channel, 'for acme?');
    seen = seenSince(seen);
    const sagaId = /Saga `([a-f0-9]+)`/.exec(JSON.stringify(slack.messages.get(`${OPS.channel}/${request.ts}`)))![1]!;
    // A person clicks once the request is there; Arcadia has recorded where it posted it by then.
    while (!(await getSaga(sagaId)).slack?.messageTs) await sleep(20);
    await click(request, ACTION_IDS.sagaApprove, 'Approve', ADMIN.user);
    // When the stack would take acme's forecast of this month past its budget, finance approves too,
    // and only then does it start (the scenario's budget is July 2025's: today's month may be within it).
    if ((await getSaga(sagaId)).budgetGate) {
      while (!(await getSaga(sagaId)).adminApprovedBy) await sleep(20);
      console.log(
        `saga ${sagaId}: ${(await getSaga(sagaId)).status}, approved by the admin; acme's budget needs finance too`,
      );
      await click(request, ACTION_IDS.sagaFinanceApprove, 'Approve for finance', FIN.user);
    } else console.log(`saga ${sagaId}: within acme's budget this month, the admin's approval starts it`);
    await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.thread_ts === request.ts && String(c.params.text).includes('Created web-stack for acme'),
      60_000,
    );
    seen = seenSince(seen);
    const saga = await getSaga(sagaId);
    console.log(
      `saga ${sagaId}: ${saga.status}; in the DigitalOcean stand-in: ${saga.steps.map((st) => `${st.kind} ${st.providerId ?? '-'}`).join(', ')}`,
    );
    await slashCommand(`deprovision ${sagaId}`, ADMIN);
    const confirm = await posted(ADMIN.channel, 'Tear down web-stack for acme?');
    seen = seenSince(seen);
    await click(confirm, ACTION_IDS.sagaDeprovision, 'Tear down', ADMIN.user);
    await slack.waitFor(
      'chat.postMessage',
      // The confirmation was posted in the saga's thread, and the teardown's progress follows there.
      (c) => c.params.thread_ts === request.ts && String(c.params.text).includes('Removed web-stack for acme'),
      60_000,
    );
    seenSince(seen);
    console.log(`saga ${sagaId}: ${(await getSaga(sagaId)).status}`);

    heading('Spend anomalies (the daily anomaly check on DO Billing Insights, as on 2026-02-28)');
    await setTenant({ name: 'globex' });
    console.log('globex: its resources tagged tenant:globex');
    // The scenario's resize, seen by a sync on its day.
    resizeScenarioDroplet(standin.account);
    await runSync({
      spec: droplet,
      client: rt.doClient!,
      config,
      runId: 'demo-resize',
      log,
      now: () => new Date(`${INSIGHTS_SCENARIO.RESIZE_DAY}T12:00:00Z`),
    });
    console.log(
      `(In the DigitalOcean stand-in, example.com is resized to s-8vcpu-16gb on ${INSIGHTS_SCENARIO.RESIZE_DAY}.)`,
    );
    const check = await runAnomalyCheck(service.anomalies, new Date('2026-02-28T08:15:00Z'));
    console.log(
      `anomaly check: ${check.outcome}, judged ${check.run?.day ?? '-'}, posted to ${check.channels?.join(', ') ?? 'no channel'}`,
    );
    await slack.waitFor(
      'files.completeUploadExternal',
      (c) => c.params.channel_id === ALERTS && JSON.stringify(c.params.files).includes('Daily spend'),
    );
    const spend = slack.completedUploads().find((f) => f.title.startsWith('Daily spend'));
    if (spend?.bytes) {
      const file = join(tmpdir(), 'arcadia-demo-anomaly.png');
      await writeFile(file, spend.bytes);
      console.log(`The chart uploaded with the digest (${spend.bytes.length} bytes) is written to ${file}`);
    }
    console.log('\narcadia anomalies');
    console.log(renderOpenAnomalies(await openAnomalies()));

    heading('What Arcadia posted to Slack');
    console.log(renderTranscript(slack.calls));
  } finally {
    await service.slack.stop();
    await provisioner.close();
    await worker.close();
    await wasteWorker.close();
    await wastes.close();
    await service.stop();
    await events.close();
    await queue.close();
    await rt.close();
    await slack.stop();
    await standin.stop();
    await services?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
