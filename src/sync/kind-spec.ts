import type { DoClient, DoPage } from '../digitalocean/client.js';
import type { ResourceKind } from '../../models/resource.js';
import type { Config } from '../config.js';

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
  /** Adds a line to the run's notes (e.g. "skipped: no Spaces keys configured"). */
  note(message: string): void;
  /**
   * The kind cannot be listed at all this run (e.g. its credentials are not configured). `reason`
   * says why and what to set; the run is reported as skipped with it (CLI and Slack) and noted as
   * "skipped: <reason>", and since an empty listing proves nothing, it marks nothing stale.
   */
  skip(reason: string): void;
}

/** What `afterListing` gets: the listing context, plus the ids this run listed. */
export interface AfterListingContext extends ListContext {
  runId: string;
  /** providerIds of this kind that the (complete) listing contained. */
  listed: ReadonlySet<string>;
  /** What the database held for this kind when the run started, by providerId. */
  stored: ReadonlyMap<string, { projectId: string | null }>;
  /** Resources this run inserted, by providerId, with the projectId they were inserted with. */
  inserted: ReadonlyMap<string, { projectId: string | null }>;
}

/**
 * A kind is a thin spec on the one sync engine: where its list comes from and a pure normalizer.
 * Adding a kind is one file that exports one of these, plus its tests.
 */
export interface KindSpec<Raw = Record<string, unknown>> {
  kind: ResourceKind;
  /** Pages of raw DO objects. Most kinds use `listCollection`; some sweep several endpoints. */
  list(ctx: ListContext): AsyncIterable<DoPage<Raw>>;
  /** Raw DO object → stored shape. Pure; may throw on an object it cannot make sense of. */
  normalize(raw: Raw): ResourceInput;
  /**
   * Fields a resource gets when first stored, outside its fingerprint (a later change to them is not a
   * change of the resource): e.g. the projectId another sync maintains. Set in the insert, they cost no
   * extra write. Called once a run, before listing.
   */
  initialFields?(ctx: ListContext): Promise<(input: ResourceInput) => Record<string, unknown>>;
  /**
   * Runs once the listing was complete and stale marking is done (never after a failed or skipped
   * listing); its API calls count toward the run's. For work that needs the whole listing, such as
   * applying project membership.
   */
  afterListing?(ctx: AfterListingContext): Promise<void>;
  /** Which cron schedule enqueues it: every 15 minutes, or hourly at :33 for slow-changing kinds. @defaultValue 'default' */
  schedule?: 'default' | 'hourly';
}

/** The pages of one or more DO list endpoints, one after the other. */
export function listCollection<Raw>(
  ...sweeps: { path: string; key: string; query?: Record<string, string | number> }[]
): (ctx: ListContext) => AsyncIterable<DoPage<Raw>> {
  return async function* list(ctx) {
    for (const sweep of sweeps) yield* ctx.client.pages<Raw>(sweep.path, sweep.key, sweep.query);
  };
}
