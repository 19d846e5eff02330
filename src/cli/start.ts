import { requireStartSettings, type Config } from '../config.js';
import { checkBotToken } from '../slack/check-bot-token.js';
import { openRuntime } from '../runtime.js';
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
 * finish its running jobs (or release them after ARCADIA_SHUTDOWN_TIMEOUT_MS).
 */
export async function startCommand(options: StartOptions, config: Config): Promise<number> {
  requireStartSettings(config);
  await checkBotToken(config);
  const runtime = await openRuntime(config);
  const receiver = createSlackReceiver(runtime);
  const workers = new WorkerSupervisor({
    args: ['worker', '--slack', ...(options.schedule === false ? ['--no-schedule'] : [])],
    log: runtime.log,
    shutdownTimeoutMs: config.ARCADIA_SHUTDOWN_TIMEOUT_MS,
    heapMb: config.ARCADIA_WORKER_HEAP_MB,
    nice: config.ARCADIA_WORKER_NICE,
  });
  // Listening first: a port already taken (another arcadia) stops this one before it forks a worker
  // and runs a second schedule beside the first. Requests taken meanwhile wait in the queues.
  let port: number | null;
  try {
    port = await receiver.slack.start();
    await workers.start();
  } catch (err) {
    await receiver.stop();
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
  await runtime.close();
  process.exit(0);
}
