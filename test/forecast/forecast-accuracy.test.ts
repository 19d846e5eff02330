import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ForecastSnapshot } from '../../models/forecast-snapshot.js';
import { billingReportFor } from '../../src/billing/billing-service.js';
import { setTenant } from '../../src/billing/tenant-store.js';
import type { Forecast } from '../../src/forecast/forecast.js';
import { forecastAccuracy, monthForecastSummary } from '../../src/forecast/forecast-accuracy.js';
import { recordForecasts } from '../../src/forecast/forecast-snapshots.js';
import { ingestInvoiceFile } from '../../src/invoice/index.js';
import { isolation, testConfig, useDatabase } from '../helpers/context.js';
import { runCliInProcess as runCli } from '../helpers/cli.js';
import { testEnv } from '../helpers/context.js';
import { sampleInventory, seedResources } from '../invoice/seed.js';

const iso = isolation();
useDatabase(iso);
const config = testConfig(iso);

/** A forecast of June 2025 as a day would have stored it (only what the accuracy reads). */
function made(day: string, scope: Forecast['scope'], label: string, totalCents: number): Forecast {
  return {
    scope,
    label,
    period: '2025-06',
    asOf: new Date(`${day}T08:00:00Z`),
    monthToDateAsOf: new Date(`${day}T06:00:00Z`),
    monthToDateCents: 0,
    restCents: totalCents,
    totalCents,
    dailyRateCents: 0,
    daysLeft: 0,
    parts: [],
  };
}

const team = { kind: 'account' as const, account: 'default' };
const acme = { kind: 'tenant' as const, tenant: 'acme' };

beforeAll(async () => {
  await seedResources(sampleInventory());
  await setTenant({ name: 'acme', projects: ['my-web-api'] });
  await recordForecasts(
    [made('2025-06-10', team, 'default', 18_000), made('2025-06-10', acme, 'acme', 15_000)],
    'daily',
  );
  await recordForecasts(
    [made('2025-06-20', team, 'default', 17_000), made('2025-06-20', acme, 'acme', 16_000)],
    'daily',
  );
  // June's invoice arrives: $179.71.
  await ingestInvoiceFile({
    bytes: readFileSync('test/fixtures/invoices/basic.csv'),
    filename: 'june.csv',
    source: 'cli',
  });
});

describe('forecast accuracy', () => {
  it("judges each day's forecast against the invoice, per scope, the tenant's actual allocated as tenant billing allocates it", async () => {
    const a = await forecastAccuracy('2025-06', config);
    const acmeActual = (await billingReportFor('2025-06', config)).tenants.find((t) => t.tenant === 'acme')!.total;
    expect(a.scopes.map((s) => s.scopeKey)).toEqual(['account:default', 'tenant:acme']);
    // The team: 18,000 and 17,000 against 17,971: +29 (0.16% → 0.2) and −971 (5.40% → 5.4); mean 2.8.
    expect(a.scopes[0]).toEqual({
      scopeKey: 'account:default',
      label: 'default',
      actualCents: 17_971,
      meanAbsErrorPct: 2.8,
      days: [
        { day: '2025-06-10', totalCents: 18_000, errorCents: 29, absErrorPct: 0.2 },
        { day: '2025-06-20', totalCents: 17_000, errorCents: -971, absErrorPct: 5.4 },
      ],
    });
    expect(a.scopes[1]!.actualCents).toBe(acmeActual);
    const acmePct = (cents: number) => Math.round((Math.abs(cents - acmeActual) / acmeActual) * 1000) / 10;
    expect(a.scopes[1]!.days.map((d) => d.absErrorPct)).toEqual([acmePct(15_000), acmePct(16_000)]);
    expect(a.byDayOfMonth).toEqual([
      { dayOfMonth: 10, scopes: 2, meanAbsErrorPct: Math.round(((0.2 + acmePct(15_000)) / 2) * 10) / 10 },
      { dayOfMonth: 20, scopes: 2, meanAbsErrorPct: Math.round(((5.4 + acmePct(16_000)) / 2) * 10) / 10 },
    ]);
    // Written on the snapshots, for the monthly summary and whoever reads them next.
    expect(await ForecastSnapshot.findById('2025-06:2025-06-20:account:default').lean()).toMatchObject({
      actualCents: 17_971,
      errorCents: -971,
      absErrorPct: 5.4,
    });
  });

  it("gives the monthly summary the teams' forecast nearest mid-month beside the invoice", async () => {
    expect(await monthForecastSummary('2025-06', config)).toEqual({
      day: '2025-06-10',
      totalCents: 18_000,
      actualCents: 17_971,
      absErrorPct: 0.2,
      days: 2,
      meanAbsErrorPct: 2.8,
    });
    expect(await monthForecastSummary('2025-05', config)).toBeNull();
  });

  it('`arcadia forecast accuracy` prints it, and refuses a month with no invoice stored in one line', async () => {
    const r = await runCli(['forecast', 'accuracy', '2025-06'], testEnv(iso));
    expect(r.stdout).toMatch(/^Forecasts of 2025-06: [\d.]+% off the invoice on average/);
    expect(r.stdout).toMatch(/\naccount:default +\$179\.71 +2 +2\.8% +\$170\.00 on 2025-06-20\n/);
    const none = await runCli(['forecast', 'accuracy', '2025-05'], testEnv(iso));
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toMatch(/^arcadia: No invoice is stored for 2025-05; ingest it first/);
    const bad = await runCli(['forecast', 'accuracy', 'june'], testEnv(iso));
    expect(bad.stderr).toBe('arcadia: Give the month as YYYY-MM (e.g. 2025-06), not "june".\n');
  });
});
