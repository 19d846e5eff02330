import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount, sampleAccount } from '../../testkit/digitalocean/account.js';
import { DoApiError, DoAuthError } from '../../src/errors.js';
import { tokenScope } from '../../src/sync/kinds/index.js';

const standin = new DoStandin(generatedAccount({ droplets: 450 }));

function client(extra: Partial<ConstructorParameters<typeof DoClient>[0]> = {}): DoClient {
  // Handed the registry's scope table, as production's clients are (src/runtime.ts).
  return new DoClient({
    token: standin.token,
    baseUrl: standin.url,
    retryBaseMs: 1,
    maxRetries: 3,
    scopeOf: tokenScope,
    ...extra,
  });
}

async function collect(c: DoClient, path = '/v2/droplets', key = 'droplets') {
  const items: unknown[] = [];
  for await (const page of c.pages(path, key)) items.push(...page.items);
  return items;
}

beforeAll(() => standin.start());
afterAll(() => standin.stop());
beforeEach(() => {
  standin.clearFaults();
  standin.resetCounts();
});

describe('DoClient paging', () => {
  it('lists 450 droplets in exactly 3 requests of 200', async () => {
    const c = client();
    const items = await collect(c);
    expect(items).toHaveLength(450);
    expect(new Set(items.map((d) => (d as { id: number }).id)).size).toBe(450);
    expect(standin.requestCount('/v2/droplets')).toBe(3);
    expect(c.calls).toBe(3);
  });

  it('reports meta.total and stops on a missing next link even when first/last are present', async () => {
    const projects = new DoStandin(sampleAccount());
    await projects.start();
    try {
      const c = new DoClient({ token: projects.token, baseUrl: projects.url });
      const pages = [];
      for await (const page of c.pages('/v2/projects', 'projects')) pages.push(page);
      expect(pages).toHaveLength(1);
      expect(pages[0]!.total).toBe(2);
    } finally {
      await projects.stop();
    }
  });

  it('never sends the token to another origin named in a next link', async () => {
    const evil = new DoStandin();
    evil.account.droplets = [];
    await evil.start();
    const c = client();
    const original = standin.account.droplets;
    try {
      // A page whose next link points off the API origin.
      standin.account.droplets = original.slice(0, 1);
      const it = c.pages<unknown>('/v2/droplets', 'droplets');
      const first = await it.next();
      expect(first.done).toBe(false);
      await expect(c.get(`${evil.url}/v2/droplets`)).rejects.toThrow(/off the API origin/);
      expect(evil.requestCount()).toBe(0);
    } finally {
      standin.account.droplets = original;
      await evil.stop();
    }
  });
});

describe('DoClient retries', () => {
  it('waits out a 429 burst (retry-after) and completes', async () => {
    standin.inject({ path: '/v2/droplets', page: 2, status: 429, retryAfter: 0, times: 2 });
    const c = client();
    expect(await collect(c)).toHaveLength(450);
    expect(c.calls).toBe(5);
  });

  it('retries transient 500s, cut-short JSON and dropped connections', async () => {
    standin.inject({ path: '/v2/droplets', page: 1, status: 500, times: 1 });
    standin.inject({ path: '/v2/droplets', page: 2, truncate: true, times: 1 });
    standin.inject({ path: '/v2/droplets', page: 3, reset: true, times: 1 });
    const c = client();
    expect(await collect(c)).toHaveLength(450);
    expect(c.calls).toBe(6);
  });

  it('times out a slow answer and retries it', async () => {
    standin.inject({ path: '/v2/domains', delayMs: 2_000, times: 1 });
    const c = client({ timeoutMs: 200 });
    expect(await collect(c, '/v2/domains', 'domains')).toEqual([]);
    expect(c.calls).toBe(2);
  });

  it('gives up after the bounded retries with a typed error carrying context but not the token', async () => {
    standin.inject({ path: '/v2/droplets', page: 2, status: 500 });
    const c = client({ maxRetries: 2 });
    const err = await collect(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DoApiError);
    const e = err as DoApiError;
    expect(e.status).toBe(500);
    expect(e.doErrorId).toBe('server_error');
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.path).toBe('/v2/droplets?per_page=200&page=2');
    expect(e.message).toContain('after 3 attempts');
    expect(JSON.stringify({ message: e.message, context: e.context })).not.toContain(standin.token);
    expect(standin.requestCount('/v2/droplets')).toBe(1 + 3);
  });

  it('does not retry a 4xx and reports DO’s error id', async () => {
    const c = new DoClient({ token: 'dop_v1_wrong', baseUrl: standin.url, retryBaseMs: 1 });
    const err = (await c.get('/v2/droplets').catch((e: unknown) => e)) as DoApiError;
    expect(err).toBeInstanceOf(DoApiError);
    expect(err.status).toBe(401);
    expect(err.doErrorId).toBe('unauthorized');
    expect(err.message).not.toContain('dop_v1_wrong');
    expect(c.calls).toBe(1);
  });

  it('takes a refused token as permanent and names DIGITALOCEAN_TOKEN', async () => {
    const c = new DoClient({ token: 'dop_v1_wrong', baseUrl: standin.url, retryBaseMs: 1 });
    const err = (await c.get('/v2/droplets').catch((e: unknown) => e)) as DoAuthError;
    expect(err).toBeInstanceOf(DoAuthError);
    expect(err.permanent).toBe(true);
    expect(err.sentence).toContain('DIGITALOCEAN_TOKEN');
    expect(err.sentence).not.toContain('dop_v1_wrong');
  });

  it('names the scope a 403 lacks, without retrying', async () => {
    standin.inject({ path: '/v2/domains', status: 403 });
    const err = (await client()
      .get('/v2/domains')
      .catch((e: unknown) => e)) as DoAuthError;
    expect(err).toBeInstanceOf(DoAuthError);
    expect(err.doErrorId).toBe('forbidden');
    expect(err.scope).toBe('domain:read');
    expect(err.sentence).toMatch(/DIGITALOCEAN_TOKEN.*domain:read/);
    expect(standin.requestCount('/v2/domains')).toBe(1);
  });
});
