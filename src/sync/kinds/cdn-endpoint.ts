import { type KindSpec } from '../kind-spec.js';
import { num, requiredId, str } from '../normalize-helpers.js';

/** Spaces CDN endpoints. The endpoint itself costs nothing: what it serves is billed as Spaces transfer. */
export const cdnEndpoint: KindSpec<'cdn_endpoint'> = {
  kind: 'cdn_endpoint',
  endpoints: [{ path: '/v2/cdn/endpoints', key: 'endpoints', scope: 'cdn:read' }],
  urnTypes: [],
  projects: 'none',
  // Unpriced: CDN bandwidth is billed by usage.
  monthlyCost: () => null,
  aliases: ['cdn'],
  // A CDN line bills transfer for the account, not an endpoint.
  invoice: { patterns: [{ priority: 95, product: /\bcdn\b/i, accountLevel: true }] },
  usuallyFree: () => 'CDN endpoints are free; what they serve is billed as Spaces transfer',
  show: {
    fields: [
      ['endpoint', 'endpoint'],
      ['origin', 'origin'],
      ['custom_domain', 'domain'],
    ],
    searchable: ['endpoint', 'origin', 'custom_domain'],
  },
  // DO has no page per endpoint: a bucket's CDN is set on that bucket's Settings tab (DO's "How to
  // Enable the Spaces CDN"), so the link opens the origin bucket's page (the Spaces kind's), else Spaces.
  console: {
    list: '/spaces',
    page(r) {
      const bucket = /^([a-z0-9][a-z0-9-]*)\.[a-z0-9-]+\.digitaloceanspaces\.com$/i.exec(
        str(r.attrs.origin) ?? '',
      )?.[1];
      return bucket ? `/spaces/${encodeURIComponent(bucket)}` : null;
    },
  },
  standin: { fixture: 'cdn_endpoints.json' },
  normalize(raw) {
    const endpoint = str(raw.endpoint);
    const customDomain = str(raw.custom_domain) || null;
    return {
      providerId: requiredId(raw.id, 'id'),
      // No name of its own: the host it is reached at.
      name: customDomain ?? endpoint ?? '',
      status: 'active',
      attrs: {
        origin: str(raw.origin),
        endpoint,
        custom_domain: customDomain,
        certificate_id: str(raw.certificate_id) || null,
        ttl: num(raw.ttl),
        created_at: str(raw.created_at),
      },
    };
  },
};
