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
  /** Who a statement is addressed to (a company's legal name); the tenant's name when absent. */
  legalName: z.string().trim().min(1, 'the legal name must not be empty').max(200).optional(),
  /** Postal address lines for the statement. */
  address: z
    .array(z.string().trim().min(1, 'an address line must not be empty').max(200))
    .max(6, 'an address has at most 6 lines')
    .optional(),
  /** Tax id as printed on the statement. */
  taxId: z.string().trim().min(1, 'the tax id must not be empty').max(64).optional(),
});
export type TenantDefinition = z.infer<typeof tenantDefinition>;
