import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { repoPath } from '../../../src/repo-path.js';
import { kindScopes, type KindSpec, type ResourceInput } from '../../../src/sync/kind-spec.js';
import { RESOURCE_KINDS, tokenScope } from '../../../src/sync/kinds/index.js';
import { resolveKindName } from '../../../src/sync/kind-names.js';
import { PriceBook } from '../../../src/pricing/price-book.js';

/** The raw objects of a stand-in sample: a list envelope, or DO's single-object one (`{"registry": {...}}`). */
export function sampleItems(fixture: string): Record<string, unknown>[] {
  const body = JSON.parse(readFileSync(repoPath('fixtures', 'digitalocean', fixture), 'utf8')) as Record<
    string,
    unknown
  >;
  const list =
    Object.values(body).find(Array.isArray) ?? Object.values(body).filter((v) => v !== null && typeof v === 'object');
  return list as Record<string, unknown>[];
}

/**
 * The checks every kind's unit test makes of its spec: the normalizer reads each raw object of its
 * sample (`raws`, the fixture's unless given) into a resource with an id, each id once; its endpoints
 * carry the scopes the registry's table names for their paths; its price and parent read a normalized
 * sample; its aliases resolve to it. Returns the normalized samples, for the file's own assertions.
 */
export function kindParts(
  spec: KindSpec,
  raws: () => Record<string, unknown>[] = () => sampleItems(spec.standin.fixture!),
): () => ResourceInput[] {
  const normalized = () => raws().map((raw) => spec.normalize(raw));

  it('normalizes every object of its sample, each id once', () => {
    const inputs = normalized();
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) expect(input.providerId).toMatch(/\S/);
    expect(new Set(inputs.map((i) => i.providerId)).size).toBe(inputs.length);
  });

  it('declares endpoints whose paths the token-scope table maps to their scopes', () => {
    for (const e of spec.endpoints)
      expect({ path: e.path, scope: tokenScope(e.path.replace('{id}', '1')) }).toEqual({
        path: e.path,
        scope: e.scope,
      });
    expect(kindScopes(spec)).toEqual([...new Set(spec.endpoints.map((e) => e.scope))]);
  });

  it('prices a stored sample as a number of cents or not at all', () => {
    for (const input of normalized()) {
      const cost = spec.monthlyCost({ status: input.status ?? null, attrs: input.attrs ?? {} }, new PriceBook());
      expect(cost === null || (Number.isInteger(cost) && cost >= 0)).toBe(true);
    }
  });

  it('resolves its name and its aliases to itself', () => {
    for (const name of [spec.kind, ...spec.aliases]) expect(resolveKindName(name, RESOURCE_KINDS)).toBe(spec.kind);
  });

  it('names a registered parent kind, if any', () => {
    for (const input of normalized()) {
      const parent = spec.parent?.(input.attrs ?? {}) ?? null;
      if (parent) expect(RESOURCE_KINDS).toContain(parent.kind);
    }
  });

  return normalized;
}
