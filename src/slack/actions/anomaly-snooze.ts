import { ANOMALY_SNOOZE_DAYS } from '../../anomaly/anomaly-store.js';
import { actionHandler } from './action-handler.js';
import { ANOMALY_DOES, anomalyHandler } from './anomaly-action.js';

/** Snooze 7 days: the series' anomalies are recorded but left out of the digest for a week. */
export const anomalySnooze = actionHandler({
  action: 'anomalySnooze',
  does: ANOMALY_DOES,
  handle: anomalyHandler(() => ({ decision: 'snoozed', days: ANOMALY_SNOOZE_DAYS })),
});
