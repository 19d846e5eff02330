import { Resource, resourceKey, type ResourceKind } from '../../models/resource.js';
import { WasteFinding } from '../../models/waste-finding.js';
import type { Config } from '../config.js';
import type { PriceBook } from '../pricing/price-book.js';
import { WRITE_BATCH } from '../sync/write-batch.js';
import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { consoleUrl } from '../inventory/console-url.js';
import { resourceAge, type ResourceAge } from '../inventory/resource-age.js';
import { WASTE_RULE_SETTINGS, WASTE_RULES } from './rules/index.js';
import { heldFor, settingsOf, type WasteContext, type WasteResource, type WasteRule } from './waste-rule.js';

/** A finding as the rest of Arcadia reads it. */
export interface Finding {
  key: string;
  ruleId: string;
  /** The DO team of the resource. */
  account: string;
  ruleTitle: string;
  kind: string;
  providerId: string;
  name: string;
  region: string | null;
  projectId: string | null;
  projectName: string | null;
  tags: string[];
  reason: string;
  monthlyCents: number;
  since: Date;
  /** The resource's age, as the finding was last detected. */
  age: ResourceAge;
  firstSeenAt: Date;
  lastSeenAt: Date;
  fingerprint: string;
  /** The resource's page in DO's control panel, from the resource as the rule found it (attrs and all). */
  consoleUrl: string;
}

/** `rule:digitalocean:kind:id`; a team other than the default one is in the middle (`…:digitalocean@staging:…`). */
export function findingKey(
  ruleId: string,
  kind: string,
  providerId: string,
  account: string = DEFAULT_ACCOUNT,
): string {
  return `${ruleId}:${resourceKey(kind, providerId, account)}`;
}

/**
 * What makes a finding the same finding: its rule and its price. An acknowledged finding whose
 * cost changes (a volume grown, a droplet resized) comes back; its age ticking on does not.
 */
export function findingFingerprint(ruleId: string, monthlyCents: number): string {
  return `${ruleId}|${monthlyCents}`;
}

export interface DetectWasteOptions {
  /** Where the rules' settings are read (the config; each rule gets its own). */
  config: Readonly<Record<string, unknown>> & Pick<Config, keyof typeof WASTE_RULE_SETTINGS>;
  prices: PriceBook;
  now?: Date;
  /** Only the rules reading one of these kinds (after a sync of one kind). @defaultValue every rule */
  kinds?: readonly string[];
  rules?: readonly WasteRule[];
}

/** Runs the rules over the live inventory, without storing anything. */
export async function evaluateWaste(options: DetectWasteOptions): Promise<{ rules: WasteRule[]; findings: Finding[] }> {
  const now = options.now ?? new Date();
  const rules: WasteRule[] = (options.rules ?? WASTE_RULES).filter(
    (r) => !options.kinds || r.kinds.some((k) => options.kinds!.includes(k)),
  );
  const kinds = [...new Set(rules.flatMap((r) => r.kinds))];
  if (rules.length === 0) return { rules, findings: [] };
  // Each team's view, for each rule, of each kind it reads (see `WasteRule.reads`): what it keeps,
  // not the whole kind. Rules judge one team at a time: a snapshot's droplet, a load balancer's
  // tagged droplets, are in its own team (another team may hold a droplet of the same id).
  const held = new Map<string, Map<WasteRule, Map<ResourceKind, WasteResource[]>>>();
  const listOf = (account: string, rule: WasteRule, kind: ResourceKind): WasteResource[] => {
    const byRule = held.get(account) ?? held.set(account, new Map()).get(account)!;
    const byKind = byRule.get(rule) ?? byRule.set(rule, new Map()).get(rule)!;
    return byKind.get(kind) ?? byKind.set(kind, []).get(kind)!;
  };
  const [, projects] = await Promise.all([
    // One equality query per kind, streamed: indexed on MongoDB and pushed down on FerretDB, which
    // would filter an `$in` itself after reading every stored resource.
    Promise.all(
      kinds.map(async (kind) => {
        const readers = rules
          .filter((rule) => rule.kinds.includes(kind))
          .map((rule) => ({ rule, reads: rule.reads?.[kind] }));
        const cursor = Resource.find(
          { kind, stale: false },
          {
            account: 1,
            kind: 1,
            providerId: 1,
            name: 1,
            region: 1,
            status: 1,
            tags: 1,
            projectId: 1,
            attrs: 1,
            firstSeenAt: 1,
            lastSeenAt: 1,
          },
        )
          .lean<WasteResource[]>()
          .cursor();
        for await (const doc of cursor) {
          const account = (doc as { account?: string }).account ?? DEFAULT_ACCOUNT;
          for (const reader of readers) {
            const kept = heldFor(reader.reads, doc as WasteResource);
            if (kept) listOf(account, reader.rule, kind).push(kept);
          }
        }
      }),
    ),
    Resource.find({ kind: 'project' }, { providerId: 1, name: 1 }).lean(),
  ]);
  const projectName = new Map(projects.map((p) => [p.providerId, p.name ?? p.providerId]));
  const contextOf = (account: string, rule: WasteRule): WasteContext => ({
    resources: (k: ResourceKind) => held.get(account)?.get(rule)?.get(k) ?? [],
    settings: settingsOf(rule, options.config),
    prices: options.prices,
    now,
  });

  const findings = [...held.keys()].flatMap((account) =>
    rules.flatMap((rule) =>
      rule.detect(contextOf(account, rule)).map(({ resource: r, reason, monthlyCents, since }): Finding => ({
        key: findingKey(rule.id, r.kind, r.providerId, account),
        ruleId: rule.id,
        account,
        ruleTitle: rule.title,
        kind: r.kind,
        providerId: r.providerId,
        name: r.name ?? '',
        region: r.region ?? null,
        projectId: r.projectId ?? null,
        projectName: r.projectId ? (projectName.get(r.projectId) ?? null) : null,
        tags: r.tags ?? [],
        reason,
        monthlyCents,
        since,
        age: resourceAge(r),
        firstSeenAt: now,
        lastSeenAt: now,
        fingerprint: findingFingerprint(rule.id, monthlyCents),
        consoleUrl: consoleUrl(r),
      })),
    ),
  );
  return { rules, findings };
}

