import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { Invoice } from '../../models/invoice.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { invoiceReport } from '../../src/invoice/index.js';
import { invoiceQueue, invoiceQueueEvents } from '../../jobs/queues.js';
import { createInvoiceWorker, type InvoiceJobResult } from '../../jobs/invoice-worker.js';
import { isolation, silentLog, testEnv, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';
import { startCli } from '../helpers/cli.js';
import { storedLineCount } from '../invoice/seed.js';

const iso = isolation();
useDatabase(iso);
const UUID = '22737513-0ea7-4206-8ceb-98a575af7681';
const account = sampleAccount();
// 480 lines: three pages of invoice items, so a worker can die between pages.
const base = account.invoice_items[UUID]!;
account.invoice_items[UUID] = Array.from({ length: 20 }, (_, round) =>
  base.map((item) => ({ ...item, description: `${String(item.description)} #${round}` })),
).flat();
const standin = useDoStandin(new DoStandin(account));
const redisConnection = useRedis();

describe('a worker killed mid-ingest', () => {
  it('leaves a job that another worker completes: the invoice stored once, every line once', async () => {
    const settings = { connection: redisConnection(), prefix: iso.prefix };
    const queue = invoiceQueue(settings);
    const events = invoiceQueueEvents(settings);
    await events.waitUntilReady();
    const itemsPath = `/v2/customers/my/invoices/${UUID}`;
    try {
      standin.inject({ path: itemsPath, page: 2, delayMs: 600_000, times: 1 });
      const job = await queue.add('ingest', { mode: 'fetch', period: '2025-06' }, { attempts: 3 });
      const pageTwo = standin.waitForRequest(itemsPath, 2);
      const child = startCli(
        ['worker', '--no-schedule'],
        testEnv(iso, {
          DIGITALOCEAN_TOKEN: standin.token,
          DIGITALOCEAN_API_URL: standin.url,
          ARCADIA_JOB_LOCK_MS: '1000',
        }),
      );
      await pageTwo;
      child.kill('SIGKILL');
      await once(child, 'exit');
      standin.clearFaults();

      const worker = createInvoiceWorker({
        queue: settings,
        client: new DoClient({ token: standin.token, baseUrl: standin.url }),
        log: silentLog,
        lockDurationMs: 1000,
      });
      try {
        const result = (await job.waitUntilFinished(events)) as InvoiceJobResult;
        expect(result.lines).toBe(480);
        expect(await Invoice.countDocuments()).toBe(1);
        expect(await storedLineCount()).toBe(480);
        expect((await invoiceReport('2025-06'))?.lines).toBe(480);
      } finally {
        await worker.close();
      }
    } finally {
      await events.close();
      await queue.close();
    }
  });
});
