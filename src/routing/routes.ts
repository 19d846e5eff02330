import { z } from 'zod';

/**
 * ARCADIA_ROUTES: JSON rules sending findings to channels by project (name or id), tag or tenant,
 * e.g. `[{"project":"my-web-api","channel":"C0WEB"},{"tenant":"acme","channel":"C0ACME"},{"tag":"env:prod","channel":"C0PROD"}]`.
 * The first rule that matches wins; a finding no rule matches goes to ARCADIA_ALERTS_CHANNEL.
 */
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD');
const route = z
  .object({
    project: z.string().min(1).optional(),
    tag: z.string().min(1).optional(),
    tenant: z.string().min(1).optional(),
    channel: channelId,
  })
  .strict()
  .refine(
    (r) => [r.project, r.tag, r.tenant].filter(Boolean).length === 1,
    'each rule names exactly one of project, tag or tenant',
  );

export type Route = z.infer<typeof route>;

export const routesSchema = z
  .string()
  .optional()
  .transform((text, ctx): Route[] => {
    if (!text) return [];
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a JSON array of rules, e.g. [{"project":"web","channel":"C0123ABCD"}]',
      });
      return z.NEVER;
    }
    const parsed = z.array(route).safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', message: `rule ${issue.path.join('.')}: ${issue.message}` });
      return z.NEVER;
    }
    return parsed.data;
  });

/** What routing reads about a finding. */
export interface Routable {
  projectId: string | null;
  projectName: string | null;
  tags: readonly string[];
  tenant: string | null;
}

/** The channel of the first matching rule, or null (the caller's fallback: the alerts channel). */
export function routeFor(item: Routable, routes: readonly Route[]): string | null {
  for (const r of routes) {
    if (r.project !== undefined && (r.project === item.projectName || r.project === item.projectId)) return r.channel;
    if (r.tag !== undefined && item.tags.includes(r.tag)) return r.channel;
    if (r.tenant !== undefined && r.tenant === item.tenant) return r.channel;
  }
  return null;
}

/** Items grouped by channel, in the order given: one message per channel. Unrouted items go to `fallback`, or are dropped without one. */
export function groupByChannel<T extends Routable>(
  items: readonly T[],
  routes: readonly Route[],
  fallback: string | undefined,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const channel = routeFor(item, routes) ?? fallback;
    if (!channel) continue;
    (groups.get(channel) ?? groups.set(channel, []).get(channel)!).push(item);
  }
  return groups;
}
