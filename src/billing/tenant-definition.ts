import { z } from 'zod';

/** Tenant names end up in DO tags (`tenant:<name>`), so they follow DO's tag alphabet, lower case. */
export const TENANT_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/** A tenant as stored and printed by `arcadia tenant list --json`. */
export const tenantDefinition = z.object({
  name: z
    .string()
    .regex(
      TENANT_NAME,
      'must be lower-case letters, digits, "_", "." or "-" (at most 63), starting with a letter or digit',
    ),
  projects: z.array(z.string().trim().min(1, 'a project must not be empty')).default([]),
  tags: z.array(z.string().trim().min(1, 'a tag must not be empty')).default([]),
  markupPct: z.number().min(0, 'markup must be 0 or more').max(1000, 'markup must be at most 1000%').default(0),
});
export type TenantDefinition = z.infer<typeof tenantDefinition>;
