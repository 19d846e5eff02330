import type { ResourceKind } from '../../models/resource.js';

/** Billed things Arcadia has no inventory for (yet): lines of these kinds can only be explained, not matched. */
export const UNLISTED_LINE_KINDS = ['app', 'container_registry', 'bandwidth', 'functions', 'monitoring', 'uptime', 'vpc', 'support', 'gen_ai'] as const;
export type LineKind = ResourceKind | (typeof UNLISTED_LINE_KINDS)[number];

export interface DerivedKind {
  /** null for tax lines and for products no rule knows. */
  kind: LineKind | null;
  tax: boolean;
  /** Charged to the account, not to one resource (a subscription, an overage): nothing to match. */
  accountLevel: boolean;
}

interface KindRule {
  /** Tested against the product; `description` rules against the description as well. */
  product: RegExp;
  description?: RegExp;
  kind: LineKind | null;
  tax?: boolean;
  accountLevel?: boolean;
}

/**
 * First match wins, so specific phrases come before the generic products they contain:
 * "Droplet Snapshots" and "Droplet Backups" would otherwise read as droplets, "Volume Snapshots" as volumes.
 */
const RULES: readonly KindRule[] = [
  { product: /\btax(es)?\b|\b(gst|vat|hst)\b/i, kind: null, tax: true },
  { product: /^$/, description: /\b(gst|vat|hst|pst|qst|sales tax|tax)\b/i, kind: null, tax: true },
  { product: /\b(droplet|volume|block storage)\s+snapshots?\b|^snapshots?$/i, kind: 'snapshot' },
  { product: /\bdroplet\s+backups?\b|^backups?$/i, kind: 'droplet_backup' },
  { product: /\bdroplets?\b/i, kind: 'droplet' },
  { product: /\bvolumes?\b|\bblock storage\b/i, kind: 'volume' },
  { product: /\bload balancers?\b/i, kind: 'load_balancer' },
  { product: /\b(floating|reserved) ips?(v6)?\b/i, kind: 'floating_ip' },
  { product: /.*/, description: /^unused\s+(floating|reserved)\s+ip(v6)?\s+-\s+/i, kind: 'floating_ip' },
  { product: /\bspaces\s+(subscription|overage|transfer|bandwidth)/i, kind: 'spaces_bucket', accountLevel: true },
  { product: /\bspaces\b/i, kind: 'spaces_bucket' },
  { product: /\b(database clusters?|managed databases?|databases?)\b/i, kind: 'managed_db' },
  { product: /\bkubernetes\b|\bdoks\b/i, kind: 'kubernetes_cluster' },
  { product: /\bapp platform\b|^apps?$/i, kind: 'app' },
  { product: /\bcontainer registry\b/i, kind: 'container_registry', accountLevel: true },
  { product: /\b(bandwidth|overages?|data transfer|outbound transfer)\b/i, kind: 'bandwidth', accountLevel: true },
  { product: /\bfunctions\b/i, kind: 'functions' },
  { product: /\bmonitoring\b/i, kind: 'monitoring', accountLevel: true },
  { product: /\buptime\b/i, kind: 'uptime', accountLevel: true },
  { product: /\bvpc\b|\bnat gateway\b/i, kind: 'vpc' },
  { product: /\bsupport\b/i, kind: 'support', accountLevel: true },
  { product: /\b(genai|gen ai|gradient|ai agents?)\b/i, kind: 'gen_ai' },
];

/** The kind of an invoice line, from DO's product name and, where the product is not enough, its description. */
export function deriveKind(product: string, description = ''): DerivedKind {
  const p = product.trim();
  const d = description.trim();
  for (const rule of RULES) {
    if (!rule.product.test(p)) continue;
    if (rule.description && !rule.description.test(d)) continue;
    return { kind: rule.kind, tax: rule.tax ?? false, accountLevel: rule.accountLevel ?? false };
  }
  return { kind: null, tax: false, accountLevel: false };
}
