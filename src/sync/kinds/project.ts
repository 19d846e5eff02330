import { consolePageById, type Endpoint, type KindSpec, type ListContext } from '../kind-spec.js';
import type { DoPage } from '../../digitalocean/client.js';
import { arr, bool, obj, requiredId, str, type Raw } from '../normalize-helpers.js';

/**
 * The URNs of a project's resources, fetched while listing and attached to the project object as
 * `resource_urns`. The default project's list is not fetched: everything that no other project
 * lists is in the default project, and in a large account that list is by far the longest
 * (10 pages for 2,000 droplets), so skipping it saves the most calls.
 */
async function* listProjects(
  ctx: ListContext,
  [projects, resourcesOf]: readonly Endpoint[],
): AsyncIterable<DoPage<Raw>> {
  for await (const page of ctx.client.pages<Raw>(projects!.path, projects!.key)) {
    const items: Raw[] = [];
    for (const project of page.items) {
      if (bool(project.is_default) === true || typeof project.id !== 'string') {
        items.push({ ...project, resource_urns: null });
        continue;
      }
      const urns: string[] = [];
      const notFound: string[] = [];
      for await (const resources of ctx.client.pages<Raw>(
        resourcesOf!.path.replace('{id}', encodeURIComponent(project.id)),
        resourcesOf!.key,
      )) {
        for (const r of resources.items) {
          const urn = str(obj(r).urn);
          // DO still lists a deleted resource for a while, with status `not_found`: it is in no project.
          if (urn) (str(obj(r).status) === 'not_found' ? notFound : urns).push(urn);
        }
      }
      // Counted here, where the engine's URN labels are at hand: the normalizer stays pure.
      items.push({
        ...project,
        resource_urns: urns,
        resource_counts: countByLabel([...new Set(urns)].sort(), ctx.urnLabel),
        not_found_urns: notFound,
      });
    }
    yield { ...page, items };
  }
}

function countByLabel(urns: readonly string[], label: (urn: string) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const urn of urns) counts[label(urn)] = (counts[label(urn)] ?? 0) + 1;
  return counts;
}

/** The counts the listing attached, as numbers by label. */
function counts(value: unknown): Record<string, number> {
  return Object.fromEntries(Object.entries(obj(value)).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

/**
 * Projects, and through their resource lists the `projectId` of every resource DO keeps in projects
 * (the engine's project phase, src/sync/project-membership.ts, applies it cheaply and in any sync order).
 */
export const project: KindSpec<'project'> = {
  kind: 'project',
  endpoints: [
    { path: '/v2/projects', key: 'projects', scope: 'project:read' },
    { path: '/v2/projects/{id}/resources', key: 'resources', scope: 'project:read' },
  ],
  urnTypes: [],
  projects: 'none',
  monthlyCost: () => 0,
  aliases: [],
  invoice: { patterns: [] },
  usuallyFree: () => 'projects are free',
  show: { fields: [] },
  console: { list: '/projects', page: consolePageById('/projects') },
  standin: { fixture: 'projects.json' },
  list: listProjects,
  normalize(raw) {
    const urns =
      raw.resource_urns === null
        ? null
        : [...new Set(arr(raw.resource_urns).filter((u): u is string => typeof u === 'string'))].sort();
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
        resource_counts: urns ? counts(raw.resource_counts) : null,
        // Listed by DO with status `not_found`: deleted resources the project still names.
        not_found_urns: [...new Set(arr(raw.not_found_urns).filter((u): u is string => typeof u === 'string'))].sort(),
      },
    };
  },
  publishesProjectMap: true,
};
