import type { DoAccount, RawObject } from './account.js';
import { makeDroplet } from './account.js';

/**
 * The sample account's daily spend as DO's Billing Insights reports it
 * (`GET /v2/billing/{account_urn}/insights/{start}/{end}`), generated from 2025-12-01 (the first day
 * DO serves) through 2026-02-28, with one of each case the anomaly check handles planted:
 *
 * - `RESIZE_DAY`: acme's droplet example.com is resized from s-1vcpu-1gb to s-8vcpu-16gb, and stays
 *   so (the inventory shows it changed that day): an anomaly, explained by the inventory;
 * - `SPIKE_DAY`: the account's bandwidth jumps for one day and is back the next (reported once,
 *   then closed as recovered);
 * - `NEW_TENANT_DAY`: globex's first droplet appears (tagged `tenant:globex`): noted as new, not
 *   judged until it has history;
 * - the 1st of each month: the container registry's monthly subscription lands in one amount.
 *
 * Bandwidth has a weekly rhythm (weekdays above weekends); everything else is flat, as DO's
 * nightly estimates of a resource's hours are.
 */
export const INSIGHTS_SCENARIO = {
  first: '2025-12-01',
  last: '2026-02-28',
  RESIZE_DAY: '2026-02-27',
  SPIKE_DAY: '2026-02-14',
  NEW_TENANT_DAY: '2026-02-25',
  /** The droplet globex starts with. */
  globexDropletId: 48_000_001,
} as const;

const DAY_MS = 86_400_000;

/** One day's point, in DO's shape: amounts are dollar strings. */
function point(
  teamUrn: string,
  day: string,
  sku: string,
  cents: number,
  description: string,
  region = 'nyc3',
  group = '',
): RawObject {
  return {
    usage_team_urn: teamUrn,
    start_date: day,
    total_amount: (cents / 100).toFixed(2),
    region,
    sku,
    description,
    group_description: group,
  };
}

/** A plan's daily cents: its monthly price over 30 days, as DO's estimates spread it. */
const daily = (monthlyUsd: number) => Math.round((monthlyUsd * 100) / 30);

/**
 * The scenario's points, oldest first, for the team `account.account.team.uuid`. Adds globex's
 * droplet to the account's droplets (created on `NEW_TENANT_DAY`); `resizeScenarioDroplet` makes
 * the resize, so a sync before and one after it show the change the spend explains.
 */
export function plantInsightsScenario(account: DoAccount): RawObject[] {
  const team = (account.account.team as { uuid: string }).uuid;
  const urn = `do:team:${team}`;
  const s = INSIGHTS_SCENARIO;
  if (!account.droplets.some((d) => d.id === s.globexDropletId)) {
    account.droplets.push(
      makeDroplet(s.globexDropletId, {
        name: 'globex-web-01',
        tags: ['tenant:globex'],
        size_slug: 's-2vcpu-4gb',
        created_at: `${s.NEW_TENANT_DAY}T09:12:00Z`,
      }),
    );
  }

  const points: RawObject[] = [];
  for (let t = Date.parse(`${s.first}T00:00:00Z`); t <= Date.parse(`${s.last}T00:00:00Z`); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const weekend = [0, 6].includes(new Date(t).getUTCDay());
    const resized = day >= s.RESIZE_DAY;
    points.push(
      resized
        ? point(urn, day, '1-DO-DROP-0116', daily(96), 'example.com (s-8vcpu-16gb)')
        : point(urn, day, '1-DO-DROP-0109', daily(6), 'example.com (s-1vcpu-1gb)'),
      point(urn, day, '1-DO-DROP-0109', daily(6), 'assets.example.com (s-1vcpu-1gb)'),
      point(urn, day, '1-DO-DROP-0109', daily(6), 'stage.example.com (s-1vcpu-1gb)'),
      point(urn, day, '1-DO-BKUP-0109', daily(1.2), 'example.com (s-1vcpu-1gb)'),
      point(urn, day, '1-DO-VOL-0001', daily(10), 'assets-data (100 GiB)'),
      point(urn, day, '1-DO-VOL-0001', daily(1), 'stage-data (10 GiB)'),
      point(urn, day, '1-DO-LB-0001', daily(12), 'example-lb-01'),
      point(urn, day, '1-DO-LB-0001', daily(12), 'prod-web-lb-01'),
      point(urn, day, '1-KS-K8SWN-00109', daily(24), '2 nodes - 2 GB / 1 vCPU / 50 GB SSD', 'nyc1', 'prod-cluster-01'),
      point(
        urn,
        day,
        '1-DB-PG-0204',
        daily(60),
        'PostgreSQL 1 node, 4 GB RAM / 2 vCPU / 60 GiB disk',
        'nyc3',
        'backend',
      ),
      // Outbound transfer: busier on weekdays, and one day's burst that is gone the next.
      point(
        urn,
        day,
        '1-DO-BW-0001',
        day === s.SPIKE_DAY ? 1850 : weekend ? 40 : 95 + ((t / DAY_MS) % 3),
        'Outbound data transfer',
        'nyc3',
      ),
    );
    if (day.endsWith('-01')) points.push(point(urn, day, '1-CR-BASIC-0001', 500, 'Basic subscription', ''));
    if (day >= s.NEW_TENANT_DAY)
      points.push(point(urn, day, '1-DO-DROP-0111', daily(24), 'globex-web-01 (s-2vcpu-4gb)'));
  }
  return points;
}

/** example.com resized as on `RESIZE_DAY`. */
export function resizeScenarioDroplet(account: DoAccount): void {
  const web = account.droplets.find((d) => d.name === 'example.com');
  if (web) Object.assign(web, { size_slug: 's-8vcpu-16gb', memory: 16384, vcpus: 8, disk: 320 });
}
