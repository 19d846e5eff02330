import { Tenant } from '../../models/tenant.js';

/** Defines tenants (no projects, tags or markup) as `arcadia tenant set NAME` would: provisioning refuses a tenant not defined. */
export async function defineTenants(...names: string[]): Promise<void> {
  const now = new Date();
  await Tenant.bulkWrite(
    names.map((name) => ({
      updateOne: { filter: { _id: name }, update: { $set: { updatedAt: now } }, upsert: true },
    })),
  );
}
