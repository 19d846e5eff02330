import { z } from 'zod';
import type { DoClient } from '../digitalocean/client.js';
import { isNotFound } from '../errors.js';
import type { ResourceKind } from '../../models/resource.js';

/** What every blueprint resource has, whatever its kind: its id (how later resources refer to it) and an optional `when` parameter. */
export interface StepSpec {
  id: string;
  kind: string;
  when?: string | undefined;
}

/**
 * A step kind's blueprint shape: `kind: <kind>`, the fields every resource has, and its own fields;
 * any other field is refused. The blueprint's resource union is built from these (src/saga/blueprint.ts).
 */
export function stepSchema<K extends string, F extends z.ZodRawShape>(kind: K, fields: F) {
  return z
    .object({
      id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lowercase letters, digits and _'),
      when: z.string().optional(),
      kind: z.literal(kind),
      ...fields,
    })
    .strict();
}

/**
 * What a reference field may name: earlier resources of the listed step kinds, or `in_projects`:
 * those of every step kind that makes a resource DO keeps in projects (see StepKind.makes).
 */
export type ReferenceTargets = readonly string[] | 'in_projects';

/** A droplet size as `GET /v2/sizes` lists it: its price, the regions it is offered in, and whether it can be created now. */
export interface DoSize {
  slug: string;
  price_monthly: number;
  regions: string[];
  available: boolean;
}

/** One line of a plan's monthly quote, in integer cents. */
export interface QuoteLine {
  label: string;
  cents: number;
}

/** What a quote line may read besides the step's spec. */
export interface QuoteContext {
  /** DO's droplet sizes with their prices (`/v2/sizes`); listed only when the plan has a droplet. */
  sizes: DoSize[];
  /** The blueprint's name, for a refusal that names it. */
  blueprint: string;
}

/** What a step made: DO's id for it and whatever else its undo or later steps need. */
export interface StepOutput {
  providerId: string;
  [key: string]: unknown;
}

export interface StepContext<S extends StepSpec = StepSpec> {
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
 * One kind of saga step: one file each under src/saga/steps/, and every fact about it here, from its
 * blueprint shape to its price. `do` must be safe to run again after a crash at any point (it looks
 * for what an earlier try made before making anything); `find` locates what a failed or interrupted
 * `do` may have left; `undo` removes it and treats "already gone" as done.
 */
export interface StepKind<S extends StepSpec = StepSpec> {
  kind: S['kind'];
  /** Its blueprint shape, made with stepSchema(). */
  schema: z.ZodType<S>;
  /** Its fields that name earlier resources, with the step kinds each may name (checked when a blueprint is loaded). */
  references: Readonly<Record<string, ReferenceTargets>>;
  /**
   * The inventory kind of what it makes, when that is a resource DO keeps in projects: its project
   * URN is built from that kind's spec (src/saga/resource-urn.ts), and `in_projects` references accept it.
   */
  makes?: ResourceKind;
  /** Inventory kinds to sync once the step has changed something. */
  inventoryKinds: readonly ResourceKind[];
  /** Its line in the plan's monthly quote, prices read from src/pricing/price-list.ts; null for what DO does not bill. */
  quote(spec: S, ctx: QuoteContext): QuoteLine | null;
  describe(spec: S): string;
  do(ctx: StepContext<S>): Promise<StepOutput>;
  find(ctx: StepContext<S>): Promise<StepOutput | null>;
  undo(ctx: StepContext<S>, output: StepOutput): Promise<void>;
  /**
   * Why what the step made is no longer the saga's (an IP now assigned to another droplet, a record
   * pointed elsewhere), or null while it still is (or is gone). Undo leaves a disowned resource alone.
   */
  disowned?(ctx: StepContext<S>, output: StepOutput): Promise<string | null>;
  /** A link to it in DO's control panel. */
  consoleUrl?(output: StepOutput, spec: S): string;
  /**
   * The name people reach what the saga made by and the address it points at (a DNS record's
   * `web.example.com` → `45.55.96.47`), for the message saying it is done. `providerIdOf` gives an
   * earlier step's DO id by its name (null when it made none).
   */
  address?(spec: S, providerIdOf: (step: string) => string | null): { name: string; points_to: string } | null;
}

/**
 * Whether this step made a resource: it has the step's tag or, made by a saga started before steps
 * were tagged, the saga's tag, no step's, and no other step holds it.
 */
export function madeByStep(
  resource: { id: number | string; tags?: readonly string[] | null },
  ctx: Pick<StepContext, 'sagaTag' | 'stepTag' | 'heldByAnotherStep'>,
): boolean {
  const tags = resource.tags ?? [];
  if (tags.includes(ctx.stepTag)) return true;
  return (
    tags.includes(ctx.sagaTag) &&
    !tags.some((t) => t.startsWith(`${ctx.sagaTag}:`)) &&
    !ctx.heldByAnotherStep(String(resource.id))
  );
}

/** GETs one resource; undefined when DO says it is gone. */
export async function getIfExists<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Runs a DO call whose 404 means "already gone". */
export async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  await getIfExists(call);
}
