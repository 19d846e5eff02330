import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * A tenant: a customer or internal team sharing the DO account. Its resources are the ones
 * tagged `tenant:<name>`, carrying one of its tags, or in one of its projects (in that order).
 * `_id` is the name, so `arcadia tenant set` replaces a tenant in one primary-key write.
 */
const tenantSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** DO project names or ids, as given. */
    projects: { type: [String], default: [] },
    tags: { type: [String], default: [] },
    /** Percent added on top of the tenant's direct and shared cost; 0 when none. */
    markupPct: { type: Number, default: 0 },
    /** The name a statement is addressed to (a company's legal name); the tenant's name when absent. */
    legalName: { type: String },
    /** Postal address lines, for the statement. */
    address: { type: [String], default: undefined },
    /** Tax id (VAT, GST, ABN, EIN …) as it should be printed on the statement. */
    taxId: { type: String },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'tenants', versionKey: false },
);

export type TenantDoc = InferSchemaType<typeof tenantSchema>;
export const Tenant = mongoose.model('Tenant', tenantSchema);
