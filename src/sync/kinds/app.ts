import { consolePageById, type KindSpec } from '../kind-spec.js';
import { arr, num, obj, regionSlug, requiredId, str, type Raw } from '../normalize-helpers.js';

/** The component lists of an app spec, each with the type Arcadia reports it as. */
const COMPONENT_LISTS = [
  ['services', 'service'],
  ['static_sites', 'static_site'],
  ['workers', 'worker'],
  ['jobs', 'job'],
  ['functions', 'function'],
] as const;

function components(spec: Raw): Raw[] {
  return COMPONENT_LISTS.flatMap(([list, type]) =>
    arr(spec[list])
      .map(obj)
      .map((c) => ({
        type,
        name: str(c.name),
        instance_size_slug: str(c.instance_size_slug),
        instance_count: num(c.instance_count),
      })),
  );
}

/**
 * App Platform apps. The name lives in the app's `spec`; its region is an object (`region.slug`).
 * The status is the phase of the active deployment (ACTIVE, or none before the first deploy).
 * Invoice lines name the app in their group description and the component in their description.
 */
export const app: KindSpec<'app'> = {
  kind: 'app',
  endpoints: [{ path: '/v2/apps', key: 'apps', scope: 'app:read' }],
  urnTypes: ['app'],
  projects: 'default',
  // Unpriced: App Platform bills by component tiers Arcadia does not keep.
  monthlyCost: () => null,
  aliases: ['apps', 'app_platform'],
  invoice: { patterns: [{ priority: 130, product: /\bapp platform\b|^apps?$/i }], nameFromGroup: true },
  // DO hosts up to three static-site apps free.
  usuallyFree: (r) => (r.attrs.static_only === true ? 'static-site apps are free (up to 3 an account)' : null),
  show: {
    fields: [
      ['live_url', 'url'],
      ['tier_slug', 'tier'],
    ],
    searchable: ['live_url'],
  },
  console: { list: '/apps', page: consolePageById('/apps') },
  standin: { fixture: 'apps.json' },
  normalize(raw) {
    const spec = obj(raw.spec);
    const deployment = obj(raw.active_deployment);
    const parts = components(spec);
    return {
      providerId: requiredId(raw.id, 'id'),
      name: str(spec.name) ?? '',
      region: regionSlug(raw.region) ?? str(spec.region),
      status: str(deployment.phase)?.toLowerCase() ?? 'undeployed',
      attrs: {
        live_url: str(raw.live_url),
        default_ingress: str(raw.default_ingress),
        tier_slug: str(raw.tier_slug),
        components: parts,
        static_only: parts.length > 0 && parts.every((c) => c.type === 'static_site'),
        active_deployment_id: str(deployment.id),
        last_deployment_active_at: str(raw.last_deployment_active_at),
        created_at: str(raw.created_at),
        updated_at: str(raw.updated_at),
      },
    };
  },
};
