import { requeueInvoiceReplacement } from '../../../jobs/requeue-invoice-replacement.js';
import { actionHandler } from './action-handler.js';

/**
 * Replace on a refused re-upload (much smaller than the stored invoice, or not adding up): a finance
 * user confirmed that it replaces the stored invoice. The refused upload is queued again with
 * `replace` (once, however often it is pressed), the button's message says who chose it, and the
 * invoice worker answers in the upload's thread as for any upload.
 */
export const replaceInvoice = actionHandler({
  action: 'invoiceReplace',
  does: 'replace a stored invoice',
  async handle(click, deps, bolt) {
    await requeueInvoiceReplacement(deps.invoiceQueue, click.value, click.userId);
    deps.log.info({ refusedJobId: click.value, by: click.userId }, 'invoice replacement queued from Slack');
    await bolt.respond({
      replace_original: true,
      text: `<@${click.userId}> chose to replace the stored invoice; reconciling the new copy now.`,
    });
  },
});
