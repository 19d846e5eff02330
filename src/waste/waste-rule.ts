import type { ResourceKind } from '../../models/resource.js';
import type { Config } from '../config.js';
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

/** What a rule may read: live resources by kind, its thresholds, prices, and the time. */
export interface WasteContext {
  resources(kind: ResourceKind): readonly WasteResource[];
  thresholds: Pick<Config, 'ARCADIA_WASTE_POWERED_OFF_DAYS' | 'ARCADIA_WASTE_SNAPSHOT_DAYS' | 'ARCADIA_WASTE_BACKUP_DAYS'>;
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
export interface WasteRule {
  /** Stable id, part of each finding's key: never rename one that has shipped. */
  id: string;
  /** For people: "Unattached volumes". */
  title: string;
  /** The kinds it reads (the engine loads only these). */
  kinds: readonly ResourceKind[];
  /** What it reads of its kinds, where less than every live resource in full. @defaultValue all of each kind */
  reads?: Partial<Record<ResourceKind, KindReads>>;
  detect(ctx: WasteContext): WasteCandidate[];
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
