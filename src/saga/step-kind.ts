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
  /** `arcadia-saga:<id>`: put on everything that takes tags, so a retry finds what an earlier try made. */
  sagaTag: string;
  spec: S;
  /** What this step saved before a crash (partial progress), if anything. */
  saved: StepOutput | null;
  /** Saves partial progress at once (e.g. a volume's id before attaching it). */
  checkpoint(output: StepOutput): Promise<void>;
  /** The output of an earlier step of the saga. */
  output(stepName: string): StepOutput;
  /** The project URN of what an earlier step made. */
  urnOf(stepName: string): string;
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
  /** The project URN of what it made, for project assignment. */
  urn?(output: StepOutput): string;
  /** A link to it in DO's control panel. */
  consoleUrl?(output: StepOutput, spec: S): string;
}

/** Runs a DO call whose 404 means "already gone". */
export async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if ((err as { status?: number }).status === 404) return;
    throw err;
  }
}
