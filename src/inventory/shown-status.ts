import { findKindSpec } from '../sync/kinds/index.js';

/**
 * The state a stored resource shows (`/cloud find`, `arcadia resources`): its kind's own reading at
 * `now` when it has one (a certificate past its expiry is `expired`), else DO's stored status.
 */
export function shownStatus(
  resource: { kind: string; status?: string | null; attrs?: unknown },
  now: Date,
): string | null {
  const status = resource.status ?? null;
  const attrs = (resource.attrs ?? {}) as Record<string, unknown>;
  return findKindSpec(resource.kind)?.show.state?.({ status, attrs }, now) ?? status;
}
