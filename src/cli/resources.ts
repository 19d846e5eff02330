import type { Config } from '../config.js';
import { withDatabase } from './with-database.js';
import { Resource } from '../../models/resource.js';
import { RESOURCE_KINDS } from '../sync/kinds/index.js';
import { resolveKindName } from '../sync/kind-names.js';
import { renderTable } from './render-table.js';
import { checkAccount, doAccounts } from '../digitalocean/accounts.js';
import { lastCompleteListings, lastSeenAt } from '../inventory/last-seen.js';
import { shownStatus } from '../inventory/shown-status.js';

export interface ResourcesCommandOptions {
  kind?: string;
  stale?: boolean;
  active?: boolean;
  /** One DO team's resources only. */
  account?: string;
  json?: boolean;
}

/** A resource as `arcadia resources --json` prints it. */
export interface ResourceView {
  /** The DO team it lives in. */
  account: string;
  kind: string;
  providerId: string;
  name: string;
  region: string | null;
  status: string | null;
  stale: boolean;
  staleSince: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  tags: string[];
  projectId: string | null;
  attrs: Record<string, unknown>;
  /** The saga whose teardown or compensation deleted it, if one did. */
  removedBySaga: string | null;
}

export async function resourcesCommand(options: ResourcesCommandOptions, config: Config): Promise<number> {
  const kind = options.kind === undefined ? undefined : resolveKindName(options.kind, RESOURCE_KINDS);
  const configured = doAccounts(config).map((a) => a.name);
  if (options.account !== undefined) checkAccount(configured, options.account);
  return withDatabase(config, async () => {
    const filter: Record<string, unknown> = {};
    if (options.account !== undefined) filter.account = options.account;
    if (kind) filter.kind = kind;
    if (options.stale) filter.stale = true;
    if (options.active) filter.stale = false;
    const docs = await Resource.find(filter).sort({ kind: 1, name: 1, providerId: 1 }).lean();
    const listings = await lastCompleteListings();
    const now = new Date();
    const views: ResourceView[] = docs.map((d) => ({
      account: d.account,
      kind: d.kind,
      providerId: d.providerId,
      name: d.name ?? '',
      region: d.region ?? null,
      status: shownStatus(d, now),
      stale: d.stale ?? false,
      staleSince: d.staleSince ? d.staleSince.toISOString() : null,
      firstSeenAt: d.firstSeenAt.toISOString(),
      lastSeenAt: lastSeenAt(d, listings).toISOString(),
      tags: d.tags ?? [],
      projectId: d.projectId ?? null,
      attrs: (d.attrs ?? {}) as Record<string, unknown>,
      removedBySaga: d.removedBySaga ?? null,
    }));
    // An ACCOUNT column only when there are several teams: with one it would repeat "default".
    const several = configured.length > 1;
    if (options.json) console.log(JSON.stringify(views));
    else
      console.log(
        views.length
          ? renderTable(
              [...(several ? ['ACCOUNT'] : []), 'KIND', 'ID', 'NAME', 'REGION', 'STATUS', 'STALE SINCE'],
              views.map((v) => [
                ...(several ? [v.account] : []),
                v.kind,
                v.providerId,
                v.name,
                v.region,
                v.status,
                v.staleSince ?? '',
              ]),
            )
          : (await Resource.estimatedDocumentCount()) === 0
            ? 'No resources yet: run `arcadia sync all --wait` to fetch the inventory from DigitalOcean.'
            : 'No resources match.',
      );
    return 0;
  });
}
