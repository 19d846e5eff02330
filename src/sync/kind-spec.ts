import type { DoClient, DoPage } from '../digitalocean/client.js';
import type { Config } from '../config.js';
import { DoApiError } from '../errors.js';

/** What a kind's normalizer returns: the resource as Arcadia stores it. */
export interface ResourceInput {
  providerId: string;
  name: string;
  region?: string | null;
  status?: string | null;
  tags?: string[];
  projectId?: string | null;
  attrs?: Record<string, unknown>;
}

export interface ListContext {
  client: DoClient;
  config: Config;
  /** The DO team being listed: stored lookups (project maps, a followed kind's listing) stay within it. */
  account: string;
  /** Adds a line to the run's notes (e.g. "skipped: no Spaces keys configured"). */
  note(message: string): void;
  /**
   * The kind cannot be listed at all this run (e.g. its credentials are not configured). `reason`
   * says why and what to set; the run is reported as skipped with it (CLI and Slack) and noted as
   * "skipped: <reason>", and since an empty listing proves nothing, it marks nothing stale.
   */
  skip(reason: string): void;
  /**
   * In a full sync, the finished run of the kind this one `follows`, whose listing this run may read
   * from the store instead of listing it again. Absent when the kind is synced alone.
   */
  upstreamRunId?: string;
  /** The reads of the store a kind may make (its own earlier listing, another kind's), within `account`. */
  store: KindStore;
  /** The counting label of a project resource URN (its Arcadia kind, DO's type, `unknown:<type>`, `malformed`): src/sync/project-urn.ts. */
  urnLabel(urn: string): string;
}

/** A stored resource as a kind may read it back: no model, only what the store port hands over. */
export interface StoredResource {
  providerId: string;
  name: string | null;
  attrs: Record<string, unknown>;
}

/**
 * The store port the engine hands a kind (src/sync/kind-store.ts): the few reads kinds need, so a
 * kind file never imports a model. `attrs` names the attributes to read (all when omitted).
 */
export interface KindStore {
  /** Whether run `runId` of `kind` succeeded and completed its listing (so its stored listing is the live one). */
  completedListing(kind: string, runId: string): Promise<boolean>;
  /** The live stored resources of `kind`, in pages of `pageSize`. */
  live(kind: string, options: { pageSize: number; attrs?: readonly string[] }): AsyncIterable<StoredResource[]>;
  /** The stored resources of `kind` among `providerIds` (live or stale). */
  byIds(
    kind: string,
    providerIds: readonly string[],
    options?: { attrs?: readonly string[] },
  ): Promise<StoredResource[]>;
}

/** One way an invoice line names a kind. Patterns from every kind (and the non-resource lines of derive-kind) are tried in `priority` order, lowest first. */
export interface InvoicePattern {
  /** Specific phrases need a lower number than the generic products they contain ("Droplet Snapshots" before "Droplet"). */
  priority: number;
  /** Tested against the line's product. */
  product: RegExp;
  /** When set, the description must match too. */
  description?: RegExp;
  /** Charged to the account, not to one resource (a subscription, an overage): nothing to match. */
  accountLevel?: boolean;
}

/** How invoice lines of a kind are read and matched to its resources. */
export interface InvoiceSpec {
  /** How lines name the kind; empty for a kind DO never bills (it must then say why in `usuallyFree`). */
  patterns: readonly InvoicePattern[];
  /** The kind whose resource the line bills, when not this one (a backup line bills its droplet). */
  billedTo?: string;
  /** Which id column names the resource first: droplets and snapshots by integer id, most kinds by uuid. @defaultValue 'resource_uuid' */
  idColumn?: 'resource_id' | 'resource_uuid';
  /** The resource is named by the IP address in the description (reserved IPs), not by name. */
  byIp?: boolean;
  /** The resource's name is the line's group description (clusters), not its description. */
  nameFromGroup?: boolean;
  /** An account has at most one (the container registry): a line of the kind bills that one, whatever its text. */
  wholeAccount?: boolean;
}

/** What the "running but not billed" check, and Slack, need of a stored resource. */
export interface StoredResourceView {
  status: string | null;
  tags: string[];
  attrs: Record<string, unknown>;
}

/** What a kind's price may read of a stored resource. */
export interface PricedResource {
  status: string | null;
  attrs: Record<string, unknown>;
}

/** The droplet prices a kind's price may ask for (src/pricing/price-book.ts's PriceBook): the stored price, the live sizes, the list. */
export interface DropletPrices {
  dropletCents(sizeSlug: string | null | undefined, storedPriceMonthly?: unknown): { cents: number } | null;
}

