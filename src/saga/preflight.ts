import type { Config } from '../config.js';
import type { DoClient } from '../digitalocean/client.js';
import type { PlannedStep } from './blueprint.js';
import {
  DnsNameTakenError,
  DropletLimitError,
  MissingDependencyError,
  NameTakenError,
  refuseIfAny,
  SizeUnavailableError,
  UnknownTenantError,
  type PreflightProblem,
} from './errors.js';
import { Tenant } from '../../models/tenant.js';
import { hostRecords, recordFqdn } from './host-records.js';
import { listSizes, quoteSteps, type Quote } from './quote.js';
import type { DoSize } from './step-kind.js';
import { spendProblems } from './spend-caps.js';

export interface PreflightPlan {
  blueprint: string;
  tenant: string;
  steps: PlannedStep[];
}

export interface PreflightDeps {
  config: Pick<Config, 'ARCADIA_PROVISION_MAX_MONTHLY_USD' | 'ARCADIA_TENANT_MAX_MONTHLY_USD'>;
  /** The client of the DO team the saga would create in. */
  client: DoClient;
}

type Step<K extends PlannedStep['kind']> = Extract<PlannedStep, { kind: K }>;
const stepsOf = <K extends PlannedStep['kind']>(steps: PlannedStep[], kind: K) =>
  steps.filter((s): s is Step<K> => s.kind === kind);

/**
 * Everything a plan is checked against before it is stored and anyone is asked to approve it, with
 * reads only: the sizes in their regions, names already taken in the team (droplets, volumes, DNS
 * hostnames), the tenant being defined, the domain, firewall and project it names existing, the team's droplet limit, and the
 * spend limits. Refuses with every problem at once
 * (one sentence each); otherwise answers the plan's quote.
 */
export async function preflight(plan: PreflightPlan, deps: PreflightDeps): Promise<Quote> {
  const { client } = deps;
  const droplets = stepsOf(plan.steps, 'droplet');
  const sizes = droplets.length ? await listSizes(client) : [];
  const found = await Promise.all([
    sizeProblems(droplets, sizes),
    ...droplets.map((d) => dropletNameProblem(client, d)),
    ...stepsOf(plan.steps, 'volume').map((v) => volumeNameProblem(client, v, regionOf(plan.steps, v.attach_to))),
    ...stepsOf(plan.steps, 'dns_record').map((r) => dnsNameProblem(client, r)),
    namedProblems(
      client,
      'firewall',
      '/v2/firewalls',
      'firewalls',
      stepsOf(plan.steps, 'firewall_membership').map((f) => f.firewall),
    ),
    namedProblems(
      client,
      'project',
      '/v2/projects',
      'projects',
      stepsOf(plan.steps, 'project_assignment').map((p) => p.project),
    ),
    droplets.length ? dropletLimitProblem(client, droplets.length) : [],
    tenantProblem(plan.tenant),
  ]);
  const problems = found.flat();
  // A size DO does not know has no price: the other problems are still worth listing.
  if (problems.some((p) => p instanceof SizeUnavailableError && p.context.problem === 'unknown')) refuseIfAny(problems);
  const quote = quoteSteps(sizes, plan.blueprint, plan.steps);
  problems.push(...(await spendProblems(plan.tenant, quote.totalCents, deps.config)));
  refuseIfAny(problems);
  return quote;
}

/** Billing attributes by defined tenants only: a stack for one not defined would bill as shared cost. */
async function tenantProblem(tenant: string): Promise<PreflightProblem[]> {
  return (await Tenant.exists({ _id: tenant })) ? [] : [new UnknownTenantError(tenant)];
}

function regionOf(steps: PlannedStep[], dropletId: string): string {
  return stepsOf(steps, 'droplet').find((d) => d.id === dropletId)?.region ?? '';
}

/**
 * The existing firewalls and projects a plan names (by name, as the steps look them up): one the team
 * lacks would only fail its step after the droplet, volume and IP were made, and be undone. Read from
 * DO's own listing, as the domain is: the inventory lags the account (a firewall made since the last
 * sync, or deleted since), and preflight reads DO anyway.
 */
async function namedProblems(
  client: DoClient,
  what: string,
  path: string,
  key: string,
  names: string[],
): Promise<PreflightProblem[]> {
  if (names.length === 0) return [];
  const missing = new Set(names);
  for await (const page of client.pages<{ name: string }>(path, key)) {
    for (const item of page.items) missing.delete(item.name);
    if (missing.size === 0) break;
  }
  return [...missing].map((name) => new MissingDependencyError(what, name));
}

/** DO lists where each size may be created (`regions`) and whether it can be now (`available`). */
function sizeProblems(droplets: Step<'droplet'>[], sizes: DoSize[]): PreflightProblem[] {
  return droplets.flatMap((d) => {
    const size = sizes.find((s) => s.slug === d.size);
    if (!size) return [new SizeUnavailableError(d.size, d.region, 'unknown')];
    if (!size.available) return [new SizeUnavailableError(d.size, d.region, 'unavailable')];
    if (!size.regions.includes(d.region)) return [new SizeUnavailableError(d.size, d.region, 'region', size.regions)];
    return [];
  });
}

/** DO allows droplets of one name, but a second `acme-web` would leave people (and the inventory) guessing which is which. */
async function dropletNameProblem(client: DoClient, droplet: Step<'droplet'>): Promise<PreflightProblem[]> {
  const { droplets } = await client.get<{ droplets: { id: number }[] }>('/v2/droplets', {
    name: droplet.name,
    per_page: 1,
  });
  return droplets.length ? [new NameTakenError('droplet', droplet.name, `id ${droplets[0]!.id}`)] : [];
}

/** A volume's name is unique in its region: the volume step would fail after the droplet was made. */
async function volumeNameProblem(
  client: DoClient,
  volume: Step<'volume'>,
  region: string,
): Promise<PreflightProblem[]> {
  const { volumes } = await client.get<{ volumes: { id: string }[] }>('/v2/volumes', { name: volume.name, region });
  return volumes.length ? [new NameTakenError('volume', volume.name, `in ${region}, id ${volumes[0]!.id}`)] : [];
}

async function dnsNameProblem(client: DoClient, record: Step<'dns_record'>): Promise<PreflightProblem[]> {
  try {
    const taken = await hostRecords(client, record.domain, record.name);
    return taken.length ? [new DnsNameTakenError(recordFqdn(record.name, record.domain), taken)] : [];
  } catch (err) {
    if (err instanceof MissingDependencyError) return [err];
    throw err;
  }
}

/** What the team runs (DO's count of its droplets) plus what the plan adds, against `droplet_limit`. */
async function dropletLimitProblem(client: DoClient, adding: number): Promise<PreflightProblem[]> {
  const [{ account }, listing] = await Promise.all([
    client.get<{ account: { droplet_limit?: number } }>('/v2/account'),
    client.get<{ droplets: unknown[]; meta?: { total?: number } }>('/v2/droplets', { per_page: 1 }),
  ]);
  const limit = account.droplet_limit;
  const running = listing.meta?.total ?? listing.droplets.length;
  return typeof limit === 'number' && running + adding > limit ? [new DropletLimitError(running, adding, limit)] : [];
}
