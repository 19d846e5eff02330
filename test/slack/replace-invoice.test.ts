import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { Invoice } from '../../models/invoice.js';
import { InvoiceLine } from '../../models/invoice-line.js';
import { createInvoiceWorker } from '../../jobs/invoice-worker.js';
import { invoiceQueue, QUEUE_NAMES } from '../../jobs/queues.js';
import { PermanentJobError } from '../../jobs/permanent-job-error.js';
import { requeueInvoiceReplacement } from '../../jobs/requeue-invoice-replacement.js';
import { InvoiceReplaceRefusedError, invoiceReport } from '../../src/invoice/index.js';
import { InvoiceReplacementGoneError } from '../../src/invoice/errors.js';
import { AccessPolicy } from '../../src/slack/access.js';
import { ACTION_HANDLERS, actionListener, type ActionDeps } from '../../src/slack/actions/index.js';
import { replaceInvoice } from '../../src/slack/actions/replace-invoice.js';
import { uploadReplaceRefusedMessage } from '../../src/slack/blocks/index.js';
import { renderReport } from '../../src/cli/invoice.js';
import { isolation, silentLog, testConfig, useDatabase } from '../helpers/context.js';
import { ACTION_IDS } from '../../src/slack/blocks/action-ids.js';

const iso = isolation();
useDatabase(iso);
const config = testConfig(iso, { ARCADIA_FINANCE_USERS: 'UFIN', ARCADIA_FINANCE_CHANNEL: 'CFINANCE01' });
const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
const settings = { connection, prefix: iso.prefix };
const queue = invoiceQueue(settings);
const events = new QueueEvents(QUEUE_NAMES.invoiceIngest, settings);
const worker = createInvoiceWorker({ queue: settings, log: silentLog });
const failures = new Map<string, Error>();
const waiting = new Map<string, (err: Error) => void>();
worker.on('failed', (job, err) => {
  if (!job) return;
  failures.set(String(job.id), err);
  waiting.get(String(job.id))?.(err);
});
/** The error the worker's failed listeners saw for a job (they may hear of it after the job's own waiters). */
const failureOf = (id: string) =>
  new Promise<Error>((resolve) => (failures.has(id) ? resolve(failures.get(id)!) : waiting.set(id, resolve)));

beforeAll(() => events.waitUntilReady());
beforeEach(async () => {
  await Promise.all([Invoice.deleteMany({}), InvoiceLine.deleteMany({})]);
});
afterAll(async () => {
  await worker.close();
  await events.close();
  await queue.close();
  connection.disconnect();
});

const file = (name: string) =>
  readFileSync(new URL(`../fixtures/invoices/${name}`, import.meta.url)).toString('base64');
const replyTo = { channel: 'CFINANCE01', threadTs: '1700000000.000100', userId: 'UFIN' };

/** Stores basic.csv, then uploads a truncated copy of it, which the worker refuses. */
async function refusedUpload(id: string): Promise<string> {
  await (
    await queue.add('upload', { mode: 'file', filename: 'basic.csv', bytesBase64: file('basic.csv'), source: 'upload' })
  ).waitUntilFinished(events);
  const job = await queue.add(
    'upload',
    { mode: 'file', filename: 'june.csv', bytesBase64: file('truncated-reexport.csv'), source: 'upload', replyTo },
    { jobId: id },
  );
  await expect(job.waitUntilFinished(events)).rejects.toThrow(/already stored/);
  return String(job.id);
}

/** The arguments Bolt hands the registry's listener for a Replace press on the refusal in the upload's thread. */
function press(user: string, value: string) {
  const answers: Record<string, unknown>[] = [];
  let acked = 0;
  return {
    answers,
    acked: () => acked,
    args: {
      ack: async () => void (acked += 1),
      respond: async (m: Record<string, unknown>) => void answers.push(m),
      body: {
        type: 'block_actions',
        user: { id: user },
        channel: { id: 'CFINANCE01' },
        container: { type: 'message', is_ephemeral: false },
        response_url: 'https://hooks.slack.com/actions/T0/1/x',
        message: { type: 'message', ts: '1700000000.000200' },
        actions: [
          { type: 'button', action_id: ACTION_IDS.invoiceReplace, block_id: 'invoice_replace', action_ts: '1', value },
        ],
      },
    } as never,
  };
}

