export { createSlackApp, SLACK_EVENTS_PATH, type SlackApp } from './app.js';
export {
  createSlackReceiver,
  createSlackService,
  createSlackWorkerSide,
  type SlackReceiver,
  type SlackService,
  type SlackServiceOptions,
  type SlackWorkerSide,
} from './service.js';
export { SlackOutbox } from '../outbox/producer.js';
export type { OutboxMessage } from '../outbox/message.js';
export { createOutboxWorker } from './outbox/worker.js';
export { postMonthlySummary } from './monthly-summary.js';
export { syncAlertHooks } from './sync-alerts.js';
export * from './blocks/index.js';
