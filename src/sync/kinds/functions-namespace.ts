import { type KindSpec } from '../kind-spec.js';
import { requiredId, str } from '../normalize-helpers.js';

/**
 * Functions namespaces. DO's object carries the namespace's access `key`: the normalizer copies named
 * fields only, so it never reaches MongoDB or Slack. The namespace id (`fn-…`) is what DO's other
 * Functions endpoints take; the `uuid` is kept to match invoice lines by.
 */
export const functionsNamespace: KindSpec<'functions_namespace'> = {
  kind: 'functions_namespace',
  endpoints: [{ path: '/v2/functions/namespaces', key: 'namespaces', scope: 'function:read' }],
  urnTypes: [],
  projects: 'none',
  // Unpriced: Functions bill by usage.
  monthlyCost: () => null,
  aliases: ['functions', 'namespace'],
  invoice: { patterns: [{ priority: 160, product: /\bfunctions\b|\bserverless\b/i }] },
  usuallyFree: () => 'Functions are billed by use, past a free monthly allowance',
  show: { fields: [['api_host', 'host']] },
  // A namespace's page is named by its `fn-…` namespace id, not the uuid Arcadia keys it by.
  console: {
    list: '/functions',
    page: (r) => (typeof r.attrs.namespace === 'string' ? `/functions/${encodeURIComponent(r.attrs.namespace)}` : null),
  },
  standin: { fixture: 'functions_namespaces.json' },
  normalize(raw) {
    return {
      providerId: requiredId(raw.uuid ?? raw.namespace, 'uuid'),
      name: str(raw.label) ?? '',
      region: str(raw.region),
      status: 'active',
      attrs: {
        namespace: str(raw.namespace),
        api_host: str(raw.api_host),
        created_at: str(raw.created_at),
        updated_at: str(raw.updated_at),
      },
    };
  },
};
