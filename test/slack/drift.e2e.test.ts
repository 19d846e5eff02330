import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { DriftState } from '../../models/drift-state.js';
import { Resource } from '../../models/resource.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { monthToDateReport } from '../../src/invoice/index.js';
import { runDriftCheck } from '../../src/slack/drift-alerts.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount } from '../../testkit/digitalocean/account.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { createSlackService, type SlackService } from '../../src/slack/service.js';
import { isolation, silentLog, testConfig } from '../helpers/context.js';
import { sampleInventory, seedResources } from '../invoice/seed.js';
import { textOf } from '../helpers/slack-requests.js';

const iso = isolation();
const slack = new SlackStandin();
const digitalocean = new DoStandin(sampleAccount());
let runtime: Runtime;
let service: SlackService;

const day = (d: number) => new Date(Date.UTC(2025, 6, d, 7, 30));
const alerts = () => slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'CALERTS');

beforeAll(async () => {
  await slack.start();
  await digitalocean.start();
  const config = testConfig(iso, {
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: 'not-used-here',
    SLACK_API_URL: slack.apiUrl,
    DIGITALOCEAN_TOKEN: digitalocean.token,
    DIGITALOCEAN_API_URL: digitalocean.url,
    ARCADIA_ALERTS_CHANNEL: 'CALERTS',
  });
  runtime = await openRuntime(config, { log: silentLog });
  service = createSlackService(runtime, { monthlySchedule: false });
});

beforeEach(async () => {
  digitalocean.account = sampleAccount();
  await Promise.all([Resource.deleteMany({}), DriftState.deleteMany({})]);
  await seedResources(sampleInventory());
});

afterAll(async () => {
  await service?.stop();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await runtime?.close();
  await slack.stop();
  await digitalocean.stop();
});

describe('month to date', () => {
  it("reconciles DO's invoice preview: every item matched as a closed invoice's would be, checked against its amount, nothing stored", async () => {
    const report = await monthToDateReport(
      new DoClient({ token: digitalocean.token, baseUrl: digitalocean.url, retryBaseMs: 1 }),
      day(5),
    );
    expect(report).toMatchObject({
      invoice: { period: '2025-07', number: '419003512' },
      lines: 12,
      totalCents: 3106,
      preview: { asOf: '2025-07-05T06:31:50Z' },
    });
    expect(report.totalsCheck).toMatchObject({ ok: true, expectedCents: 3106 });
    expect(report.items.find((i) => i.description === 'assets-data (100 GiB)')?.match?.providerId).toBe(
      '506f78a4-e098-11e5-ad9f-000f53306ae1',
    );
    expect(await mongoose.connection.db!.collection('invoices').countDocuments()).toBe(0);
  });
});

describe('the daily drift check', () => {
  it('alerts the alerts channel on new drift only, both ways', async () => {
    // Billed but not in the inventory: a droplet Arcadia never saw. In the inventory but not billed: stage-data.
    digitalocean.account.invoice_items.preview!.push({
      product: 'Droplets',
      resource_id: '499999999',
      resource_uuid: '',
      group_description: '',
      description: 'ghost-01 (s-1vcpu-1gb)',
      amount: '0.80',
      duration: '102',
      duration_unit: 'Hours',
      start_time: '2025-07-01T00:00:00Z',
      end_time: '2025-07-05T06:00:00Z',
      project_name: 'Default',
      category: 'iaas',
    });
    const before = alerts().length;
    expect(await runDriftCheck(service.drift, day(5))).toBe('alerted');
    const first = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === 'CALERTS' && textOf(c.params).includes('Billing drift 2025-07'),
    );
    expect(textOf(first.params)).toContain('ghost-01 (s-1vcpu-1gb)');
    expect(textOf(first.params)).toContain('Billed but not in the inventory: 1 ($0.80 so far)');
    expect(textOf(first.params)).toMatch(/In the inventory but not billed: \d+/);
    expect(textOf(first.params)).toContain('stage-data (7724db7c-e098-11e5-b522-000f53304e51)');

    // The next day, the same drift: nothing new, no alert.
    expect(await runDriftCheck(service.drift, day(6))).toBe('no-new-drift');
    // A second instance's schedule the same day does nothing.
    expect(await runDriftCheck(service.drift, day(6))).toBe('already-checked');

    // A new unbilled droplet appears: the alert lists it alone.
    await seedResources([
      {
        kind: 'droplet',
        providerId: '500000001',
        name: 'new-unbilled',
        region: 'nyc3',
        firstSeenAt: new Date('2025-07-02T00:00:00Z'),
        attrs: { created_at: '2025-07-02T00:00:00Z' },
      },
    ]);
    expect(await runDriftCheck(service.drift, day(7))).toBe('alerted');
    const third = await slack.waitFor(
      'chat.postMessage',
      (c) => c.params.channel === 'CALERTS' && textOf(c.params).includes('new-unbilled'),
    );
    expect(textOf(third.params)).toContain('Billing drift, 2025-07: 1 new');
    expect(textOf(third.params)).not.toContain('ghost-01');
    expect(alerts().length - before).toBe(2);
  });
});
