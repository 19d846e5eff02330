import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { createSlackService, type SlackService } from '../../src/slack/service.js';
import { postMonthlySummary } from '../../src/slack/monthly-summary.js';
import { setTenant } from '../../src/billing/tenant-store.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { isolation, silentLog, testConfig } from '../helpers/context.js';
import { sampleInventory, seedResources } from '../invoice/seed.js';
import { SIGNING_SECRET, SlackClientSim, textOf } from './harness.js';

const iso = isolation();
const slack = new SlackStandin();
const digitalocean = new DoStandin(sampleAccount());
const OPS_USER = { user: 'UOPS', channel: 'COPS' };
const FINANCE = { user: 'UFIN', channel: 'COPS' };

let runtime: Runtime;
let service: SlackService;
let port = 0;
const sim = new SlackClientSim(() => `http://127.0.0.1:${port}/slack/events`, slack);
const idOf = (responseUrl: string) => responseUrl.split('/').pop();
const replyTo = (responseUrl: string, contains: string) =>
  slack.waitFor('response_url', (c) => c.params.id === idOf(responseUrl) && textOf(c.params).includes(contains));

beforeAll(async () => {
  await slack.start();
  await digitalocean.start();
  const config = testConfig(iso, {
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DIGITALOCEAN_TOKEN: digitalocean.token,
    DIGITALOCEAN_API_URL: digitalocean.url,
    ARCADIA_FINANCE_USERS: 'UFIN',
    ARCADIA_ALLOWED_CHANNELS: 'COPS',
    ARCADIA_FINANCE_CHANNEL: 'CFIN',
  });
  runtime = await openRuntime(config, { log: silentLog });
  service = createSlackService(runtime, { monthlySchedule: false });
  port = (await service.slack.start(0))!;
  await seedResources(sampleInventory().map((r) => (r.providerId === '3164412' ? { ...r, tags: ['tenant:globex'] } : r)));
  await ingestInvoiceFile({ bytes: readFileSync('test/fixtures/invoices/basic.csv'), filename: 'basic.csv', source: 'cli' });
  await setTenant({ name: 'acme', projects: ['my-web-api'], markupPct: 10 });
  await setTenant({ name: 'globex' });
});

afterAll(async () => {
  await service?.slack.stop();
  await service?.stop();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await runtime?.close();
  await slack.stop();
  await digitalocean.stop();
});

describe('/cloud billing and /cloud tenant', () => {
  it('billing: finance users get tenants ranked by total and the unallocated rest; others are refused', async () => {
    const res = await sim.command('billing 2025-06', FINANCE);
    const reply = await replyTo(res.responseUrl, 'Tenant billing 2025-06');
    const text = textOf(reply.params);
    expect(text).toContain('$179.71');
    expect(text).toMatch(/1\. \*acme\*/);
    expect(text).toContain('Unallocated');
    const refused = await sim.command('billing 2025-06', OPS_USER);
    expect(refused.body).toContain('finance users');
    const bad = await sim.command('billing June', FINANCE);
    expect(bad.body).toContain('Give the month as YYYY-MM');
  });

  it('billing current: the estimate from DO’s invoice preview', async () => {
    const res = await sim.command('billing current', FINANCE);
    const reply = await replyTo(res.responseUrl, 'Tenant billing 2025-07 (estimate)');
    expect(textOf(reply.params)).toContain('$31.06');
    expect(textOf(reply.params)).toContain("invoice preview");
  });

  it('tenant: the breakdown by kind and project, with the statement uploaded as CSV', async () => {
    const res = await sim.command('tenant globex 2025-06', FINANCE);
    await replyTo(res.responseUrl, 'Tenant globex, 2025-06');
    const upload = await slack.waitFor('file.upload', (c) => String(c.params.body).includes('invoice_line,product'));
    const body = String(upload.params.body);
    expect(body).toContain('stage.example.com');
    expect(body).toMatch(/\n,Total,globex 2025-06,/);
    await slack.waitFor('files.completeUploadExternal', () => true);
    const unknown = await sim.command('tenant nobody 2025-06', FINANCE);
    await replyTo(unknown.responseUrl, 'No tenant named "nobody"');
  });

  it('the monthly summary to finance gains the tenant section', async () => {
    expect(await postMonthlySummary(service.monthly, new Date('2025-07-02T09:00:00Z'))).toBe('posted');
    await slack.waitFor('chat.postMessage', (c) => c.params.channel === 'CFIN' && String(c.params.text).startsWith('2025-06: '));
    const tenants = await slack.waitFor('chat.postMessage', (c) => c.params.channel === 'CFIN' && textOf(c.params).includes('Tenant billing: 2025-06'));
    expect(textOf(tenants.params)).toMatch(/1\. \*acme\*/);
    expect(textOf(tenants.params)).toContain('to the cent');
    // The chart: a PNG uploaded through Slack's external upload flow to the finance channel.
    const url = await slack.waitFor('files.getUploadURLExternal', (c) => c.params.filename === 'tenants-2025-06.png');
    expect(Number(url.params.length)).toBeGreaterThan(5000);
    expect(url.params.alt_text).toContain("Bar chart of each tenant's cost in 2025-06");
    const upload = await slack.waitFor('file.upload', (c) => String(c.params.body).includes('IHDR'));
    expect(String(upload.params.body)).toContain('PNG');
    const complete = await slack.waitFor('files.completeUploadExternal', (c) => JSON.stringify(c.params).includes('Cost per tenant, 2025-06'));
    expect(complete.params.channel_id).toBe('CFIN');
  });
});
