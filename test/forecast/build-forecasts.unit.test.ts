import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildForecasts } from '../../src/forecast/build-forecasts.js';
import type { Forecast } from '../../src/forecast/forecast.js';
import { droplet, gone, input, line, project, PROJECT, web, api } from './forecast-fixture.js';

const find = (all: Forecast[], kind: string, label: string) =>
  all.find((f) => f.scope.kind === kind && f.label === label)!;
const part = (f: Forecast, key: string) => f.parts.find((p) => p.key === key)!;

describe('buildForecasts', () => {
  const all = buildForecasts(input());

  it('adds month to date and the rest of the month at the run-rate, to the cent', () => {
    const team = find(all, 'account', 'default');
    // Rest: web capped at 2,400 − 720 = 1,680; api from its creation, 21.5 days: 1,200 × 1,857,600 / 2,419,200 = 921;
    // bandwidth at the month's pace, 90 × 22 / 9 = 220; the deleted droplet stops.
    expect(team).toMatchObject({
      period: '2026-03',
      monthToDateCents: 860,
      restCents: 2821,
      totalCents: 3681,
      daysLeft: 21,
    });
    expect(part(team, 'droplet:1')).toMatchObject({ monthToDateCents: 720, restCents: 1680 });
    expect(part(team, 'droplet:2')).toMatchObject({ monthToDateCents: 0, restCents: 921 });
    expect(part(team, 'product:Bandwidth')).toMatchObject({ monthToDateCents: 90, restCents: 220 });
    expect(part(team, 'droplet:3')).toMatchObject({ monthToDateCents: 50, restCents: 0 });
  });

  it("allocates to tenants by tenant billing's rules, the shared lines by direct cost", () => {
    const acme = find(all, 'tenant', 'acme');
    const beta = find(all, 'tenant', 'beta');
    // Direct: acme 720 + 1,680 = 2,400; beta 50 + 921 = 971. Bandwidth by 2,400 : 971: 90 → 64 / 26, 220 → 157 / 63.
    expect(part(acme, 'product:Bandwidth')).toMatchObject({ monthToDateCents: 64, restCents: 157 });
    expect(part(beta, 'product:Bandwidth')).toMatchObject({ monthToDateCents: 26, restCents: 63 });
    expect(acme.totalCents).toBe(2621);
    expect(beta.totalCents).toBe(1060);
    expect(acme.totalCents + beta.totalCents).toBe(3681);
  });

  it('gives each project its own resources and its named lines', () => {
    expect(find(all, 'project', 'web-api')).toMatchObject({
      scope: { kind: 'project', project: PROJECT },
      totalCents: 3681,
    });
  });

  it("takes the balance's newer usage as month to date, spread over what runs now, the rest running from its instant", () => {
    const withBalance = input();
    withBalance.teams = [
      { ...withBalance.teams[0]!, balance: { usageCents: 1000, generatedAt: new Date('2026-03-10T12:00:00Z') } },
    ];
    const team = find(buildForecasts(withBalance), 'account', 'default');
    expect(team.monthToDateCents).toBe(1000);
    expect(team.monthToDateAsOf).toEqual(new Date('2026-03-10T12:00:00Z'));
    // 140 cents past the preview, by today's run-rate (web 1,680, api 921, bandwidth 90 × 21.5 / 9.5 = 204).
    expect(part(team, 'droplet:1').monthToDateCents - 720 + part(team, 'droplet:2').monthToDateCents).toBe(
      140 - (part(team, 'product:Bandwidth').monthToDateCents - 90),
    );
    expect(part(team, 'product:Bandwidth').restCents).toBe(204);
  });

  it('starts from nothing when the preview is still of last month', () => {
    const first = input({ now: new Date('2026-04-01T06:00:00Z') });
    first.teams = [{ ...first.teams[0]!, period: '2026-03' }];
    const team = find(buildForecasts(first), 'account', 'default');
    expect(team.period).toBe('2026-04');
    expect(team.monthToDateCents).toBe(0);
    // Both live droplets for the whole of April (720 h > 672): their monthly prices.
    expect(team.restCents).toBe(3600);
  });

  it("leaves out a Kubernetes worker's own run-rate: DO bills it under its cluster", () => {
    const worker = droplet('9', 'pool-1', 48, { tags: ['k8s'] });
    const team = find(buildForecasts(input({ resources: [project, web, api, gone, worker] })), 'account', 'default');
    expect(team.parts.some((p) => p.key === 'droplet:9')).toBe(false);
  });
});

