import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { postMonthlySummary } from '../../src/slack/monthly-summary.js';
import { setTenant } from '../../src/billing/tenant-store.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { isolation } from '../helpers/context.js';
import { sampleInventory, seedResources } from '../invoice/seed.js';
import { textOf } from '../helpers/slack-requests.js';
import { useSlackHarness } from '../helpers/slack-harness.js';

const OPS_USER = { user: 'UOPS', channel: 'COPS' };
const FINANCE = { user: 'UFIN', channel: 'COPS' };

const harness = useSlackHarness(isolation(), {
  env: { ARCADIA_FINANCE_USERS: 'UFIN', ARCADIA_ALLOWED_CHANNELS: 'COPS', ARCADIA_FINANCE_CHANNEL: 'CFIN' },
});
const { slack, sim } = harness;
const idOf = (responseUrl: string) => responseUrl.split('/').pop();
const replyTo = (responseUrl: string, contains: string) =>
  slack.waitFor('response_url', (c) => c.params.id === idOf(responseUrl) && textOf(c.params).includes(contains));

beforeAll(async () => {
  await seedResources(
    sampleInventory().map((r) => (r.providerId === '3164412' ? { ...r, tags: ['tenant:globex'] } : r)),
  );
  await ingestInvoiceFile({
    bytes: readFileSync('test/fixtures/invoices/basic.csv'),
    filename: 'basic.csv',
    source: 'cli',
  });
  await setTenant({ name: 'acme', projects: ['my-web-api'], markupPct: 10 });
  await setTenant({ name: 'globex' });
});

