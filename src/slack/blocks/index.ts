export { fallbackText, type Block, type CsvAttachment, type FallbackText, type SlackMessage } from './message.js';
export { helpMessage, noticeMessage, type CommandHelp } from './help.js';
export { inventoryMessage, type KindInventory } from './inventory.js';
export { findMessage, type FoundResource } from './find.js';
export { staleMessage, type StaleResource } from './stale.js';
export { syncQueuedMessage, syncResultsMessage, type KindRunResult } from './sync.js';
export { staleAlertMessage, suspiciousSyncAlertMessage, syncFailedAlertMessage } from './alerts.js';
export { invoiceSummaryMessage, type InvoiceSummaryInput } from './invoice-summary.js';
export {
  uploadFailedMessage,
  uploadInvalidMessage,
  uploadReceivedMessage,
  uploadRefusedMessage,
  uploadReplaceRefusedMessage,
} from './upload.js';
export { renderForTerminal } from './terminal.js';
export { LIMITS } from './limits.js';
export {
  CLI_USER,
  approvalDecidedMessage,
  approvalRequestMessage,
  deprovisionConfirmMessage,
  deprovisionDecidedMessage,
  leftoversMessage,
  provisionRequestedMessage,
  sagaFinishedMessage,
  sagaJobFailedMessage,
  stepProgressMessage,
  type SagaStepView,
  type SagaView,
} from './provision.js';
