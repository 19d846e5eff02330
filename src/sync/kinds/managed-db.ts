import { consolePageById, type KindSpec } from '../kind-spec.js';
import { arr, listedIdentity, num, obj, str, tags } from '../normalize-helpers.js';

/**
 * Managed database clusters. DO's object carries live credentials (`connection`, `private_connection`,
 * `users[].password`): the normalizer copies named fields only, so no credential, and no field DO
 * adds later, can reach MongoDB or Slack.
 */
export const managedDb: KindSpec<'managed_db'> = {
  kind: 'managed_db',
  endpoints: [{ path: '/v2/databases', key: 'databases', scope: 'database:read' }],
  urnTypes: ['dbaas'],
  projects: 'default',
  // Unpriced: database sizes are not in the price list.
  monthlyCost: () => null,
  aliases: ['database', 'dbaas', 'db'],
  invoice: {
    patterns: [{ priority: 110, product: /\b(database clusters?|managed databases?|databases?)\b/i }],
    nameFromGroup: true,
  },
  usuallyFree: () => null,
  show: {
    fields: [
      ['engine', 'engine'],
      ['version', 'version'],
    ],
  },
  console: { list: '/databases', page: consolePageById('/databases') },
  standin: { fixture: 'databases.json' },
  // One call: `/v2/databases` has no paging (no `links`, no `meta`).
  normalize(raw) {
    const maintenance = obj(raw.maintenance_window);
    return {
      ...listedIdentity(raw),
      attrs: {
        engine: str(raw.engine),
        version: str(raw.version),
        num_nodes: num(raw.num_nodes),
        size: str(raw.size),
        storage_size_mib: num(raw.storage_size_mib),
        db_names: tags(raw.db_names),
        // User names only, never their passwords.
        users: arr(raw.users)
          .map((u) => str(obj(u).name))
          .filter((n): n is string => n !== null),
        private_network_uuid: str(raw.private_network_uuid),
        maintenance_window:
          maintenance.day === undefined ? null : { day: str(maintenance.day), hour: str(maintenance.hour) },
        project_id: str(raw.project_id),
        created_at: str(raw.created_at),
      },
    };
  },
  // DO names the project on the object itself: used when the project listing lacks the resource.
  projectIdOnObject: true,
};
