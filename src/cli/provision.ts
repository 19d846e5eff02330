import type { Worker } from 'bullmq';
import { requireDoAccounts, type Config } from '../config.js';
import type { Runtime } from '../runtime.js';
import { provisionQueue, provisionQueueEvents, syncQueue } from '../../jobs/queues.js';
import { createProvisionWorker } from '../../jobs/provision-worker.js';
import type { SagaDoc } from '../../models/saga.js';
import {
  createSaga,
  deprovisionSaga,
  getSaga,
  listSagas,
  sagaReport,
  TERMINAL_STATUSES,
  type SagaServiceDeps,
} from '../saga/saga-service.js';
import { formatUsd as dollars } from '../invoice/money.js';
import { approversNeeded, budgetGateNumbers, storedBudgetGate } from '../budget/provision-gate.js';
import { CLI_USER } from '../../models/audit.js';
import { decideSaga } from '../saga/decide-saga.js';
import { SagaStateError } from '../saga/errors.js';
import { keyValuePairs } from '../arguments.js';
import { runtimeOutbox } from '../outbox/producer.js';
import { renderTable } from './render-table.js';
import { actorCells } from './audit-rows.js';
import { approvalAnnouncer, withRuntime } from './with-runtime.js';
import { noWorkerLine, workerListening, workerTookLine } from './listening-workers.js';
import { syncAndWait } from './sync.js';
import { touchedKinds } from '../saga/touched-kinds.js';
import type { SyncRunReport } from '../sync/run-report.js';

/**
 * Opens what the saga commands need and closes it afterwards. `account` is the DO team a new saga
 * creates in (checked against the configuration); the first team when absent.
 */
async function withSagas<T>(
  config: Config,
  run: (deps: SagaServiceDeps & { rt: Runtime; account: string }) => Promise<T>,
  account?: string,
): Promise<T> {
  requireDoAccounts(config);
  return withRuntime(config, async (rt) => {
    const accounts = rt.accounts!;
    const team = accounts.chosen(account);
    const queue = provisionQueue(rt.queue);
    try {
      // Closing a queue whose connection is still starting leaves BullMQ's connection to throw an
      // unhandled "Connection is closed" when a command fails fast (a bad blueprint): start it fully first.
      await queue.waitUntilReady();
      return await run({ config, client: accounts.client(team), queue, rt, account: team });
    } finally {
      await queue.close();
    }
  });
}

type SagaDeps = SagaServiceDeps & { rt: Runtime };

/**
 * Approves or rejects from the command line as a button click does: once, however the two race, and
 * the approval request in Slack (when one was posted) is updated to say so through the outbox, which
 * `arcadia start` delivers.
 */
async function decide(sagaId: string, approve: boolean, deps: SagaDeps): Promise<SagaDoc> {
  const { rt } = deps;
  const outbox = runtimeOutbox(rt);
  try {
    return await decideSaga(
      sagaId,
      { approve, by: CLI_USER },
      {
        redis: rt.redis,
        prefix: rt.queue.prefix,
        queue: deps.queue,
        config: deps.config,
        announce: approvalAnnouncer(outbox),
      },
    );
  } finally {
    await outbox.close();
  }
}

/**
 * Waits for the saga to reach a terminal status, working the queue itself when no worker listens,
 * then for the inventory sync of what it made or removed (as `sync --wait` does), so `arcadia
 * resources` shows the end state once this returns.
 */
async function waitForEnd(sagaId: string, deps: SagaDeps): Promise<Ended> {
  const saga = await sagaEnd(sagaId, deps);
  const kinds = touchedKinds(saga);
  const inventory = kinds.length === 0 ? [] : (await syncAndWait({ kinds, account: saga.account }, deps.rt)).reports;
  return { saga, inventory };
}

/** A saga at its end, and the inventory sync of what it touched. */
interface Ended {
  saga: SagaDoc;
  inventory: SyncRunReport[];
}

/** After a waited-for saga: which kinds the inventory now has up to date, or why one is not. */
function printInventory(reports: SyncRunReport[], json: boolean): void {
  if (json || reports.length === 0) return;
  const failed = reports.filter((r) => r.status !== 'succeeded' && r.status !== 'skipped');
  console.log(
    `\ninventory synced: ${
      reports
        .filter((r) => !failed.includes(r))
        .map((r) => r.kind)
        .join(', ') || 'none'
    }`,
  );
  for (const r of failed)
    console.log(`inventory sync of ${r.kind} ${r.status}: ${r.error ?? 'see arcadia sync --wait'}`);
}

async function sagaEnd(sagaId: string, deps: SagaDeps): Promise<SagaDoc> {
  const events = provisionQueueEvents(deps.rt.queue);
  let worker: Worker | undefined;
  const sync = syncQueue(deps.rt.queue);
  try {
    await events.waitUntilReady();
    if (await workerListening(deps.queue)) console.error(workerTookLine('this saga'));
    else {
      worker = createProvisionWorker({
        queue: deps.rt.queue,
        config: deps.config,
        client: deps.rt.accounts!,
        log: deps.rt.log,
        syncQueue: sync,
      });
    }
    for (;;) {
      // Listening before reading: a job that ends between the read and the wait still wakes it.
      const next = new Promise<void>((resolve) => {
        const done = () => {
          events.off('completed', done);
          events.off('failed', done);
          resolve();
        };
        events.on('completed', done);
        events.on('failed', done);
      });
      const saga = await getSaga(sagaId);
      if (TERMINAL_STATUSES.includes(saga.status)) return saga;
      await next;
    }
  } finally {
    await worker?.close();
    await events.close();
    await sync.close();
  }
}

