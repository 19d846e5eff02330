import { findKindSpec } from '../sync/kinds/index.js';

/**
 * Links into DigitalOcean's control panel, for "Open in DigitalOcean" buttons and links. Where each
 * kind lives there is part of its spec (`console` in src/sync/kinds/<kind>.ts); this adds the origin.
 *
 * The panel shows whichever DO team the person last switched to. DO documents team switching only
 * through the panel's menu, not as a URL parameter, so links carry no team: one to another team's
 * resource asks the person to switch teams first.
 */
const CONSOLE_ORIGIN = 'https://cloud.digitalocean.com';

interface ConsoleLinkable {
  kind: string;
  providerId: string;
  name?: string | null;
  attrs?: unknown;
}

/** The resource's page in the control panel, else its kind's list page; the panel's home for a kind no spec declares. */
export function consoleUrl(resource: ConsoleLinkable): string {
  const spec = findKindSpec(resource.kind);
  if (!spec) return CONSOLE_ORIGIN;
  const attrs = (resource.attrs && typeof resource.attrs === 'object' ? resource.attrs : {}) as Record<string, unknown>;
  const page = spec.console.page?.({ providerId: resource.providerId, name: resource.name ?? null, attrs });
  return `${CONSOLE_ORIGIN}${page ?? spec.console.list}`;
}

/** A kind's list page in the control panel. */
export function consoleListUrl(kind: string): string {
  return `${CONSOLE_ORIGIN}${findKindSpec(kind)?.console.list ?? ''}`;
}