/** The resource another was taken from (a backup's droplet), whose tenant it inherits. */
export interface ParentRef {
  kind: string;
  providerId: string;
}

/** How a kind shows in Slack's `/cloud find`. */
export interface ShowSpec {
  /** Attributes worth showing in a find result, in order, as `[attr, label]`; the first attr with a value wins a label. */
  fields: readonly (readonly [attr: string, label: string])[];
  /** Attributes `/cloud find` matches exactly (addresses), besides id and name. */
  searchable?: readonly string[];
  /**
   * The state to show instead of DO's stored `status`, when the kind knows better at the moment of
   * asking (a certificate past its `not_after` is expired though DO still says `verified`); null
   * keeps `status`. Read through src/inventory/shown-status.ts.
   */
  state?(resource: { status: string | null; attrs: Record<string, unknown> }, now: Date): string | null;
}

/** What a kind's console link may read of a stored resource. */
export interface ConsoleResource {
  providerId: string;
  name: string | null;
  attrs: Record<string, unknown>;
}

/**
 * Where a kind lives in DO's control panel: paths under https://cloud.digitalocean.com (the origin is
 * added in src/inventory/console-url.ts). `list` is the kind's list page; `page` a resource's own
 * page, where DO has one. A path not confirmed against DO's documentation says so where it is declared.
 */
export interface ConsoleSpec {
  list: string;
  /** The resource's own page; without it, or when it returns null, links to a resource open `list`. */
  page?(resource: ConsoleResource): string | null;
}

/** A `ConsoleSpec.page` of the usual shape, `<base>/<providerId><suffix>`. */
export function consolePageById(base: string, suffix = ''): (resource: ConsoleResource) => string {
  return (r) => `${base}/${encodeURIComponent(r.providerId)}${suffix}`;
}

/**
 * How DO puts a kind in projects: assigned (unlisted ones sit in the default project), only when
 * listed, or never. For kinds other than 'none' the engine runs the project phase
 * (src/sync/project-membership.ts): new resources are inserted with their project, and after the
 * listing the stored project map is applied to the kind.
 */
export type ProjectMembershipRule = 'default' | 'explicit' | 'none';

/**
 * A kind is one file: a thin spec on the one sync engine (where its list comes from, a pure
 * normalizer) carrying every other fact about the kind, so nothing about it lives elsewhere.
 * Adding a kind is one file that exports one of these, its test, and one line in `kinds/index.ts`;
 * test/sync/kinds/registry.test.ts fails for a registered kind that lacks a part.
 */
export interface KindSpec<K extends string = string> {
  kind: K;
  /**
   * The DO endpoints a sync of the kind reads, its own listing first; empty when it reads no `/v2`
   * path (Spaces use their own keys). Their scopes are the token scopes the kind needs (`kindScopes`),
   * and the registry's path→scope table (`tokenScope`) is built from them; the README's kind table is
   * checked against them, and test/sync/kinds/registry.test.ts against the paths a sync really calls.
   */
  endpoints: readonly Endpoint[];
  /**
   * A kind whose listing this one reads (droplet backups read the droplet listing). A full sync runs
   * this kind once that kind's run has finished and hands it that run's id (`upstreamRunId`), so the
   * listing is fetched once; synced alone, the kind lists for itself.
   */
  follows?: string;
  /** Pages of raw DO objects. Omitted: the pages of each of `endpoints` in turn (`listCollection`). */
  list?: ListFn;
  /** Raw DO object → stored shape. Pure; may throw on an object it cannot make sense of. */
  normalize(raw: Record<string, unknown>): ResourceInput;
  /** DO's URN types for this kind in project resource lists (lower case, as DO writes them: `floatingip`, `dbaas`). */
  urnTypes: readonly string[];
  /** How it joins projects; the engine's project phase does the rest (see ProjectMembershipRule). */
  projects: ProjectMembershipRule;
  /** Its DO object names its own project (`attrs.project_id`), which wins over the default project when no project lists it. */
  projectIdOnObject?: boolean;
  /** Its listing is the project map: after it, the engine stores the map and applies it to every kind in projects. */
  publishesProjectMap?: boolean;
  invoice: InvoiceSpec;
  /** Why a live resource may rightly appear on no invoice line, or null when its absence is worth a look. */
  usuallyFree(resource: StoredResourceView): string | null;
  show: ShowSpec;
  /** Its "Open in DigitalOcean" links. */
  console: ConsoleSpec;
  /**
   * What a stored resource of the kind costs a month at list prices (src/pricing/price-list.ts), in
   * cents: 0 for a free kind, null when Arcadia cannot price it (billed by usage, or by size tables it
   * does not keep). Read through src/pricing/resource-cost.ts.
   */
  monthlyCost(resource: PricedResource, prices: DropletPrices): number | null;
  /** The resource this one was taken from, when the kind records it: a resource no tenant claims inherits its tenant (src/billing/attribute-resources.ts). */
  parent?(attrs: Record<string, unknown>): ParentRef | null;
  /** Other names people type for the kind (DO's current and URN spellings, short forms), besides its name and plural: src/sync/kind-names.ts. */
  aliases: readonly string[];
  /**
   * The sample the DO stand-in (testkit/) serves for the kind, from `fixtures/digitalocean/` (null:
   * built in the stand-in's sample account), and where, when not at its first endpoint (`standinPath`).
   */
  standin: { fixture: string | null; path?: string };
  /** Which cron schedule enqueues it: every 15 minutes, or hourly at :33 for slow-changing kinds. @defaultValue 'default' */
  schedule?: 'default' | 'hourly';
}