/** Says when nothing will drive a saga this command queued: no worker listens (as `arcadia sync` says of its syncs). */
async function warnWhenNoWorker(deps: SagaDeps, waitCommand: string): Promise<void> {
  if (!(await workerListening(deps.queue))) console.error(noWorkerLine('this saga', waitCommand));
}

/**
 * Approves a saga (from `provision --approve` or `saga approve`); with `wait`, drives it to its end
 * here when no worker listens and prints the outcome, else says when nothing will run it.
 */
async function approved(sagaId: string, opts: { wait?: boolean; json?: boolean }, deps: SagaDeps): Promise<number> {
  if (!opts.wait) {
    const saga = await decide(sagaId, true, deps);
    print(saga, opts.json ?? false);
    if (saga.status === 'running') await warnWhenNoWorker(deps, `arcadia saga approve ${sagaId} --wait`);
    return 0;
  }
  await decide(sagaId, true, deps).catch((err: unknown) => {
    // Approved already (run again with --wait, as the no-worker line says to): wait for it all the same.
    const running = err instanceof SagaStateError && ['running', 'compensating'].includes(String(err.context.status));
    if (!running) throw err;
  });
  const ended = await waitForEnd(sagaId, deps);
  print(ended.saga, opts.json ?? false);
  printInventory(ended.inventory, opts.json ?? false);
  return ended.saga.status === 'succeeded' ? 0 : 1;
}

function print(saga: SagaDoc, json: boolean): void {
  const report = sagaReport(saga);
  if (json) return void console.log(JSON.stringify({ saga: report }));
  console.log(
    `saga ${saga.sagaId}: ${saga.blueprint} for ${saga.tenant}, ${saga.status} (quote ${dollars(saga.quoteCents)}/month)`,
  );
  console.log(
    renderTable(
      ['STEP', 'KIND', 'STATUS', 'DO ID'],
      saga.steps.map((s) => [s.name, s.kind, s.status, s.providerId ?? '']),
    ),
  );
  const gate = storedBudgetGate(saga.budgetGate);
  if (saga.status === 'pending_approval') {
    // What it still waits for: one of a gated saga's two approvals may be in already.
    const missing = gate
      ? [saga.adminApprovedBy ? null : 'an admin', saga.financeApprovedBy ? null : 'a finance user'].filter(Boolean)
      : [];
    const waits = !gate
      ? approversNeeded(false)
      : missing.length === 2
        ? approversNeeded(true)
        : `${missing[0]}'s approval (${saga.adminApprovedBy ? 'the admin' : 'finance'} approved already)`;
    console.log(`\nwaiting for ${waits}`);
    if (gate) console.log(`it passes ${saga.tenant}'s budget: ${budgetGateNumbers(gate)}`);
  }
  if (saga.error) console.log(`\n${saga.error}`);
  for (const l of saga.leftovers) {
    const alone = saga.steps.some((s) => s.name === l.step && s.status === 'left_alone');
    console.log(
      `${alone ? "left alone, no longer the saga's" : 'left to clean up'}: ${l.kind} ${l.providerId} (${l.what})`,
    );
  }
  console.log(
    `\n${renderTable(
      ['WHAT', 'WHO', 'WHEN', 'FROM'],
      report.audit.map((a) => [a.action, ...actorCells(a)]),
    )}`,
  );
}

/** What the provision commands do, loaded when one runs (src/cli/provision-commands.ts defines them). */
export function provisionActions(config: () => Config) {
  return {
    provision: async (
      blueprint: string,
      opts: {
        tenant: string;
        param: string[];
        approve?: boolean;
        wait?: boolean;
        json?: boolean;
        account?: string;
      },
    ) =>
      withSagas(
        config(),
        async (deps) => {
          const saga = await createSaga(
            {
              blueprint,
              tenant: opts.tenant,
              params: keyValuePairs(opts.param),
              requestedBy: CLI_USER,
              account: deps.account,
            },
            deps,
          );
          if (!opts.approve) {
            print(saga, opts.json ?? false);
            // Nothing to wait for before someone approves: not the success --wait asks for.
            return opts.wait ? 1 : 0;
          }
          return approved(saga.sagaId, opts, deps);
        },
        opts.account,
      ),
    list: async (opts: { json?: boolean }) =>
      withSagas(config(), async () => {
        const sagas = await listSagas();
        if (opts.json) console.log(JSON.stringify({ sagas: sagas.map(sagaReport) }));
        else
          console.log(
            renderTable(
              ['ID', 'BLUEPRINT', 'TENANT', 'STATUS', 'QUOTE', 'CREATED'],
              sagas.map((s) => [
                s.sagaId,
                s.blueprint,
                s.tenant,
                s.status,
                dollars(s.quoteCents),
                s.createdAt.toISOString(),
              ]),
            ),
          );
        return 0;
      }),
    approve: async (id: string, opts: { wait?: boolean; json?: boolean }) =>
      withSagas(config(), async (deps) => approved(id, opts, deps)),
    show: async (id: string, opts: { json?: boolean }) =>
      withSagas(config(), async () => (print(await getSaga(id), opts.json ?? false), 0)),
    reject: async (id: string, opts: { json?: boolean }) =>
      withSagas(config(), async (deps) => (print(await decide(id, false, deps), opts.json ?? false), 0)),
    deprovision: async (id: string, opts: { wait?: boolean; json?: boolean }) =>
      withSagas(config(), async (deps) => {
        const s = await deprovisionSaga(id, CLI_USER, deps);
        if (!opts.wait) {
          print(s, opts.json ?? false);
          await warnWhenNoWorker(deps, `arcadia deprovision ${id} --wait`);
          return 0;
        }
        const ended = await waitForEnd(id, deps);
        print(ended.saga, opts.json ?? false);
        printInventory(ended.inventory, opts.json ?? false);
        return ended.saga.status === 'deprovisioned' ? 0 : 1;
      }),
  };
}
