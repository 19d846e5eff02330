import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { requeueInvoiceReplacement } from '../../../jobs/requeue-invoice-replacement.js';
import type { JobPayloads } from '../../../jobs/queues.js';
import { explainError } from '../../errors.js';
import type { AccessPolicy } from '../access.js';

/** The Replace button on a refused invoice re-upload (src/slack/blocks/upload.ts). */
export const REPLACE_INVOICE_ACTION_ID = 'invoice_replace_confirm';
/** Who may press it: the people who may upload invoices. */
export const REPLACE_INVOICE_PERMISSION = 'finance';

export interface ReplaceInvoiceDeps {
  access: AccessPolicy;
  invoiceQueue: Queue<JobPayloads['invoiceIngest']>;
  log: Logger;
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * `app.action(REPLACE_INVOICE_ACTION_ID, replaceInvoiceAction(deps))`: a finance user confirmed that
 * the refused upload replaces the stored invoice. Acks at once; the refused upload is queued again
 * with `replace`, and the invoice worker answers in the upload's thread as for any upload.
 */
export function replaceInvoiceAction(deps: ReplaceInvoiceDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    if (!deps.access.isFinance(user)) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Only finance users (ARCADIA_FINANCE_USERS) may replace a stored invoice.' });
      return;
    }
    try {
      await requeueInvoiceReplacement(deps.invoiceQueue, action.value ?? '', user);
      await respond({ replace_original: true, text: `<@${user}> chose to replace the stored invoice; reconciling the new copy now.` });
    } catch (err) {
      const { sentence } = explainError(err, deps.log, 'the replacement could not be queued', { jobId: action.value });
      await respond({ response_type: 'ephemeral', replace_original: false, text: sentence });
    }
  };
}
