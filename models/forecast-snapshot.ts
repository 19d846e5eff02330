import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const partSchema = new Schema(
  {
    key: { type: String, required: true },
    label: { type: String, required: true },
    kind: { type: String, default: null },
    monthToDateCents: { type: Number, required: true },
    restCents: { type: Number, required: true },
    dailyRateCents: { type: Number, required: true },
  },
  { _id: false },
);

/**
 * One scope's forecast of a month as it stood on one day (src/forecast/forecast-snapshots.ts): the
 * daily job writes every scope's, and a forecast shown in a message rewrites that day's, so the
 * day's last forecast is the one kept. When the month's invoice arrives, `actualCents` and the
 * error are filled in (src/forecast/forecast-accuracy.ts). Integer cents.
 */
const forecastSnapshotSchema = new Schema(
  {
    /** `period:day:scopeKey`: one per scope per day, each write a primary-key upsert. */
    _id: { type: String, required: true },
    /** YYYY-MM: the month forecast. */
    period: { type: String, required: true },
    /** YYYY-MM-DD (UTC): the day it was made. */
    day: { type: String, required: true },
    /** `account:<name>`, `tenant:<name>` or `project:<id>`. */
    scopeKey: { type: String, required: true },
    scope: {
      kind: { type: String, required: true, enum: ['account', 'tenant', 'project'] },
      /** The team's name, the tenant's, or the project's id. */
      id: { type: String, required: true },
    },
    label: { type: String, required: true },
    asOf: { type: Date, required: true },
    monthToDateCents: { type: Number, required: true },
    restCents: { type: Number, required: true },
    totalCents: { type: Number, required: true },
    dailyRateCents: { type: Number, required: true },
    parts: { type: [partSchema], default: [] },
    /** What wrote it last: the daily job, or a forecast shown to someone. */
    via: { type: String, required: true, enum: ['daily', 'message'] },
    /** The scope's share of the month's invoice, once it is stored; null before. */
    actualCents: { type: Number, default: null },
    /** totalCents − actualCents. */
    errorCents: { type: Number, default: null },
    /** |error| / actual × 100, one decimal; null when the actual is 0. */
    absErrorPct: { type: Number, default: null },
  },
  { collection: 'forecast_snapshots', versionKey: false, minimize: false },
);

// A scope's days of a month (growth since yesterday, a budget's trend), and a month's accuracy.
forecastSnapshotSchema.index({ period: 1, scopeKey: 1, day: 1 });

export type ForecastSnapshotDoc = InferSchemaType<typeof forecastSnapshotSchema>;
export const ForecastSnapshot = mongoose.model('ForecastSnapshot', forecastSnapshotSchema);
