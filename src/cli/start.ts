import { requireStartSettings, type Config } from '../config.js';
import { logger } from '../logger.js';
import {
  CountedQueues,
  healthHandler,
  Readiness,
  startHealthServer,
  type HealthOptions,
  type HealthServer,
} from './health.js';
import { checkBotToken } from '../slack/check-bot-token.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { createSlackReceiver } from '../slack/service.js';
import { untilShutdown } from './worker.js';
import { WorkerSupervisor } from './worker-supervisor.js';

export interface StartOptions {
  /** Also run the sync schedule. @defaultValue true */
  schedule?: boolean;
}

/**
 * `arcadia start`: the Slack app in this process, and the workers, the sync schedule, the monthly
 * summary and everything else that does work in a supervised `arcadia worker --slack` child, so a
 * sync never holds up a slash command's acknowledgement. The two meet only through Redis (queues,
 * the outbox) and MongoDB. SIGTERM stops taking Slack requests first, then lets the worker process
 * finish its running jobs (or release them after ARCADIA_SHUTDOWN_TIMEOUT_MS). `/healthz`, `/readyz`
 * and `/metrics` answer for both processes: on PORT in HTTP mode, on ARCADIA_HEALTH_PORT in Socket Mode.
 */
export async function startCommand(options: StartOptions, config: Config): Promise<number> {
  requireStartSettings(config);
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const workers = new WorkerSupervisor({
    args: ['worker', '--slack', ...(options.schedule === false ? ['--no-schedule'] : [])],
    log: logger(),
    shutdownTimeoutMs: config.ARCADIA_SHUTDOWN_TIMEOUT_MS,
    heapMb: config.ARCADIA_WORKER_HEAP_MB,
    nice: config.ARCADIA_WORKER_NICE,
    // Its metrics and readiness are answered here: it serves no port of its own.
    env: { ARCADIA_HEALTH_PORT: '' },
  });
  const queues = new CountedQueues();
  const readiness = new Readiness(true);
  // One scrape answers for both processes: the worker process's metrics come over its IPC channel.
  const health: HealthOptions = {
    readiness,
    queues: () => queues.list(),
    peers: async () => {
      const theirs = await workers.metrics();
      return theirs ? [theirs] : [];
    },
  };
  // In Socket Mode no port of ours faces Slack: the health paths get their own, open from the start.
  const healthServer: HealthServer | undefined =
    socketMode && config.ARCADIA_HEALTH_PORT !== undefined
      ? await startHealthServer(config.ARCADIA_HEALTH_PORT, config.HOST, health, logger())
      : undefined;
  let runtime: Runtime;
  try {
    await checkBotToken(config);
    readiness.botTokenAccepted();
    runtime = await openRuntime(config);
  } catch (err) {
    await healthServer?.close();
    throw err;
  }
  readiness.connected(runtime.redis);
  queues.connected(runtime.queue);
  const receiver = createSlackReceiver(runtime, { health: socketMode ? undefined : healthHandler(health) });
  readiness.add('workerProcess', () => (workers.pid === undefined ? 'not running' : 'ok'));
  // Listening first: a port already taken (another arcadia) stops this one before it forks a worker
  // and runs a second schedule beside the first. Requests taken meanwhile wait in the queues.
  let port: number | null;
  try {
    port = await receiver.slack.start();
    await workers.start();
  } catch (err) {
    await receiver.stop();
    await healthServer?.close();
    await queues.close();
    await runtime.close();
    throw err;
  }
  runtime.log.info(
    { mode: receiver.slack.socketMode ? 'socket' : 'http', port, workerPid: workers.pid },
    'arcadia started',
  );

  await untilShutdown(runtime.log);
  await receiver.slack.stop();
  runtime.log.info('no longer taking Slack requests; finishing running jobs');
  await workers.stop();
  await receiver.stop();
  await healthServer?.close();
  await queues.close();
  await runtime.close();
  process.exit(0);
}
