import { type KindSpec } from '../kind-spec.js';
import { requiredId, str, stringList } from '../normalize-helpers.js';

/** TLS certificates (custom or Let's Encrypt) for load balancers and CDN endpoints. Free; kept so an expiring one can be seen. */
export const certificate: KindSpec<'certificate'> = {
  kind: 'certificate',
  endpoints: [{ path: '/v2/certificates', key: 'certificates', scope: 'certificate:read' }],
  urnTypes: [],
  projects: 'none',
  monthlyCost: () => null,
  aliases: ['cert'],
  invoice: { patterns: [] },
  usuallyFree: () => 'certificates are free',
  show: {
    fields: [
      ['not_after', 'expires'],
      ['type', 'type'],
    ],
    // DO keeps `state: verified` on a certificate whose `not_after` has passed: it is expired.
    state: ({ attrs }, now) => {
      const notAfter = typeof attrs.not_after === 'string' ? Date.parse(attrs.not_after) : NaN;
      return Number.isFinite(notAfter) && notAfter <= now.getTime() ? 'expired' : null;
    },
  },
  // DO lists certificates in the Certificates section of the team's Settings > Security page; none has a page of its own.
  console: { list: '/account/security' },
  standin: { fixture: 'certificates.json' },
  normalize(raw) {
    return {
      providerId: requiredId(raw.id, 'id'),
      name: str(raw.name) ?? '',
      status: str(raw.state),
      attrs: {
        type: str(raw.type),
        not_after: str(raw.not_after),
        dns_names: stringList(raw.dns_names),
        sha1_fingerprint: str(raw.sha1_fingerprint),
        created_at: str(raw.created_at),
      },
    };
  },
};
