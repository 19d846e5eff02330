/**
 * How an invoice line's description names the resource it bills, across the formats DO's exports
 * have used over the years. Which *kind* a line is comes from its product, and lives on each kind's
 * spec (`invoice.patterns`, src/sync/kinds/); which *resource* it is comes from its description,
 * and lives here, in one table next to deriveKind: the same description layouts are shared by
 * many products (a volume, a snapshot and an old droplet line all read `name (region) size`), and
 * products Arcadia does not inventory use them too, so one row per layout says it once.
 *
 * Rows are tried in order, the first that matches wins; `kinds` narrows a row to the products it
 * was seen on, so a layout one product uses cannot misread another's text.
 */
export interface DescriptionPattern {
  /** Where the layout comes from, so a reader can tell a seen format from an inferred one. */
  seen: string;
  /** Line kinds the row applies to; absent for every kind. */
  kinds?: readonly string[];
  /** Named groups: `name` (required), `region` and `size` when the layout carries them. */
  pattern: RegExp;
}

const REGION = '(?<region>[a-z]{3}\\d)';
const SIZE = '(?<size>\\d+(?:\\.\\d+)?\\s?(?:[KMGT]i?B))';

export const DESCRIPTION_PATTERNS: readonly DescriptionPattern[] = [
  {
    // Older Spaces per-bucket lines: `Spaces: my-bucket (nyc3)`, `Space my-bucket`.
    seen: 'older exports: Spaces bucket lines before the subscription',
    kinds: ['spaces_bucket'],
    pattern: new RegExp(`^spaces?:?\\s+(?<name>[a-z0-9][a-z0-9-]{1,61}[a-z0-9])(?:\\s+\\(${REGION}\\))?$`, 'i'),
  },
  {
    // Exports of 2017–2020: `volume-sfo2-01 (sfo2) 100GB`, `web-01 (nyc3) 1GB`, `db-backup-1 (ams3) 2.5GB`.
    seen: 'older exports (a 2019 CSV): name, region in parentheses, then the size',
    pattern: new RegExp(`^(?<name>.+?)\\s+\\(${REGION}\\)\\s+${SIZE}$`, 'i'),
  },
  {
    // Older load balancer, Spaces and database lines: `lb-web (nyc3)`, `my-bucket (sfo2)`.
    seen: 'older exports: name and region only',
    pattern: new RegExp(`^(?<name>.+?)\\s+\\(${REGION}\\)$`, 'i'),
  },
  {
    // Current exports: `assets-data (100 GiB)`, `example.com-1595954862243 (2.34 GiB)`.
    seen: "current exports and DO's API examples: name, then the size in parentheses",
    pattern: new RegExp(`^(?<name>.+?)\\s+\\(${SIZE}\\)$`, 'i'),
  },
  {
    // Current droplet and backup lines: `example.com (s-1vcpu-1gb)`; billing insights: `web (c-2-4GiB)`.
    seen: "current exports and DO's billing insights: name, then the size slug in parentheses",
    pattern: /^(?<name>.+?)\s+\((?<size>[a-z0-9]+(?:-[a-z0-9.]+)+)\)$/i,
  },
  {
    // App Platform components: `web - Basic (1 vCPU / 512 MiB)`: the app is the group, the component here.
    seen: 'App Platform lines: component, tier and size',
    kinds: ['app'],
    pattern: /^(?<name>[^\s]+)\s+-\s+.+$/,
  },
  {
    // Anything else: the text without one trailing detail in parentheses (`name (detail)`), or all of it.
    seen: 'fallback',
    pattern: /^(?<name>.+?)(?:\s+\([^()]*\))?$/,
  },
];

export interface DescribedResource {
  name: string;
  region: string | null;
  size: string | null;
}

/** The resource a description names, by the first row of the table that fits. */
export function describedResource(kind: string | null, description: string): DescribedResource {
  const text = description.trim();
  for (const row of DESCRIPTION_PATTERNS) {
    if (row.kinds && (kind === null || !row.kinds.includes(kind))) continue;
    const m = row.pattern.exec(text);
    if (!m?.groups?.name) continue;
    return { name: m.groups.name.trim(), region: m.groups.region?.toLowerCase() ?? null, size: m.groups.size ?? null };
  }
  return { name: text, region: null, size: null };
}