/**
 * One DO endpoint a kind reads: its path (`{id}` for a path segment filled in per object), the key its
 * envelope lists the objects under, the token scope DO asks for on it (DO's OpenAPI names), and any
 * fixed query.
 */
export interface Endpoint {
  path: string;
  key: string;
  scope: string;
  query?: Record<string, string | number>;
}

/** How a kind lists: given the run's context and the kind's declared endpoints. */
export type ListFn = (
  ctx: ListContext,
  endpoints: readonly Endpoint[],
) => AsyncIterable<DoPage<Record<string, unknown>>>;

/** The token scopes a sync of the kind needs, each once, from its endpoints. */
export function kindScopes(spec: Pick<KindSpec, 'endpoints'>): string[] {
  return [...new Set(spec.endpoints.map((e) => e.scope))];
}

/** Where the stand-in serves the kind's sample: its declared path, else its first endpoint's. */
export function standinPath(spec: Pick<KindSpec, 'endpoints' | 'standin'>): string {
  return spec.standin.path ?? spec.endpoints[0]?.path ?? '/';
}

/** The kind's pages: its own `list`, or its endpoints one after the other. */
export function listKind(
  spec: Pick<KindSpec, 'endpoints' | 'list'>,
  ctx: ListContext,
): AsyncIterable<DoPage<Record<string, unknown>>> {
  return (spec.list ?? listCollection)(ctx, spec.endpoints);
}

/** The pages of one or more DO list endpoints, one after the other. */
export async function* listCollection<Raw>(
  ctx: ListContext,
  endpoints: readonly Endpoint[],
): AsyncIterable<DoPage<Raw>> {
  for (const e of endpoints) yield* ctx.client.pages<Raw>(e.path, e.key, e.query);
}

/**
 * `listCollection` for a product an account may not have. DO answers 404 where there is nothing to
 * list (no container registry) and 403 to a token made without the product's scope (one created
 * before Arcadia listed the product): on the first page either skips the kind with a note saying
 * why, instead of failing the run (and with it the full sync). Anything later, or else, still fails.
 */
export function listIfPresent(product: string): ListFn {
  return async function* list(ctx, endpoints) {
    for (const endpoint of endpoints) {
      const listing = ctx.client.pages<Record<string, unknown>>(endpoint.path, endpoint.key, endpoint.query);
      const pages = listing[Symbol.asyncIterator]();
      let first: IteratorResult<DoPage<Record<string, unknown>>>;
      try {
        first = await pages.next();
      } catch (err) {
        const reason = absenceReason(err, product, endpoint, ctx.client.tokenName);
        if (reason === null) throw err;
        ctx.skip(reason);
        return;
      }
      if (first.done) continue;
      yield first.value;
      for (let next = await pages.next(); !next.done; next = await pages.next()) yield next.value;
    }
  };
}

/** Why a refused first request means "nothing to list here" (a 404 or 403), or null for any other failure. */
export function absenceReason(
  err: unknown,
  product: string,
  endpoint: Pick<Endpoint, 'path' | 'scope'>,
  tokenName: string,
): string | null {
  if (!(err instanceof DoApiError)) return null;
  if (err.status === 404) return `this account has no ${product} (DO answered 404 on ${endpoint.path})`;
  if (err.status === 403) return `${tokenName} may not read ${product} (add the ${endpoint.scope} scope to list them)`;
  return null;
}
