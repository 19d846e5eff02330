/** Small, defensive readers for DO's JSON: DO objects can lack fields, carry nulls or change type. */

export type Raw = Record<string, unknown>;

export function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function requiredId(value: unknown, field: string): string {
  const id = str(value);
  if (id === null || id === '') throw new Error(`missing or invalid ${field}`);
  return id;
}

export function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function obj(value: unknown): Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {};
}

/** The strings of a list that should hold only strings (region slugs, features), anything else dropped. */
export function stringList(value: unknown): string[] {
  return arr(value).filter((v): v is string => typeof v === 'string');
}

/** DO tags: strings only, bounded so a pathological tag list cannot bloat a document. */
export function tags(value: unknown, max = 100, maxLength = 255): string[] {
  return stringList(value)
    .slice(0, max)
    .map((t) => t.slice(0, maxLength));
}

export function idList(value: unknown): string[] {
  return arr(value)
    .map(str)
    .filter((v): v is string => v !== null);
}

/** A region given as an object (`{slug}`) or as a slug string. */
export function regionSlug(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return str(obj(value).slug);
}

export function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/**
 * The fields most DO objects share, as most kinds store them: id, name, region slug, status, tags.
 * A kind spreads this and overrides what it reads differently (a volume's status, a cluster's state).
 */
export function listedIdentity(raw: Raw): {
  providerId: string;
  name: string;
  region: string | null;
  status: string | null;
  tags: string[];
} {
  return {
    providerId: requiredId(raw.id, 'id'),
    name: str(raw.name) ?? '',
    region: regionSlug(raw.region),
    status: str(raw.status),
    tags: tags(raw.tags),
  };
}