describe('every forecast adds up', () => {
  const resource = fc.record({
    id: fc.integer({ min: 1, max: 12 }),
    dollars: fc.integer({ min: 0, max: 500 }),
    tenant: fc.constantFrom('acme', 'beta', 'gamma', null),
    stale: fc.boolean(),
    createdDay: fc.integer({ min: 1, max: 28 }),
  });
  const billed = fc.record({
    id: fc.integer({ min: 0, max: 12 }),
    amount: fc.integer({ min: -500, max: 50_000 }),
    tax: fc.boolean(),
  });

  it('parts sum to each total, totals are month to date plus the rest, tenants never exceed their teams', () => {
    fc.assert(
      fc.property(
        fc.array(resource, { maxLength: 12 }),
        fc.array(billed, { maxLength: 20 }),
        fc.constantFrom('proportional', 'even', 'none'),
        fc.integer({ min: 2, max: 30 }),
        fc.option(fc.integer({ min: 0, max: 100_000 })),
        (rs, ls, policy, day, usage) => {
          const resources = [
            project,
            ...new Map(
              rs.map((r) => [
                r.id,
                droplet(String(r.id), `d${r.id}`, r.dollars, {
                  tags: r.tenant ? [`tenant:${r.tenant}`] : [],
                  stale: r.stale,
                  attrs: {
                    price_monthly: r.dollars,
                    created_at: `2026-03-${String(r.createdDay).padStart(2, '0')}T00:00:00Z`,
                  },
                }),
              ]),
            ).values(),
          ];
          const byId = new Map(resources.map((r) => [r.providerId, r]));
          const lines = ls.map((l, i) =>
            line(
              i + 1,
              l.amount,
              l.tax ? null : (byId.get(String(l.id)) ?? null),
              l.tax ? { reason: 'tax', product: 'Tax' } : {},
            ),
          );
          const now = new Date(Date.UTC(2026, 2, day, 7));
          const all = buildForecasts(
            input({
              now,
              resources,
              settings: { policy, prefix: 'tenant:' },
              teams: [
                {
                  account: 'default',
                  period: '2026-03',
                  asOf: new Date(now.getTime() - 3_600_000 * 5),
                  lines,
                  balance:
                    usage === null ? null : { usageCents: usage, generatedAt: new Date(now.getTime() - 3_600_000) },
                },
              ],
            }),
          );
          for (const f of all) {
            const sum = (k: 'monthToDateCents' | 'restCents' | 'dailyRateCents') =>
              f.parts.reduce((n, p) => n + p[k], 0);
            expect(sum('monthToDateCents')).toBe(f.monthToDateCents);
            expect(sum('restCents')).toBe(f.restCents);
            expect(sum('dailyRateCents')).toBe(f.dailyRateCents);
            expect(f.totalCents).toBe(f.monthToDateCents + f.restCents);
            for (const p of f.parts) expect(Number.isSafeInteger(p.monthToDateCents + p.restCents)).toBe(true);
          }
          const team = all.find((f) => f.scope.kind === 'account')!;
          const tenants = all.filter((f) => f.scope.kind === 'tenant');
          if (policy !== 'none' && lines.every((l) => l.amount >= 0))
            expect(tenants.reduce((n, t) => n + t.totalCents, 0)).toBeLessThanOrEqual(team.totalCents);
        },
      ),
      { numRuns: 300 },
    );
  });
});
