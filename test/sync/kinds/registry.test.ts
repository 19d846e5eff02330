import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Resource } from '../../../models/resource.js';
import { repoPath } from '../../../src/repo-path.js';
import { kindScopes, standinPath, type KindSpec } from '../../../src/sync/kind-spec.js';
import { droplet, KIND_SPECS, RESOURCE_KINDS, tokenScope } from '../../../src/sync/kinds/index.js';
import { parseUrn } from '../../../src/sync/project-urn.js';
import { projectPhase } from '../../../src/sync/project-membership.js';
import { invoiceRules } from '../../../src/invoice/derive-kind.js';
import { consoleUrl } from '../../../src/inventory/console-url.js';
import { isolation, testConfig } from '../../helpers/context.js';
import { kindHarness } from './harness.js';
import { sampleItems } from './kind-unit.js';

const iso = isolation();
const h = kindHarness(iso);

const BLANK = { status: null, tags: [], attrs: {} };

/** The parts a kind's spec lacks: what adding a kind must supply besides list and normalize. */
function missingParts(spec: KindSpec): string[] {
  const missing: string[] = [];
  if (!['default', 'explicit', 'none'].includes(spec.projects)) missing.push('projects');
  // A kind DO keeps in projects is named by URNs, and the engine runs its project phase.
  if (spec.projects !== 'none') {
    if (spec.urnTypes.length === 0 || spec.urnTypes.some((t) => parseUrn(`do:${t}:x`).status !== 'resolved'))
      missing.push('urnTypes');
    if (projectPhase(spec) === null) missing.push('projectPhase');
  }
  // Either invoice lines name it, or it says why it is never billed.
  if (!spec.invoice || (spec.invoice.patterns.length === 0 && spec.usuallyFree(BLANK) === null))
    missing.push('invoice');
  if (!spec.show || !Array.isArray(spec.show.fields)) missing.push('show');
  // Each endpoint names its path, envelope key and token scope.
  if (
    !Array.isArray(spec.endpoints) ||
    spec.endpoints.some((e) => !e.path?.startsWith('/v2/') || !e.key || !/^[a-z_]+:read$/.test(e.scope ?? ''))
  )
    missing.push('endpoints');
  if (
    !spec.standin ||
    !standinPath(spec).startsWith('/') ||
    (spec.standin.fixture !== null && !existsSync(repoPath('fixtures', 'digitalocean', spec.standin.fixture)))
  )
    missing.push('standin');
  // Every kind says what it costs (null when Arcadia cannot price it), and what else people call it.
  if (typeof spec.monthlyCost !== 'function') missing.push('monthlyCost');
  if (!Array.isArray(spec.aliases)) missing.push('aliases');
  if (spec.parent !== undefined && typeof spec.parent !== 'function') missing.push('parent');
  // Every kind links somewhere in the control panel below its home page.
  if (
    !/^\/[a-z]/.test(spec.console?.list ?? '') ||
    (spec.console.page !== undefined && typeof spec.console.page !== 'function')
  )
    missing.push('console');
  return missing;
}

describe('kind registry', () => {
  it('declares every part of every registered kind', () => {
    expect(Object.fromEntries(KIND_SPECS.map((s) => [s.kind, missingParts(s)]))).toEqual(
      Object.fromEntries(KIND_SPECS.map((s) => [s.kind, []])),
    );
  });

  it('catches a kind that forgets a part', () => {
    const forgetful = {
      ...droplet,
      kind: 'widget',
      urnTypes: [],
      invoice: { patterns: [] },
      usuallyFree: () => null,
      standin: { path: '/v2/widgets', fixture: 'widgets.json' },
      console: undefined,
    };
    expect(missingParts(forgetful as unknown as KindSpec)).toEqual(['urnTypes', 'invoice', 'standin', 'console']);
    const unpriced = {
      ...droplet,
      endpoints: [{ path: '/v2/widgets', key: 'widgets' }],
      monthlyCost: undefined,
      aliases: undefined,
    };
    expect(missingParts(unpriced as unknown as KindSpec)).toEqual(['endpoints', 'monthlyCost', 'aliases']);
    expect(missingParts({ ...droplet, console: { list: '' } } as KindSpec)).toEqual(['console']);
  });

  it('derives the resource kinds from the registry, each once', () => {
    expect(new Set(RESOURCE_KINDS).size).toBe(KIND_SPECS.length);
    expect(RESOURCE_KINDS).toContain('droplet');
  });

  it("gives each alias to one kind, never another kind's name", () => {
    const aliases = KIND_SPECS.flatMap((s) => s.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
    expect(aliases.filter((a) => (RESOURCE_KINDS as readonly string[]).includes(a))).toEqual([]);
  });

  it('gives every invoice pattern its own priority', () => {
    const priorities = invoiceRules().map((r) => r.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  it.each(KIND_SPECS.map((s) => [s.kind, s] as const))(
    '%s: the stand-in serves its sample, a sync lists it, and it stores the fields Slack shows',
    async (_kind, spec) => {
      if (spec.standin.fixture) expect(sampleItems(spec.standin.fixture).length).toBeGreaterThan(0);
      const paths = new Set<string>();
      const listener = (req: { path: string }) => paths.add(req.path);
      h.standin.onRequest(listener);
      const result = await h
        .sync(spec, { config: testConfig(iso, h.spacesEnv()) })
        .finally(() => h.standin.removeListener(listener as never));
      // The scopes it declares (and the README lists) are exactly those of the paths it called.
      expect([...new Set([...paths].map((p) => tokenScope(p) ?? `no scope known for ${p}`))].sort()).toEqual(
        kindScopes(spec).sort(),
      );
      expect(result.status).toBe('succeeded');
      expect(result.listed).toBeGreaterThan(0);
      expect(h.standin.requestCount(standinPath(spec))).toBeGreaterThan(0);
      const stored = await Resource.find({ kind: spec.kind }, { kind: 1, providerId: 1, name: 1, attrs: 1 }).lean();
      const attrs = stored.map((d) => (d.attrs ?? {}) as Record<string, unknown>);
      for (const [attr] of spec.show.fields)
        expect({ attr, stored: attrs.some((a) => a[attr] !== undefined) }).toEqual({ attr, stored: true });
      // Each stored resource links to its own page or its kind's list, from what the sync stored.
      for (const d of stored) expect(consoleUrl(d)).toMatch(/^https:\/\/cloud\.digitalocean\.com\/[a-z][\w/.%-]*$/);
    },
  );
});
