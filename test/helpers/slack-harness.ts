import { afterAll, beforeAll } from 'vitest';
import mongoose from 'mongoose';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createSlackService, type SlackService, type SlackServiceOptions } from '../../src/slack/service.js';
import { startWorkers, type RunningWorkers } from '../../src/cli/worker.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { silentLog, testConfig } from './context.js';
import { SIGNING_SECRET, SlackClientSim } from './slack-requests.js';

export interface SlackHarnessOptions {
  /**
   * Settings beyond the ones the harness owns (the stand-ins' tokens and URLs, the signing secret):
   * who is admin or finance, which channels, retry and polling knobs.
   */
  env?: Record<string, string>;
  /** For createSlackService. The monthly schedule is always off: tests post the summary themselves, on a date they choose. */
  service?: Omit<SlackServiceOptions, 'monthlySchedule'>;
  /**
   * Run the queue workers in this process, on the app's runtime, with the service's sync hooks, so a
   * `/cloud sync` or provision is worked and answered within the test. Omit for no workers.
   * `sagaObserver` also routes saga progress through the service (its threads and alerts); without it
   * the workers report sagas through an outbox of their own, as a worker without the Slack side does.
   */
  workers?: { sagaObserver?: boolean };
}

/** The Slack app under test, the two stand-ins it talks to, and a client that drives it as Slack does. */
export interface SlackHarness {
  /** The Slack Web API stand-in: what the app posted, files to upload, faults to inject. */
  readonly slack: SlackStandin;
  /** The DO stand-in serving the sample account; a test may swap its account. */
  readonly digitalocean: DoStandin;
  /** Signed commands and events to the app's `/slack/events`. */
  readonly sim: SlackClientSim;
  /** The app's `/slack/events` URL (known once the app listens). */
  eventsUrl(): string;
  /** Available once the file's `beforeAll` hooks run. */
  readonly runtime: Runtime;
  /** Available once the file's `beforeAll` hooks run. */
  readonly service: SlackService;
}

/**
 * Starts the Slack app end to end for this file's tests and stops it afterwards: the Slack and DO
 * stand-ins, the runtime on the file's own database and queue prefix, the Slack service, the
 * workers when asked for, and Bolt listening on a free port. Call it at the top of the file, before
 * the file's own `beforeAll`: hooks run in the order they are registered, so seeding in the file's
 * hook sees a running app, and teardown runs after the file's own `afterAll`.
 *
 * The stand-ins and the client exist at once, so module-level helpers may close over them; the
 * runtime and service only once started.
 */
export function useSlackHarness(
  iso: { dbName: string; prefix: string },
  options: SlackHarnessOptions = {},
): SlackHarness {
  const slack = new SlackStandin();
  const digitalocean = new DoStandin(sampleAccount());
  let runtime: Runtime | undefined;
  let service: SlackService | undefined;
  let workers: RunningWorkers | undefined;
  let port = 0;
  const eventsUrl = () => `http://127.0.0.1:${port}/slack/events`;

  beforeAll(async () => {
    await slack.start();
    await digitalocean.start();
    // The app reaches both stand-ins only through configuration, as it would reach Slack and DO.
    const config = testConfig(iso, {
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      // Several DO teams (ARCADIA_DO_ACCOUNTS in env) replace the one token.
      ...(options.env?.ARCADIA_DO_ACCOUNTS ? {} : { DIGITALOCEAN_TOKEN: digitalocean.token }),
      DIGITALOCEAN_API_URL: digitalocean.url,
      ...options.env,
    });
    runtime = await openRuntime(config, { log: silentLog });
    service = createSlackService(runtime, { ...options.service, monthlySchedule: false });
    if (options.workers) {
      workers = await startWorkers(config, {
        runtime,
        schedule: false,
        syncHooks: service.syncHooks,
        ...(options.workers.sagaObserver ? { sagaObserver: service.sagaObserver } : {}),
        // Invoice uploads are ingested by the service's own worker, which replies in the thread.
        invoiceWorker: false,
      });
    }
    port = (await service.slack.start(0))!;
    // So the stand-in can play a person uploading a file (shareFile, POST /share-file).
    slack.sendEventsTo(eventsUrl(), SIGNING_SECRET);
  });

  // The reverse of start-up: stop taking requests, let running jobs finish, then close what they used.
  // Each step skips what a start-up that failed part way never opened, so the error reported is the start-up's own.
  afterAll(async () => {
    await service?.slack.stop();
    await workers?.stop();
    await service?.stop();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await runtime?.close();
    await slack.stop();
    await digitalocean.stop();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the harness's ${what} is used before beforeAll started it`);
    return value;
  };
  return {
    slack,
    digitalocean,
    sim: new SlackClientSim(eventsUrl, slack),
    eventsUrl,
    get runtime() {
      return started(runtime, 'runtime');
    },
    get service() {
      return started(service, 'service');
    },
  };
}
