import type { DoClient } from '../digitalocean/client.js';
import type { ResourceKind } from '../../models/resource.js';
import type { PlannedStep } from './blueprint.js';

/** What a step made: DO's id for it and whatever else its undo or later steps need. */
export interface StepOutput {
  providerId: string;
  [key: string]: unknown;
}

export interface StepContext<S extends PlannedStep = PlannedStep> {
  client: DoClient;
  sagaId: string;
  /** `arcadia-saga:<id>`: put on everything that takes tags, so the saga's resources can be listed together. */
  sagaTag: string;
  /** `arcadia-saga:<id>:<step>`: put beside it, so a retry finds this step's resource, never another step's of the same kind. */
  stepTag: string;
  /** Whether another step of the saga, of the same kind, has recorded this DO id as what it made. */
  heldByAnotherStep(providerId: string): boolean;
  spec: S;
  /** What this step saved before a crash (partial progress), if anything. */
  saved: StepOutput | null;
  /** Saves partial progress at once (e.g. a volume's id before attaching it). */
  checkpoint(output: StepOutput): Promise<void>;
  /** The output of an earlier step of the saga. */
  output(stepName: string): StepOutput;
  /** The project URN of what an earlier step made. */
  urnOf(stepName: string): string;
  /** Whether what an earlier step made is still the saga's (see StepKind.disowned). */
  stillOurs(stepName: string): Promise<boolean>;
  /** Polls `/v2/actions/{id}` until it completes; throws DoActionError if it errors or takes too long. */
  waitForAction(actionId: number): Promise<void>;
  /** Polls until `done` holds (for resources whose action id is not at hand). */
  waitUntil(done: () => Promise<boolean>, what: string): Promise<void>;
}

/**
 * One kind of saga step: one file each under src/saga/steps/. `do` must be safe to run again after a
 * crash at any point (it looks for what an earlier try made before making anything); `find` locates
 * what a failed or interrupted `do` may have left; `undo` removes it and treats "already gone" as done.
 */
export interface StepKind<S extends PlannedStep = PlannedStep> {
  kind: S['kind'];
  /** Inventory kinds to sync once the step has changed something. */
  inventoryKinds: readonly ResourceKind[];
  describe(spec: S): string;
  do(ctx: StepContext<S>): Promise<StepOutput>;
  find(ctx: StepContext<S>): Promise<StepOutput | null>;
  undo(ctx: StepContext<S>, output: StepOutput): Promise<void>;
  /**
   * Why what the step made is no longer the saga's (an IP now assigned to another droplet, a record
   * pointed elsewhere), or null while it still is (or is gone). Undo leaves a disowned resource alone.
   */
  disowned?(ctx: StepContext<S>, output: StepOutput): Promise<string | null>;
  /** The project URN of what it made, for project assignment. */
  urn?(output: StepOutput): string;
  /** A link to it in DO's control panel. */
  consoleUrl?(output: StepOutput, spec: S): string;
}

/**
 * Whether this step made a resource: it has the step's tag or, made by a saga started before steps
 * were tagged, the saga's tag, no step's, and no other step holds it.
 */
export function madeByStep(resource: { id: number | string; tags?: readonly string[] | null }, ctx: Pick<StepContext, 'sagaTag' | 'stepTag' | 'heldByAnotherStep'>): boolean {
  const tags = resource.tags ?? [];
  if (tags.includes(ctx.stepTag)) return true;
  return tags.includes(ctx.sagaTag) && !tags.some((t) => t.startsWith(`${ctx.sagaTag}:`)) && !ctx.heldByAnotherStep(String(resource.id));
}

/** GETs one resource; undefined when DO says it is gone. */
export async function getIfExists<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
}

/** Runs a DO call whose 404 means "already gone". */
export async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  await getIfExists(call);
}
