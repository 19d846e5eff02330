import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../../src/repo-path.js';
import type { StepKind } from '../../../src/saga/step-kind.js';
import { STEP_KINDS } from '../../../src/saga/steps/index.js';
import { RESOURCE_KINDS } from '../../../src/sync/kinds/index.js';

const fileOf = (kind: string) => kind.replace(/_/g, '-');

/** The saga tests' text: each step kind is driven through the engine there (do, crash, undo). */
const sagaTests = readdirSync(repoPath('test', 'saga'))
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(repoPath('test', 'saga', f), 'utf8'))
  .join('\n');

/** The parts a registered step kind lacks. */
function missingParts(step: StepKind): string[] {
  const missing: string[] = [];
  if (!existsSync(repoPath('src', 'saga', 'steps', `${fileOf(step.kind)}.ts`))) missing.push('file');
  for (const part of ['describe', 'do', 'find', 'undo'] as const) if (typeof step[part] !== 'function') missing.push(part);
  if (step.inventoryKinds.some((k) => !(RESOURCE_KINDS as readonly string[]).includes(k))) missing.push('inventoryKinds');
  if (!sagaTests.includes(`'${step.kind}'`) && !sagaTests.includes(`kind: ${step.kind}`)) missing.push('test');
  return missing;
}

describe('saga step registry', () => {
  it('declares every part of every registered step kind, each used by a saga test', () => {
    expect(Object.fromEntries(STEP_KINDS.map((s) => [s.kind, missingParts(s)]))).toEqual(Object.fromEntries(STEP_KINDS.map((s) => [s.kind, []])));
  });

  it('catches a step kind that forgets a part', () => {
    const forgetful = { kind: 'widget', inventoryKinds: ['gadget'], describe: () => 'a widget', do: undefined, find: async () => null, undo: async () => {} };
    expect(missingParts(forgetful as unknown as StepKind)).toEqual(['file', 'do', 'inventoryKinds', 'test']);
  });

  it('registers each step file once, under a unique kind', () => {
    const files = readdirSync(repoPath('src', 'saga', 'steps')).filter((f) => f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
    expect(STEP_KINDS.map((s) => fileOf(s.kind)).sort()).toEqual(files.sort());
  });
});
