import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { connectDatabase, disconnectDatabase } from './db.js';
import type { DoClient } from './digitalocean/client.js';
import { accountClients, type AccountClients } from './digitalocean/account-clients.js';
import { tokenScope } from './sync/kinds/index.js';
import { logger } from './logger.js';
import { checkRedis, createRedis } from './redis.js';
import type { QueueSettings } from '../jobs/queues.js';

/** The connections a process shares: one Redis connection for queues, one mongoose connection, one DO client. */
export interface Runtime {
  config: Config;
  log: Logger;
  redis: Redis;
  queue: QueueSettings;
  /** One client per DO team (DIGITALOCEAN_TOKEN or ARCADIA_DO_ACCOUNTS); undefined when none is configured. */
  accounts: AccountClients | undefined;
  /** The first account's client: where provisioning creates, and what reads of one team use. */
  doClient: DoClient | undefined;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, options: { log?: Logger; dbName?: string } = {}): Promise<Runtime> {
  await checkRedis(config.REDIS_URL);
  await connectDatabase(config.MONGODB_URI, { dbName: options.dbName });
  const redis = createRedis(config.REDIS_URL);
  const accounts = accountClients(config, tokenScope);
  return {
    config,
    log: options.log ?? logger(),
    redis,
    queue: { connection: redis, prefix: config.ARCADIA_QUEUE_PREFIX },
    accounts,
    doClient: accounts?.primary,
    async close() {
      await disconnectDatabase();
      // QUIT lets commands in flight finish first: a disconnect rejects them, and BullMQ reports a
      // queue's start-up commands rejected that way as an 'error' nobody listens to any more once the
      // queue was closed (a start that fails right after opening its queues), which ends the process.
      // Redis not there: nothing is in flight worth waiting for.
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
