import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../src/config.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import type { ProvisionJob } from '../../jobs/queues.js';
import { isolation, testConfig, useDatabase, useDoStandin, useProvisionQueue, useRedis } from './context.js';

export interface SagaTestbed {
  iso: ReturnType<typeof isolation>;
  redis: () => Redis;
  standin: DoStandin;
  /** The provision queue on the file's prefix (open during its tests). */
  queue: () => Queue<ProvisionJob>;
  /** The file's config pointed at the stand-in, with fast retries and polls; `extra` on top. */
  config: (extra?: Record<string, string>) => Config;
  /** A client of the stand-in that gives up after one retry, so a fault injected shows at once. */
  client: () => DoClient;
}

/** What a saga test file runs against: its own database and queue prefix, Redis, and a DO stand-in of the sample account. */
export function useSagaTestbed(defaults: Record<string, string> = {}): SagaTestbed {
  const iso = isolation();
  useDatabase(iso);
  const redis = useRedis();
  const standin = useDoStandin(new DoStandin(sampleAccount()));
  const queue = useProvisionQueue(iso, redis);
  const config = (extra: Record<string, string> = {}) =>
    testConfig(iso, {
      DIGITALOCEAN_TOKEN: standin.token,
      DIGITALOCEAN_API_URL: standin.url,
      ARCADIA_PROVISION_RETRY_DELAY_MS: '1',
      ARCADIA_PROVISION_ACTION_POLL_MS: '1',
      ...defaults,
      ...extra,
    });
  const client = () => new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1, maxRetries: 1 });
  return { iso, redis, standin, queue, config, client };
}
