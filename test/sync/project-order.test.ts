import { beforeEach, describe, expect, it } from 'vitest';
import { ProjectMap } from '../../models/project-map.js';
import { Resource, resourceKey } from '../../models/resource.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount, makeDroplet, type DoAccount, type RawObject } from '../../testkit/digitalocean/account.js';
import { enqueueSyncs } from '../../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { createSyncWorker } from '../../jobs/sync-worker.js';
import { KIND_SPECS } from '../../src/sync/kinds/index.js';
import { defaultProjectKinds, projectKinds } from '../../src/sync/project-membership.js';
import type { ResourceKind } from '../../models/resource.js';
import { isolation, silentLog, testConfig, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';

const iso = isolation();
useDatabase(iso);
const standin = new DoStandin();
useDoStandin(standin);
const redis = useRedis();
const settings = () => ({ connection: redis(), prefix: iso.prefix });

const PROJECTS = ['p-default', 'p-one', 'p-two', 'p-three'];
/** Where a generated resource lives: its index modulo 4; 0 is the default project (listed by nobody). */
const home = (i: number) => PROJECTS[i % PROJECTS.length]!;

/** 230 droplets (two pages) and a few of every other joinable kind, spread over 4 projects like a real account. */
function account(): DoAccount {
  const a = generatedAccount({
    droplets: 230,
    domains: 6,
    extra: { volumes: 6, reserved_ips: 6, load_balancers: 6, firewalls: 2 },
  });
  a.projects = PROJECTS.map((id, i) => ({
    id,
    name: id,
    is_default: i === 0,
    purpose: 'Service or API',
    environment: 'Production',
  }));
  const urns: [string, number][] = [
    ...a.droplets.map((d, i): [string, number] => [`do:droplet:${String(d.id)}`, i]),
    ...a.domains.map((d, i): [string, number] => [`do:domain:${String(d.name)}`, i]),
    ...a.volumes.map((v, i): [string, number] => [`do:volume:${String(v.id)}`, i]),
    ...a.reserved_ips.map((r, i): [string, number] => [`do:floatingip:${String(r.ip)}`, i]),
    ...a.load_balancers.map((l, i): [string, number] => [`do:loadbalancer:${String(l.id)}`, i]),
  ];
  for (const id of PROJECTS.slice(1)) a.project_resources[id] = [];
  for (const [urn, i] of urns) if (i % 4 !== 0) a.project_resources[home(i)]!.push({ urn });
  return a;
}

/** Every joinable resource's expected project, from the account the stand-in serves now. */
function expected(a: DoAccount): Record<string, string | null> {
  const listed = new Map<string, string>();
  for (const [project, resources] of Object.entries(a.project_resources)) {
    for (const r of resources) {
      const [, type, id] = /^do:([a-z]+):(.+)$/.exec(String(r.urn))!;
      const kind =
        ({ floatingip: 'floating_ip', loadbalancer: 'load_balancer' } as Record<string, string>)[type!] ?? type!;
      listed.set(resourceKey(kind, id!), project);
    }
  }
  const ids: [ResourceKind, RawObject[], (o: RawObject) => string][] = [
    ['droplet', a.droplets, (o) => String(o.id)],
    ['domain', a.domains, (o) => String(o.name)],
    ['volume', a.volumes, (o) => String(o.id)],
    ['floating_ip', a.reserved_ips, (o) => String(o.ip)],
    ['load_balancer', a.load_balancers, (o) => String(o.id)],
    ['firewall', a.firewalls, (o) => String(o.id)],
  ];
  const out: Record<string, string | null> = {};
  for (const [kind, objects, id] of ids) {
    for (const o of objects) {
      const key = resourceKey(kind, id(o));
      out[key] = listed.get(key) ?? (defaultProjectKinds().includes(kind) ? 'p-default' : null);
    }
  }
  return out;
}

async function stored(): Promise<Record<string, string | null>> {
  const docs = await Resource.find({ kind: { $in: projectKinds() } }, { _id: 1, projectId: 1 }).lean<
    { _id: string; projectId?: string | null }[]
  >();
  return Object.fromEntries(docs.map((d) => [d._id, d.projectId ?? null]));
}

type Order = 'first' | 'last' | 'between';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * One full sync through the real queue and worker, with the project kind forced to finish first,
 * last, or between the droplet kind's two pages. With one job at a time the order is the queue's:
 * "between" fails the droplet run at its second page, so its retry (same run) lists page 2 after the
 * project run. With four at once, stand-in answers are held until the run they must follow completes.
 */
async function fullSync(concurrency: number, order: Order): Promise<string[]> {
  const config = testConfig(iso, {
    DIGITALOCEAN_TOKEN: standin.token,
    DIGITALOCEAN_API_URL: standin.url,
    ARCADIA_SYNC_CONCURRENCY: String(concurrency),
  });
  const trace: string[] = [];
  const listener = (req: { path: string; page: number }) => {
    if (req.path === '/v2/projects' || req.path === '/v2/droplets') trace.push(`${req.path}#${req.page}`);
  };
  standin.onAnswer(listener);
  const projectDone = deferred();
  const othersDone = deferred();
  const others = new Set<ResourceKind>(KIND_SPECS.map((s) => s.kind).filter((k) => k !== 'project'));
  let kinds = KIND_SPECS.map((s) => s.kind);
  if (concurrency === 1) {
    if (order === 'last') kinds = [...others, 'project'];
    if (order === 'between') {
      kinds = ['droplet', 'project', ...[...others].filter((k) => k !== 'droplet')];
      standin.inject({ path: '/v2/droplets', page: 2, status: 500, times: 1 });
    }
  } else {
    if (order === 'first') standin.inject({ path: '/v2/droplets', page: 1, until: projectDone.promise, times: 1 });
    if (order === 'last') standin.inject({ path: '/v2/projects', page: 1, until: othersDone.promise, times: 1 });
    if (order === 'between') {
      standin.inject({ path: '/v2/projects', page: 1, until: standin.waitForRequest('/v2/droplets', 2), times: 1 });
      standin.inject({ path: '/v2/droplets', page: 2, until: projectDone.promise, times: 1 });
    }
  }
  const queue = syncQueue(settings());
  const events = syncQueueEvents(settings());
  await events.waitUntilReady();
  // No retries inside the client: a failed page fails the attempt, and the job's retry continues the run.
  const client = new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1, maxRetries: 0 });
  const worker = createSyncWorker({ queue: settings(), config, client, log: silentLog });
  worker.on('completed', (job) => {
    if (job.data.kind === 'project') projectDone.resolve();
    others.delete(job.data.kind);
    if (others.size === 0) othersDone.resolve();
  });
  try {
    const jobs = await enqueueSyncs(queue, kinds, () => ({ attempts: 2, retryDelayMs: 0 }));
    const results = await Promise.all(jobs.map((j) => j.waitUntilFinished(events)));
    expect(results.map((r: { status: string }) => r.status)).toEqual(kinds.map(() => 'succeeded'));
    return trace;
  } finally {
    standin.clearFaults();
    standin.removeListener(listener);
    await worker.close();
    await events.close();
    await queue.close();
  }
}

