import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PRICE_LIST } from '../../../src/pricing/price-list.js';
import { repoPath } from '../../../src/repo-path.js';
import { UnknownStepKindError } from '../../../src/saga/errors.js';
import type { PlannedStep } from '../../../src/saga/blueprint.js';
import { quoteSteps } from '../../../src/saga/quote.js';
import { stepUrn } from '../../../src/saga/resource-urn.js';
import type { StepKind } from '../../../src/saga/step-kind.js';
import { referencedKinds, STEP_KINDS, stepKind } from '../../../src/saga/steps/index.js';
import { kindSpec, RESOURCE_KINDS } from '../../../src/sync/kinds/index.js';

const fileOf = (kind: string) => kind.replace(/_/g, '-');

/** The saga tests' text: each step kind is driven through the engine there (do, crash, undo). */
const sagaTests = readdirSync(repoPath('test', 'saga'))
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(repoPath('test', 'saga', f), 'utf8'))
  .join('\n');

const isResourceKind = (k: unknown) => (RESOURCE_KINDS as readonly unknown[]).includes(k);

/** The fields of a step kind's blueprint shape, or undefined when it is no zod object of `kind: <its kind>`. */
function schemaFields(step: StepKind): string[] | undefined {
  const schema = step.schema as unknown;
  if (!(schema instanceof z.ZodObject)) return undefined;
  const kind = (schema.shape as Record<string, unknown>).kind;
  return kind instanceof z.ZodLiteral && kind.values.has(step.kind) ? Object.keys(schema.shape) : undefined;
}

/** The parts a registered step kind lacks. */
function missingParts(step: StepKind): string[] {
  const missing: string[] = [];
  if (!existsSync(repoPath('src', 'saga', 'steps', `${fileOf(step.kind)}.ts`))) missing.push('file');
  for (const part of ['describe', 'do', 'find', 'undo'] as const)
    if (typeof step[part] !== 'function') missing.push(part);
  const fields = schemaFields(step);
  if (!fields) missing.push('schema');
  // Each reference is a field of its shape and names registered step kinds.
  const registered = STEP_KINDS.map((k) => k.kind);
  const references = Object.entries(step.references ?? {});
  if (
    !step.references ||
    references.some(
      ([field, targets]) => !fields?.includes(field) || !referencedKinds(targets).every((k) => registered.includes(k)),
    )
  )
    missing.push('references');
  if (typeof step.quote !== 'function') missing.push('quote');
  // What it makes has a project URN type in the kind's spec, so the URN is derived, never written by hand.
  if (step.makes !== undefined && (!isResourceKind(step.makes) || !kindSpec(step.makes).urnTypes.length))
    missing.push('makes');
  if (step.inventoryKinds.some((k) => !isResourceKind(k))) missing.push('inventoryKinds');
  if (!sagaTests.includes(`'${step.kind}'`) && !sagaTests.includes(`kind: ${step.kind}`)) missing.push('test');
  return missing;
}

/** The parts every step kind declares, for a stand-in kind that lacks only what a case says. */
const complete = {
  schema: z.object({ kind: z.literal('widget'), size: z.string() }),
  references: {},
  quote: () => null,
};

describe('saga step registry', () => {
  it('declares every part of every registered step kind, each used by a saga test', () => {
    expect(Object.fromEntries(STEP_KINDS.map((s) => [s.kind, missingParts(s)]))).toEqual(
      Object.fromEntries(STEP_KINDS.map((s) => [s.kind, []])),
    );
  });

  it('catches a step kind that forgets a part', () => {
    const forgetful = {
      ...complete,
      kind: 'widget',
      inventoryKinds: ['gadget'],
      describe: () => 'a widget',
      do: undefined,
      find: async () => null,
      undo: async () => {},
    };
    expect(missingParts(forgetful as unknown as StepKind)).toEqual(['file', 'do', 'inventoryKinds', 'test']);
  });

  it('catches a step kind without its shape, references, quote, or with a URN kind that has none', () => {
    const base = {
      kind: 'widget',
      inventoryKinds: [],
      describe: () => 'a widget',
      do: async () => ({ providerId: '1' }),
      find: async () => null,
      undo: async () => {},
    };
    const parts = (extra: object) =>
      missingParts({ ...base, ...complete, ...extra } as unknown as StepKind).filter(
        (p) => p !== 'file' && p !== 'test',
      );
    expect(parts({ schema: undefined, references: undefined, quote: undefined })).toEqual([
      'schema',
      'references',
      'quote',
    ]);
    expect(parts({ schema: z.object({ kind: z.literal('gizmo') }) })).toEqual(['schema']);
    expect(parts({ references: { owner: ['droplet'] } })).toEqual(['references']);
    expect(parts({ references: { size: ['gizmo'] } })).toEqual(['references']);
    expect(parts({ makes: 'snapshot' })).toEqual(['makes']);
    expect(parts({ references: { size: 'in_projects' }, makes: 'droplet' })).toEqual([]);
  });

  it('registers each step file once, under a unique kind', () => {
    const files = readdirSync(repoPath('src', 'saga', 'steps'))
      .filter((f) => f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect(STEP_KINDS.map((s) => fileOf(s.kind)).sort()).toEqual(files.sort());
  });

  it('derives what a project assignment accepts and each URN from the registries', () => {
    expect(referencedKinds(stepKind('project_assignment').references.resources!)).toEqual([
      'droplet',
      'volume',
      'reserved_ip',
    ]);
    expect(stepUrn(stepKind('droplet'), { providerId: '7' })).toBe('do:droplet:7');
    expect(stepUrn(stepKind('volume'), { providerId: 'v-1' })).toBe('do:volume:v-1');
    expect(stepUrn(stepKind('reserved_ip'), { providerId: '203.0.113.2' })).toBe('do:floatingip:203.0.113.2');
  });

  it('quotes each step at the price list, droplets at their /v2/sizes price', () => {
    const sizes = [{ slug: 's-1vcpu-1gb', price_monthly: 6, regions: ['nyc1'], available: true }];
    const steps: PlannedStep[] = [
      { id: 'droplet', kind: 'droplet', name: 'web', region: 'nyc1', size: 's-1vcpu-1gb', image: 'ubuntu', tags: [] },
      { id: 'volume', kind: 'volume', name: 'data', size_gigabytes: 25, attach_to: 'droplet' },
      { id: 'ip', kind: 'reserved_ip', assign_to: 'droplet' },
      { id: 'dns', kind: 'dns_record', domain: 'example.com', name: 'www', points_to: 'ip', ttl: 1800 },
    ];
    expect(quoteSteps(sizes, 'tiny', steps)).toEqual({
      lines: [
        { label: 'droplet web (s-1vcpu-1gb)', cents: 600 },
        { label: 'volume data (25 GiB)', cents: (25 * PRICE_LIST.volumeMilliCentsPerGiB) / 1000 },
        { label: 'reserved IP (free while assigned)', cents: PRICE_LIST.reservedIpAssignedCents },
      ],
      totalCents: 600 + 250,
    });
  });

  it('refuses a stored step of a kind no longer registered, with a code and a sentence', () => {
    const err = (() => {
      try {
        stepKind('load_balancer');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnknownStepKindError);
    expect(err).toMatchObject({ code: 'saga_unknown_step_kind', permanent: true });
    expect((err as UnknownStepKindError).sentence).toMatch(
      /kind "load_balancer", which this version of Arcadia does not know \(it knows droplet, volume/,
    );
  });
});
