/**
 * Forecast benchmark: every team's, tenant's and project's month-end forecast (`forecastAll`, what
 * the daily job and `arcadia forecast` run) for 50 tenants over 100,000 resources, against DO's
 * invoice preview served by the stand-in. The baseline, in the same run and database: reading the
 * same resources raw (every document, no projection) as one query, which any forecast must at least do.
 */
import mongoose from 'mongoose';
import { Resource } from '../models/resource.js';
import { Tenant } from '../models/tenant.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, disconnectDatabase } from '../src/db.js';
import { DoClient } from '../src/digitalocean/client.js';
import { forecastAll } from '../src/forecast/forecast.js';
import { emptyAccount, type RawObject } from '../testkit/digitalocean/account.js';
import { DoStandin } from '../testkit/digitalocean/do-standin.js';
import { seedResources, type SeedResource } from '../test/invoice/seed.js';
import { benchServices, count, databaseUri, seconds, timed, type BenchSection } from './lib.js';

export interface ForecastBenchOptions {
  resources: number;
  tenants: number;
  /** Lines of DO's month-to-date preview (one per resource billed so far). */
  previewLines: number;
}

const SEED_CHUNK = 5_000;
const NOW = new Date('2026-03-11T09:00:00Z');

export async function forecastBenchmark(options: ForecastBenchOptions): Promise<BenchSection> {
  const services = await benchServices();
  const mongoUri = databaseUri(services.mongoUri, `arcadia_bench_forecast_${Date.now()}`);
  const account = emptyAccount();
  // Droplets, a tenant each by tag (every 20th nobody's), over 20 projects; the preview bills the first ones so far.
  const resources: SeedResource[] = Array.from({ length: options.resources }, (_, r) => ({
    kind: 'droplet',
    providerId: String(r + 1),
    name: `d-${r + 1}`,
    status: 'active',
    tags: r % 20 === 19 ? [] : [`tenant:tenant-${r % options.tenants}`],
    projectId: `p-${r % 20}`,
    attrs: { size_slug: 's-1vcpu-1gb', price_monthly: 6 + (r % 4) * 6, created_at: '2026-01-15T00:00:00Z' },
  }));
  const projects: SeedResource[] = Array.from({ length: 20 }, (_, p) => ({
    kind: 'project',
    providerId: `p-${p}`,
    name: `project-${p}`,
  }));
  account.invoice_preview = {
    invoice_uuid: 'preview',
    amount: '0',
    invoice_period: '2026-03',
    updated_at: '2026-03-11T06:00:00Z',
  };
  const items: RawObject[] = Array.from({ length: options.previewLines }, (_, i) => ({
    product: i % 50 === 49 ? 'Bandwidth' : 'Droplets',
    resource_id: i % 50 === 49 ? '' : String(i + 1),
    resource_uuid: '',
    group_description: '',
    description: i % 50 === 49 ? 'Outbound transfer' : `d-${i + 1} (s-1vcpu-1gb)`,
    amount: (1.2 + (i % 7) * 0.3).toFixed(2),
    duration: '240',
    duration_unit: 'Hours',
    start_time: '2026-03-01T00:00:00Z',
    end_time: '2026-03-11T00:00:00Z',
    project_name: `project-${i % 20}`,
    category: 'iaas',
  }));
  account.invoice_preview.amount = (items.reduce((n, i) => n + Math.round(Number(i.amount) * 100), 0) / 100).toFixed(2);
  account.invoice_items = { preview: items };
  account.balance = {
    month_to_date_balance: '0.00',
    account_balance: '0.00',
    month_to_date_usage: account.invoice_preview.amount as string,
    generated_at: '2026-03-11T05:00:00Z',
  };
  const standin = new DoStandin(account);
  await standin.start();
  await connectDatabase(mongoUri);
  try {
    for (let i = 0; i < resources.length; i += SEED_CHUNK) await seedResources(resources.slice(i, i + SEED_CHUNK));
    await seedResources(projects);
    const now = new Date();
    await Tenant.collection.insertMany(
      Array.from({ length: options.tenants }, (_, t) => ({
        _id: `tenant-${t}`,
        projects: [],
        tags: [],
        markupPct: 0,
        updatedAt: now,
      })) as never[],
    );
    const config = loadConfig({
      MONGODB_URI: mongoUri,
      REDIS_URL: services.redisUrl,
      DIGITALOCEAN_TOKEN: standin.token,
      DIGITALOCEAN_API_URL: standin.url,
      ARCADIA_LOG_LEVEL: 'silent',
    });
    const client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1 });
    const raw = await timed(() => Resource.find({}).lean());
    const forecast = await timed(() => forecastAll({ client, now: NOW, config }));
    const rawAgain = await timed(() => Resource.find({}).lean());
    const rawMs = Math.min(raw.ms, rawAgain.ms);
    const tenants = forecast.value.filter((f) => f.scope.kind === 'tenant');
    const team = forecast.value.find((f) => f.scope.kind === 'account')!;
    const ratio = forecast.ms / rawMs;
    const text = [
      `### Forecast for ${options.tenants} tenants over ${count(options.resources)} resources`,
      '',
      `Every team's, tenant's and project's forecast (${count(forecast.value.length)} forecasts) from DO's ${count(options.previewLines)}-line invoice preview`,
      `(paged from the stand-in, reconciled against the inventory) and the run-rate of every resource: **${seconds(forecast.ms)} s**,`,
      `**${ratio.toFixed(1)}x** reading the same ${count(raw.value.length)} resources raw in one query (${seconds(rawMs)} s, the faster of two reads in this run).`,
      `The team's forecast ${(team.totalCents / 100).toFixed(2)} USD; the tenants' add up to ${(tenants.reduce((n, f) => n + f.totalCents, 0) / 100).toFixed(2)} USD (every 20th resource is nobody's, its cost shared by the policy).`,
    ].join('\n');
    return { text, growth: [], facts: { forecastSeconds: seconds(forecast.ms), forecastRatio: ratio.toFixed(1) } };
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDatabase();
    await standin.stop();
    await services.stop();
  }
}
