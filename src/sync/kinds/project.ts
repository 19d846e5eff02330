import { consolePageById, type KindSpec, type ListContext } from '../kind-spec.js';
import type { DoPage } from '../../digitalocean/client.js';
import { arr, bool, obj, requiredId, str, type Raw } from '../normalize-helpers.js';
import { applyMembership, projectKinds, publishProjectMap } from '../project-membership.js';
import { parseUrn, urnLabel } from '../project-urn.js';
import { Resource } from '../../../models/resource.js';

/**
 * The URNs of a project's resources, fetched while listing and attached to the project object as
 * `resource_urns`. The default project's list is not fetched: everything that no other project
 * lists is in the default project, and in a large account that list is by far the longest
 * (10 pages for 2,000 droplets), so skipping it saves the most calls.
 */
async function* listProjects(ctx: ListContext): AsyncIterable<DoPage<Raw>> {
  for await (const page of ctx.client.pages<Raw>('/v2/projects', 'projects')) {
    const items: Raw[] = [];
    for (const project of page.items) {
      if (bool(project.is_default) === true || typeof project.id !== 'string') {
        items.push({ ...project, resource_urns: null });
        continue;
      }
      const urns: string[] = [];
      const notFound: string[] = [];
      for await (const resources of ctx.client.pages<Raw>(`/v2/projects/${encodeURIComponent(project.id)}/resources`, 'resources')) {
        for (const r of resources.items) {
          const urn = str(obj(r).urn);
          // DO still lists a deleted resource for a while, with status `not_found`: it is in no project.
          if (urn) (str(obj(r).status) === 'not_found' ? notFound : urns).push(urn);
        }
      }
      items.push({ ...project, resource_urns: urns, not_found_urns: notFound });
    }
    yield { ...page, items };
  }
}

/** The `not_found` URNs the listed projects carry, as stored by this run. */
async function notFoundUrns(account: string, listed: ReadonlySet<string>): Promise<string[]> {
  const docs = await Resource.find({ provider: 'digitalocean', account, kind: 'project', providerId: { $in: [...listed] } }, { 'attrs.not_found_urns': 1, _id: 0 }).lean<{ attrs?: { not_found_urns?: string[] } }[]>();
  return docs.flatMap((d) => d.attrs?.not_found_urns ?? []).sort();
}

function countByLabel(urns: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const urn of urns) {
    const label = urnLabel(parseUrn(urn));
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

/**
 * Projects, and through their resource lists the `projectId` of every resource DO keeps in projects
 * (see src/sync/project-membership.ts for how that is applied, cheaply and in any sync order).
 */
export const project: KindSpec<'project'> = {
  kind: 'project',
  scopes: ['project:read'],
  urnTypes: [],
  projects: 'none',
  invoice: { patterns: [] },
  usuallyFree: () => 'projects are free',
  show: { fields: [] },
  console: { list: '/projects', page: consolePageById('/projects') },
  standin: { path: '/v2/projects', fixture: 'projects.json' },
  list: listProjects,
  normalize(raw) {
    const urns = raw.resource_urns === null ? null : [...new Set(arr(raw.resource_urns).filter((u): u is string => typeof u === 'string'))].sort();
    return {
      providerId: requiredId(raw.id, 'id'),
      name: str(raw.name) ?? '',
      status: 'active',
      attrs: {
        description: str(raw.description),
        purpose: str(raw.purpose),
        environment: str(raw.environment),
        is_default: bool(raw.is_default) ?? false,
        owner_uuid: str(raw.owner_uuid),
        created_at: str(raw.created_at),
        updated_at: str(raw.updated_at),
        // null for the default project: its members are whatever no other project lists.
        resource_urns: urns,
        resource_counts: urns ? countByLabel(urns) : null,
        // Listed by DO with status `not_found`: deleted resources the project still names.
        not_found_urns: [...new Set(arr(raw.not_found_urns).filter((u): u is string => typeof u === 'string'))].sort(),
      },
    };
  },
  async afterListing(ctx) {
    // Published before the resources are read: a kind storing resources meanwhile either sees this
    // map in its own step, or stored them before the read below.
    await publishProjectMap(ctx.account, ctx.runId, new Date());
    const { membership, outcome } = await applyMembership(ctx.account, projectKinds());
    ctx.note(
      `project ids: ${membership.byKey.size} resource(s) listed in named projects, ` +
        `${outcome.checked} live resource(s) checked, ${outcome.changed} changed` +
        (membership.defaultProjectId ? '' : '; no default project, so unlisted resources were left as they were'),
    );
    if (outcome.missing > 0) ctx.note(`${outcome.missing} project resource(s) are not in the inventory yet (their kind has not synced them)`);
    const notFound = await notFoundUrns(ctx.account, ctx.listed);
    if (notFound.length > 0) {
      ctx.note(`${notFound.length} project resource(s) DO reports as not_found (deleted, still named by their project): ${notFound.slice(0, 10).join(', ')}${notFound.length > 10 ? ', …' : ''}`);
    }
    const unresolved = Object.entries(membership.unresolved);
    if (unresolved.length > 0) {
      ctx.note(`project resources Arcadia does not inventory: ${unresolved.map(([label, n]) => `${label} ${n}`).join(', ')}`);
    }
  },
};
