import { actionHandler } from './action-handler.js';
import { ANOMALY_DOES, anomalyHandler } from './anomaly-action.js';

/** Expected: the jump was meant (a planned resize); counted by `arcadia anomalies --stats` to judge the thresholds. */
export const anomalyExpected = actionHandler({
  action: 'anomalyExpected',
  does: ANOMALY_DOES,
  handle: anomalyHandler(() => ({ decision: 'expected' })),
});
