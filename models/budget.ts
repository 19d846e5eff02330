import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { actorFields } from './audit.js';

/**
 * One alert sent for a budget: the threshold the forecast crossed, what the forecast and the date it
 * passes that threshold were then (the re-alert rule compares against them), and where it went.
 */
const sentAlertSchema = new Schema(
  {
    /** `YYYY-MM`: alerts are once per threshold per month. */
    period: { type: String, required: true },
    thresholdPct: { type: Number, required: true },
    forecastCents: { type: Number, required: true },
    /** When the spend passes the threshold at that day's rate; null when it had already passed it. */
    crossingAt: { type: Date, default: null },
    sentAt: { type: Date, required: true },
    channel: { type: String, required: true },
  },
  { _id: false },
);

/** Someone's Acknowledge on one alert (the threshold of a month), kept for good beside who set the budget. */
const acknowledgementSchema = new Schema(
  {
    period: { type: String, required: true },
    thresholdPct: { type: Number, required: true },
    ...actorFields,
  },
  { _id: false },
);

/**
 * A monthly budget. `_id` is `<scope>:<name>` (`tenant:acme`, `budgetId`), so `arcadia budget set` replaces a
 * budget in one primary-key write and a scope has at most one.
 */
const budgetSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** `tenant`, `project` or `account` (BUDGET_SCOPES in src/budget/budget-terms.ts). */
    scope: { type: String, required: true },
    name: { type: String, required: true },
    /** The monthly amount, in integer cents. */
    amountCents: { type: Number, required: true },
    /** Percentages of the amount at which the forecast is alerted, ascending. */
    thresholdsPct: { type: [Number], required: true },
    /** The channel alerts go to; without one, the routing rules (ARCADIA_ROUTES) decide. */
    channel: { type: String, default: null },
    /** Who set it (a Slack member id, or `cli`), when and from where. */
    set: { type: new Schema(actorFields, { _id: false }), required: true },
    /** Alerts already sent, oldest first; only the current month's matter. */
    alerts: { type: [sentAlertSchema], default: [] },
    /** Who acknowledged which alert and when, oldest first. */
    acknowledgements: { type: [acknowledgementSchema], default: [] },
  },
  { collection: 'budgets', versionKey: false },
);

export type BudgetDoc = InferSchemaType<typeof budgetSchema>;
export const Budget = mongoose.model('Budget', budgetSchema);