describe('replacing a refused upload from Slack', () => {
  it('the refused upload keeps the stored lines and carries a Replace button for its job', async () => {
    const jobId = await refusedUpload('refused-1');
    const cause = ((await failureOf(jobId)) as PermanentJobError).error;
    expect(cause).toBeInstanceOf(InvoiceReplaceRefusedError);
    expect((await invoiceReport('2025-06'))!.lines).toBe(24);
    const message = uploadReplaceRefusedMessage('june.csv', (cause as InvoiceReplaceRefusedError).sentence, jobId);
    expect(JSON.stringify(message.blocks)).toContain(`"action_id":"${ACTION_IDS.invoiceReplace}"`);
    expect(JSON.stringify(message.blocks)).toContain(`"value":"${jobId}"`);
  });

  it('the service the button calls queues the upload again with replace, once however often it is pressed', async () => {
    const jobId = await refusedUpload('refused-2');
    const replacement = await requeueInvoiceReplacement(queue, jobId, 'UFIN');
    expect(await requeueInvoiceReplacement(queue, jobId, 'UFIN')).toBe(replacement);
    const result = await (await queue.getJob(replacement))!.waitUntilFinished(events);
    expect(result).toMatchObject({ outcome: 'replaced', lines: 3 });
    expect((await invoiceReport('2025-06'))!.lines).toBe(3);
    await expect(requeueInvoiceReplacement(queue, 'no-such-job', 'UFIN')).rejects.toBeInstanceOf(
      InvoiceReplacementGoneError,
    );
  });

  it('the button is in the registry, which acks, lets only finance users replace, and queues the replacement for them', async () => {
    expect(ACTION_HANDLERS).toContain(replaceInvoice);
    const jobId = await refusedUpload('refused-3');
    const handler = actionListener(replaceInvoice, {
      access: new AccessPolicy(config),
      invoiceQueue: queue,
      log: silentLog,
    } as unknown as ActionDeps);

    const outsider = press('UOTHER', jobId);
    await handler(outsider.args);
    expect(outsider.acked()).toBe(1);
    expect(outsider.answers[0]).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/Only finance users/),
    });
    expect(await queue.getJob(`${jobId}-replace`)).toBeUndefined();

    const finance = press('UFIN', jobId);
    await handler(finance.args);
    expect(finance.answers[0]).toMatchObject({
      replace_original: true,
      text: expect.stringMatching(/replace the stored invoice/),
    });
    await (await queue.getJob(`${jobId}-replace`))!.waitUntilFinished(events);
    expect((await invoiceReport('2025-06'))!.lines).toBe(3);
  });

  it('keeps who pressed Replace, when and from where, on the invoice once the job that carried it is gone', async () => {
    const jobId = await refusedUpload('refused-4');
    const handler = actionListener(replaceInvoice, {
      access: new AccessPolicy(config),
      invoiceQueue: queue,
      log: silentLog,
    } as unknown as ActionDeps);
    const before = Date.now();
    await handler(press('UFIN', jobId).args);
    const replacement = (await queue.getJob(`${jobId}-replace`))!;
    await replacement.waitUntilFinished(events);
    await replacement.remove();
    const stored = (await Invoice.findOne({ period: '2025-06' }).lean())!;
    expect(stored.replacements!.map((r) => [r.by, r.via])).toEqual([['UFIN', 'button']]);
    const at = stored.replacements![0]!.at;
    expect(at.getTime()).toBeGreaterThanOrEqual(before);
    const report = (await invoiceReport('2025-06'))!;
    expect(report.invoices[0]!.replacements).toEqual([{ by: 'UFIN', at: at.toISOString(), via: 'button' }]);
    expect(renderReport(report)).toContain(`Replaced by a person:`);
    expect(renderReport(report)).toMatch(new RegExp(`UFIN +${at.toISOString().replace(/\./g, '\\.')} +Slack button`));
  });
});
