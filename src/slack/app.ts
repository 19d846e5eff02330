import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { requireSettings, type Config } from '../config.js';
import { errorMessage, ListenError } from '../errors.js';
import type { JobPayloads } from '../../jobs/queues.js';
import { register as registerCommands } from '../../commands/index.js';
import type { CommandDeps } from './command-deps.js';
import { boltLogger } from './bolt-logger.js';
import { eventDedupe } from './event-dedupe.js';
import { slackResponseUrlsOnly } from './response-url.js';
import { registerActions } from './actions/index.js';
import { registerFinanceUploads } from './finance-upload.js';
import type { HomePublisher } from './home/home-publisher.js';
import { AckGate } from './ack-gate.js';
import { requestContext } from './request-context.js';

/** Commands, events and interactivity all arrive here in HTTP mode. */

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAppDeps extends CommandDeps {
  redis: Redis;
  /** Redis key prefix (the queue prefix), so deployments sharing a Redis keep their dedupe keys apart. */
  prefix: string;
  invoiceQueue: Queue<JobPayloads['invoiceIngest']>;
  /** Publishes the Home tab when a user opens it. */
  home?: HomePublisher;
  /** Answers the health paths in HTTP mode (src/cli/health.ts), before Bolt and outside the ack count. */
  health?: HealthPaths;
}

/** Answers a request it knows (true), or leaves it (false). */
export type HealthPaths = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface SlackApp {
  app: App;
  socketMode: boolean;
  /** Listens (HTTP mode: on `port`, 0 for any free one, at HOST) or connects (Socket Mode); resolves to the port, or null for Socket Mode. */
  start(port?: number): Promise<number | null>;
  stop(): Promise<void>;
}

/** Every listener the app has; the manifest test runs this against a recorder to compare with manifest.yml. */
export function registerListeners(app: App, deps: SlackAppDeps, acks = new AckGate()): void {
  app.use(requestContext());
  app.use(eventDedupe(deps.redis, deps.prefix, deps.log));
  app.use(slackResponseUrlsOnly(deps.config.SLACK_API_URL, deps.log));
  registerCommands(app, deps, acks);
  registerActions(app, deps);
  registerFinanceUploads(app, deps);
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home' || !deps.home) return;
    await deps.home
      .opened(event.user)
      .catch((err: unknown) => deps.log.warn({ err: errorMessage(err) }, 'Home tab not published'));
  });
  app.error(async (err) => {
    deps.log.error({ err: err.message, code: (err as { code?: string }).code }, 'Slack listener error');
  });
}

/**
 * The Bolt app: HTTP receiver on `/slack/events` (signature and timestamp checked by Bolt: forged or
 * replayed requests get 401 and reach no listener), or Socket Mode when SLACK_APP_TOKEN is set.
 * The Web API base comes from SLACK_API_URL when set.
 */
export function createSlackApp(config: Config, deps: SlackAppDeps): SlackApp {
  requireSettings(config, ['SLACK_BOT_TOKEN']);
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  if (!socketMode) requireSettings(config, ['SLACK_SIGNING_SECRET']);
  const logger = boltLogger(deps.log);
  const clientOptions = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  // No conversation state is kept between requests, so Bolt's default in-memory store would only
  // add a lookup to every request.
  const common = { token: config.SLACK_BOT_TOKEN, clientOptions, logger, convoStore: false as const };

  let receiver: HTTPReceiver | undefined;
  let app: App;
  if (socketMode) {
    app = new App({ ...common, socketMode: true, appToken: config.SLACK_APP_TOKEN });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: SLACK_EVENTS_PATH,
      logger,
    });
    app = new App({ ...common, receiver });
  }

  // Counts the HTTP requests not yet answered, so replies wait for the acks (Socket Mode has none to count).
  const acks = new AckGate();
  registerListeners(app, deps, acks);

  let server: Server | undefined;
  return {
    app,
    socketMode,
    async start(port = config.PORT) {
      if (!receiver) {
        await app.start();
        return null;
      }
      const listener = receiver.requestListener;
      server = createServer((req, res) => {
        if (deps.health?.(req, res)) return;
        acks.track(res);
        try {
          listener(req, res);
        } catch {
          // Unknown paths: the receiver throws rather than answering.
          if (!res.headersSent) res.writeHead(404).end();
        }
      });
      const host = config.HOST;
      await new Promise<void>((resolve, reject) => {
        server!.once('error', (err: NodeJS.ErrnoException) => {
          server = undefined;
          reject(new ListenError(port, host, err));
        });
        server!.listen(port, host, resolve);
      });
      return (server.address() as AddressInfo).port;
    },
    async stop() {
      if (!receiver) return void (await app.stop());
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeIdleConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
