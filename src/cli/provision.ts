import type { Command } from 'commander';
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
import { CLI_USER } from '../../models/audit.js';
import { decideSaga } from '../saga/decide-saga.js';
import { keyValuePairs } from '../arguments.js';
import { runtimeOutbox } from '../outbox/producer.js';
import type { Action } from './action.js';
import { renderTable } from './render-table.js';
import { actorCells } from './audit-rows.js';
import { approvalAnnouncer, withRuntime } from './with-runtime.js';

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

/** Waits for the saga to reach a terminal status, working the queue itself when no worker listens. */
async function waitForEnd(sagaId: string, deps: SagaDeps): Promise<SagaDoc> {
  const events = provisionQueueEvents(deps.rt.queue);
  let worker: Worker | undefined;
  const sync = syncQueue(deps.rt.queue);
  try {
    await events.waitUntilReady();
    if ((await deps.queue.getWorkersCount()) === 0) {
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

export function registerProvisionCommands(program: Command, action: Action, config: () => Config): void {
  program
    .command('provision')
    .description('plan, quote and request a stack from a blueprint (it waits for approval unless --approve)')
    .argument('<blueprint>', 'blueprint name (a file in ARCADIA_BLUEPRINTS_DIR)')
    .requiredOption('--tenant <tenant>', 'tenant the stack is for')
    .option(
      '--param <key=value>',
      'blueprint parameter (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--approve', 'approve it at once')
    .option('--wait', 'wait for the end; exit non-zero unless it succeeded')
    .option('--account <name>', 'the DO team (of ARCADIA_DO_ACCOUNTS) to create in (default: the first)')
    .option('--json', 'print JSON')
    .action(
      action(
        async (
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
              let saga = await createSaga(
                {
                  blueprint,
                  tenant: opts.tenant,
                  params: keyValuePairs(opts.param),
                  requestedBy: CLI_USER,
                  account: deps.account,
                },
                deps,
              );
              if (opts.approve) saga = await decide(saga.sagaId, true, deps);
              if (opts.wait && opts.approve) saga = await waitForEnd(saga.sagaId, deps);
              print(saga, opts.json ?? false);
              return opts.wait ? (saga.status === 'succeeded' ? 0 : 1) : 0;
            },
            opts.account,
          ),
      ),
    );

  const saga = program.command('saga').description('provisioning sagas');
  saga
    .command('list')
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { json?: boolean }) =>
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
      ),
    );
  for (const [name, run] of [
    ['show', async (id: string) => getSaga(id)],
    ['approve', async (id: string, deps: SagaDeps) => decide(id, true, deps)],
    ['reject', async (id: string, deps: SagaDeps) => decide(id, false, deps)],
  ] as const) {
    saga
      .command(name)
      .argument('<id>', 'saga id')
      .option('--json', 'print JSON')
      .action(
        action(async (id: string, opts: { json?: boolean }) =>
          withSagas(config(), async (deps) => (print(await run(id, deps), opts.json ?? false), 0)),
        ),
      );
  }

  program
    .command('deprovision')
    .description('tear down what a succeeded saga created, in reverse')
    .argument('<sagaId>', 'saga id')
    .option('--wait', 'wait for the end; exit non-zero unless deprovisioned')
    .option('--json', 'print JSON')
    .action(
      action(async (id: string, opts: { wait?: boolean; json?: boolean }) =>
        withSagas(config(), async (deps) => {
          let s = await deprovisionSaga(id, CLI_USER, deps);
          if (opts.wait) s = await waitForEnd(id, deps);
          print(s, opts.json ?? false);
          return opts.wait ? (s.status === 'deprovisioned' ? 0 : 1) : 0;
        }),
      ),
    );
}