/** The trace of answers shows the order really happened: where the project listing falls among the droplet pages. */
function projectPosition(trace: string[]): Order {
  const projects = trace.indexOf('/v2/projects#1');
  const page1 = trace.indexOf('/v2/droplets#1');
  const page2 = trace.lastIndexOf('/v2/droplets#2');
  if (projects < page1) return 'first';
  if (projects > page2) return 'last';
  return 'between';
}

describe('project membership after one full sync, whatever order the kinds finish in', () => {
  beforeEach(async () => {
    await Resource.deleteMany({});
    await ProjectMap.deleteMany({});
    standin.account = account();
  });

  describe.each([1, 4])('concurrency %i', (concurrency) => {
    it.each<Order>(['first', 'last', 'between'])(
      'project kind %s: every resource has its project, new ones too on the next sync',
      async (order) => {
        const trace = await fullSync(concurrency, order);
        expect(projectPosition(trace)).toBe(order);
        const want = expected(standin.account);
        expect(Object.keys(want)).toHaveLength(230 + 6 * 4 + 2);
        expect(await stored()).toEqual(want);

        // Between syncs: 20 droplets created across the projects, one droplet moved from p-one to p-two.
        const a = standin.account;
        for (let i = 0; i < 20; i++) {
          const d = makeDroplet(200_000_000 + i);
          a.droplets.push(d);
          if (i % 4 !== 0) a.project_resources[home(i)]!.push({ urn: `do:droplet:${String(d.id)}` });
        }
        const moved = a.project_resources['p-one']!.shift()!;
        a.project_resources['p-two']!.push(moved);
        await fullSync(concurrency, order);
        expect(await stored()).toEqual(expected(a));
      },
    );
  });
});
