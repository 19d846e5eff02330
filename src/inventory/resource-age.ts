/**
 * How old a resource is, as far as Arcadia can tell: from DO's own `created_at` (in `attrs`, where
 * the kind's normalizer keeps it) when it has one, else only since Arcadia first saw it, which says
 * nothing of its real age and is labelled so ("First seen 2m ago", never "Age 2m").
 */
export interface ResourceAge {
  at: Date;
  basis: 'created' | 'first_seen';
}

export function resourceAge(resource: { attrs?: unknown; firstSeenAt: Date }): ResourceAge {
  const created = (resource.attrs as Record<string, unknown> | null | undefined)?.created_at;
  const at = typeof created === 'string' ? new Date(created) : null;
  return at && Number.isFinite(at.getTime())
    ? { at, basis: 'created' }
    : { at: resource.firstSeenAt, basis: 'first_seen' };
}
