import type { ResourceKind } from '../../models/resource.js';
import type { z } from 'zod';
import type { PriceBook } from '../pricing/price-book.js';

/** A live resource as the rules read it (a lean Resource document). */
export interface WasteResource {
  kind: string;
  providerId: string;
  name?: string | null;
  region?: string | null;
  status?: string | null;
  tags?: string[] | null;
  projectId?: string | null;
  attrs?: unknown;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/**
 * One setting a rule declares: an environment variable (ARCADIA_WASTE_…) with its schema and
 * default, merged into the config schema (src/config.ts), and what it means, for its README row.
 */
export interface RuleSetting {
  schema: z.ZodDefault<z.ZodType<number, unknown>>;
  /** Completes the README row: "a snapshot this many days old is reported". */
  means: string;
}

export type RuleSettings = Readonly<Record<string, RuleSetting>>;

/** The values of a rule's settings, by name. */
export type SettingValues<S extends RuleSettings> = { readonly [K in keyof S]: z.output<S[K]['schema']> };

/**
 * What a rule may read: live resources by kind, its own settings, prices, and the time. New
 * sources (metrics, bandwidth) are added here as fields, and rules that need them read them.
 */
export interface WasteContext<V = Readonly<Record<string, number>>> {
  resources(kind: ResourceKind): readonly WasteResource[];
  /** The rule's settings, as configured (or their defaults). */
  settings: V;
  prices: PriceBook;
  now: Date;
}

/**
 * What a rule needs of one kind it reads, when less than every live resource in full. The engine
 * streams each kind once and keeps for the rule only what it declares, so a rule reading a few of
 * 100,000 droplets (or only their ids) does not hold them all: the declaration must never drop
 * anything `detect` would use (test/waste/rule-reads.unit.test.ts compares both over every rule).
 */
export interface KindReads {
  /** The resources `detect` can report or look at; the others are not kept for the rule. */
  keep?(r: WasteResource): boolean;
  /**
   * The only fields `detect` reads of the kind (`kind` and `providerId` are always kept). A kind the
   * rule reports keeps what its finding's console link reads too (`attrs`, for some kinds).
   */
  fields?: readonly (keyof WasteResource)[];
}

/** One thing that costs money for nothing, as a rule found it. */
export interface WasteCandidate {
  resource: WasteResource;
  /** What is wrong, for people: "unattached for 12 days", "powered off since 3 Jun". */
  reason: string;
  /** What it costs a month, in cents. */
  monthlyCents: number;
  /** Since when it has been waste, when the data says (else when Arcadia first saw it). */
  since: Date;
}

/**
 * A waste rule: one file under src/waste/rules/, its test, and one line in the registry. Pure: it
 * reads the context and returns candidates; pricing and storage are the engine's.
 */
export interface WasteRule<S extends RuleSettings = RuleSettings> {
  /** Stable id, part of each finding's key: never rename one that has shipped. */
  id: string;
  /** For people: "Unattached volumes". */
  title: string;
  /** The kinds it reads (the engine loads only these). */
  kinds: readonly ResourceKind[];
  /** What it reads of its kinds, where less than every live resource in full. @defaultValue all of each kind */
  reads?: Partial<Record<ResourceKind, KindReads>>;
  /** Its thresholds, by environment variable name: each becomes a setting of Arcadia's. */
  settings?: S;
  detect(ctx: WasteContext<SettingValues<S>>): WasteCandidate[];
}

/** Declares a rule, typing `ctx.settings` by the settings it declares. */
export function wasteRule<S extends RuleSettings = Record<never, RuleSetting>>(rule: WasteRule<S>): WasteRule<S> {
  return rule;
}

/** A rule's settings' values out of the config (or any record holding them). */
export function settingsOf(
  rule: WasteRule,
  config: Readonly<Record<string, unknown>>,
): Readonly<Record<string, number>> {
  return Object.fromEntries(Object.keys(rule.settings ?? {}).map((name) => [name, config[name] as number]));
}

/** A live resource as kept for a rule that declared `reads` for its kind, or undefined if not kept. */
export function heldFor(reads: KindReads | undefined, r: WasteResource): WasteResource | undefined {
  if (reads?.keep && !reads.keep(r)) return undefined;
  if (!reads?.fields) return r;
  const held: Partial<WasteResource> = { kind: r.kind, providerId: r.providerId };
  for (const f of reads.fields) (held as Record<string, unknown>)[f] = r[f];
  // Only the declared fields: `detect` reads no others of this kind.
  return held as WasteResource;
}

/** `attrs` as a record, whatever was stored. */
export function attrsOf(r: WasteResource): Record<string, unknown> {
  return r.attrs && typeof r.attrs === 'object' ? (r.attrs as Record<string, unknown>) : {};
}

/** A stored ISO date attribute, or null. */
export function dateAttr(r: WasteResource, name: string): Date | null {
  const v = attrsOf(r)[name];
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const DAY_MS = 86_400_000;