/**
 * Runs the rules and stores what they found: new findings are added, found ones refreshed, and the
 * rules' findings no longer found are resolved. Safe to run concurrently for different kinds
 * (each write is keyed on the finding).
 */
export async function detectWaste(options: DetectWasteOptions): Promise<Finding[]> {
  const now = options.now ?? new Date();
  const { rules, findings } = await evaluateWaste({ ...options, now });
  if (rules.length === 0) return [];
  // WRITE_BATCH upserts to a command, like every write outside a sync page: after the first
  // detection most of them match a stored finding, and FerretDB holds a pooled PostgreSQL connection
  // for each matched statement until its command ends, so one unbounded command (a rule over
  // thousands of resources, rerun after each of its kinds' syncs) could take the whole pool.
  for (let i = 0; i < findings.length; i += WRITE_BATCH) {
    await WasteFinding.bulkWrite(
      findings.slice(i, i + WRITE_BATCH).map(({ key, ruleTitle: _t, firstSeenAt, age, ...f }) => ({
        updateOne: {
          filter: { _id: key },
          update: {
            $set: { ...f, ageAt: age.at, ageBasis: age.basis, lastSeenAt: now, resolvedAt: null },
            $setOnInsert: { firstSeenAt },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
  await WasteFinding.updateMany(
    { ruleId: { $in: rules.map((r) => r.id) }, resolvedAt: null, _id: { $nin: findings.map((f) => f.key) } },
    { $set: { resolvedAt: now } },
  );
  return findings;
}

const TITLES = new Map(WASTE_RULES.map((r) => [r.id, r.title]));

/** Open findings, most expensive first. */
export async function openFindings(): Promise<Finding[]> {
  const docs = await WasteFinding.find({ resolvedAt: null }).sort({ monthlyCents: -1, _id: 1 }).lean();
  return docs.map((d) => ({
    key: d._id,
    ruleId: d.ruleId,
    account: d.account ?? DEFAULT_ACCOUNT,
    ruleTitle: TITLES.get(d.ruleId) ?? d.ruleId,
    kind: d.kind,
    providerId: d.providerId,
    name: d.name ?? '',
    region: d.region ?? null,
    projectId: d.projectId ?? null,
    projectName: d.projectName ?? null,
    tags: d.tags ?? [],
    reason: d.reason,
    monthlyCents: d.monthlyCents,
    since: d.since,
    age:
      d.ageAt && d.ageBasis
        ? { at: d.ageAt, basis: d.ageBasis as ResourceAge['basis'] }
        : { at: d.firstSeenAt, basis: 'first_seen' },
    firstSeenAt: d.firstSeenAt,
    lastSeenAt: d.lastSeenAt,
    fingerprint: d.fingerprint,
    // Stored before findings kept their link: the kind's link without the attrs some pages need.
    consoleUrl: d.consoleUrl ?? consoleUrl({ kind: d.kind, providerId: d.providerId, name: d.name }),
  }));
}
