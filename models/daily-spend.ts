import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { DEFAULT_ACCOUNT } from '../src/digitalocean/accounts.js';

/**
 * One DO Billing Insights data point as stored: a team's estimated spend on one day for one SKU and
 * invoice item (description, region, group), with the tenant it is attributed to. DO revises its
 * estimates for a few days, so a point read again replaces the stored one (the unique index).
 */
const dailySpendSchema = new Schema(
  {
    account: { type: String, required: true, default: DEFAULT_ACCOUNT },
    /** `YYYY-MM-DD`, DO's `start_date`. */
    day: { type: String, required: true },
    sku: { type: String, required: true },
    description: { type: String, default: '' },
    region: { type: String, default: '' },
    groupDescription: { type: String, default: '' },
    /** The DO product, from the SKU's family or the invoice group (src/anomaly/sku-product.ts). */
    product: { type: String, default: '' },
    cents: { type: Number, required: true },
    /** The tenant, by tenant billing's rules; null: the account series (no tenant's resource explains it). */
    tenant: { type: String, default: null },
    /** The inventory resource the point was matched to (`kind:providerId`), or null. */
    resource: { type: String, default: null },
    readAt: { type: Date, required: true },
  },
  { collection: 'daily_spend', versionKey: false },
);
dailySpendSchema.index(
  { account: 1, day: 1, sku: 1, description: 1, region: 1, groupDescription: 1 },
  { unique: true, name: 'daily_spend_identity' },
);
// The detector reads a window of days for every series.
dailySpendSchema.index({ day: 1 });

export type DailySpendDoc = InferSchemaType<typeof dailySpendSchema>;
export const DailySpend = mongoose.model('DailySpend', dailySpendSchema);