describe('/cloud billing and /cloud tenant', () => {
  it('billing: finance users get tenants ranked by total and the unallocated rest; others are refused', async () => {
    const res = await sim.command('billing 2025-06', FINANCE);
    const reply = await replyTo(res.responseUrl, 'Tenant billing 2025-06');
    const text = textOf(reply.params);
    expect(text).toContain('$179.71');
    expect(text).toMatch(/1\. \*acme\*/);
    expect(text).toContain('Unallocated');
    // acme's 10% markup comes on top: the tenants' cost and the unallocated rest make the invoice.
    const [, cost, unallocated, billed, markup] =
      /invoiced: \$([\d.]+) to 2 tenants, \$([\d.]+) unallocated\. Billed to tenants: \*\$([\d.]+)\* \(\$[\d.]+ cost \+ \$([\d.]+) markup\)/
        .exec(text)!
        .map((d) => Math.round(Number(d) * 100));
    expect(cost! + unallocated!).toBe(17971);
    expect(cost! + markup!).toBe(billed);
    expect(markup).toBeGreaterThan(0);
    const refused = await sim.command('billing 2025-06', OPS_USER);
    expect(refused.body).toContain('finance users');
    const bad = await sim.command('billing June', FINANCE);
    expect(bad.body).toContain('Give the month as YYYY-MM');
  });

  it('billing for a month with no invoice names the months that are stored, and how to add it in Slack', async () => {
    const res = await sim.command('billing 2025-04', FINANCE);
    const reply = await replyTo(res.responseUrl, 'No invoice is stored for 2025-04');
    const text = textOf(reply.params);
    expect(text).toContain('Stored: 2025-06; `/cloud billing 2025-06` shows the latest.');
    expect(text).toContain("upload DigitalOcean's invoice CSV for it in <#CFIN>");
    expect(text).not.toContain('arcadia');
  });

  it('billing current: the estimate from DO’s invoice preview', async () => {
    const res = await sim.command('billing current', FINANCE);
    const reply = await replyTo(res.responseUrl, 'Tenant billing 2025-07 (estimate)');
    expect(textOf(reply.params)).toContain('$31.06');
    expect(textOf(reply.params)).toContain('invoice preview');
  });

  it('tenant: the breakdown by kind and project, with the statement sent as CSV to the asker alone', async () => {
    const res = await sim.command('tenant globex 2025-06', FINANCE);
    const reply = await replyTo(res.responseUrl, 'Tenant globex, 2025-06');
    expect(reply.params.response_type).toBe('ephemeral');
    expect(textOf(reply.params)).toContain('the statement is sent to you as a CSV by direct message');
    const upload = await slack.waitFor('file.upload', (c) => String(c.params.body).includes('invoice_line,product'));
    const body = String(upload.params.body);
    expect(body).toContain('stage.example.com');
    expect(body).toMatch(/\n,Total,globex 2025-06,/);
    // Shared only in the bot's direct message with the finance user, never in the channel asked in.
    const shared = await slack.waitFor('files.completeUploadExternal', (c) =>
      JSON.stringify(c.params.files).includes(String(upload.params.fileId)),
    );
    expect(slack.callsTo('conversations.open').map((c) => c.params.users)).toEqual(['UFIN']);
    expect(shared.params.channel_id).toBe(slack.directMessageWith('UFIN'));
    expect(String(shared.params.channel_id)).toMatch(/^D/);
    // The queued job named the statement; its figures were never in Redis.
    const jobs = await harness.service.outbox.queue.getJobs(['completed', 'waiting', 'delayed', 'active', 'failed']);
    expect(
      jobs.map((j) => (j.data.message.target.to === 'direct-file' ? j.data.message.target.file : undefined)),
    ).toContainEqual({ of: 'statement', tenant: 'globex', period: '2025-06' });
    expect(JSON.stringify(jobs.map((j) => j.data))).not.toContain('stage.example.com');
    const unknown = await sim.command('tenant nobody 2025-06', FINANCE);
    const nobody = await replyTo(unknown.responseUrl, 'No tenant named "nobody"');
    expect(textOf(nobody.params)).toContain('Tenants: acme, globex.');
    const nearMiss = await sim.command('tenant acmee 2025-06', FINANCE);
    const meant = await replyTo(nearMiss.responseUrl, 'No tenant named "acmee"');
    expect(textOf(meant.params)).toContain('did you mean `/cloud tenant acme`?');
    expect(textOf(meant.params)).not.toContain('arcadia');
  });

  it('the monthly summary to finance: spend, the tenant section and one chart (product, project, tenant; June beside May), uploaded', async () => {
    // May's invoice: June's lines a month earlier, so the chart has a month to compare with.
    const may = readFileSync('test/fixtures/invoices/basic.csv', 'utf8')
      .replaceAll('2025-06-', '2025-05-')
      .replaceAll('2025-07-01', '2025-06-01');
    await ingestInvoiceFile({ bytes: Buffer.from(may), filename: 'may.csv', source: 'cli' });
    expect(await postMonthlySummary(harness.service.monthly, new Date('2025-07-02T09:00:00Z'))).toBe('posted');
    const summary = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === 'CFIN' && textOf(c.params).includes('2025-06: $179.71 spent'),
    );
    // The tenant section is part of the one summary message, no longer a message of its own.
    const text = textOf(summary.params);
    expect(text).toContain('Tenants: 2025-06');
    expect(text).toMatch(/1\. \*acme\*/);
    expect(text).toContain('to the cent');
    expect(JSON.stringify(summary.params.blocks)).toContain('"action_id":"monthly_full_report"');
    // The chart: a PNG uploaded through Slack's external upload flow to the finance channel.
    const url = await slack.waitFor('files.getUploadURLExternal', (c) => c.params.filename === 'spend-2025-06.png');
    expect(url.params.alt_text).toBe(
      'Bar charts of spend in 2025-06 beside 2025-05: by product, by project and per tenant',
    );
    await slack.waitFor('files.completeUploadExternal', (c) =>
      JSON.stringify(c.params).includes('Spend 2025-06 vs 2025-05'),
    );
    const chart = slack.completedUploads().find((f) => f.title === 'Spend 2025-06 vs 2025-05');
    expect(chart?.channel).toBe('CFIN');
    const png = chart!.bytes!;
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(width).toBe(900);
    // Three stacked panels: product and project (horizontal bars, sized by their rows) and tenants (420 px).
    expect(height).toBeGreaterThan(420 + 2 * 260 - 1);
    expect(Number(url.params.length)).toBe(png.length);
    // Exactly one summary post to finance: no separate tenant message any more.
    expect(
      slack
        .callsTo('chat.postMessage')
        .filter((c) => c.params.channel === 'CFIN' && textOf(c.params).includes('Tenant billing: 2025-06')),
    ).toHaveLength(0);
  });
});
