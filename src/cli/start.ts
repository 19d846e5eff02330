import { requireStartSettings, type Config } from '../config.js';
import { checkBotToken } from '../slack/check-bot-token.js';
import { openRuntime } from '../runtime.js';
import { createSlackService } from '../slack/service.js';
import { startWorkers } from './worker.js';

export interface StartOptions {
  /** Also run the sync schedule. @defaultValue true */
  schedule?: boolean;
}

/**
 * `arcadia start`: the Slack app, the workers, the sync schedule and the monthly summary in one
 * process. SIGTERM stops taking Slack requests first, lets running jobs finish (bounded), then
 * drains the outbox's in-flight posts and closes the connections.
 */
export async function startCommand(options: StartOptions, config: Config): Promise<number> {
  requireStartSettings(config);
  await checkBotToken(config);
  const runtime = await openRuntime(config);
  const slack = createSlackService(runtime);
  const workers = await startWorkers(config, { runtime, schedule: options.schedule, syncHooks: slack.syncHooks, sagaObserver: slack.sagaObserver, invoiceWorker: false });
  const port = await slack.slack.start();
  runtime.log.info({ mode: slack.slack.socketMode ? 'socket' : 'http', port }, 'arcadia started');

  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      runtime.log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  await slack.slack.stop();
  runtime.log.info('no longer taking Slack requests; finishing running jobs');
  if ((await workers.stop()) === 'finished') {
    await slack.stop();
    await runtime.close();
  }
  // As in `arcadia worker`: a job released at the shutdown bound must not hold the process open.
  process.exit(0);
}
