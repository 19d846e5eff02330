import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import { errorMessage } from '../../errors.js';
import type { AccessPolicy } from '../access.js';
import { MONTHLY_FULL_REPORT } from '../blocks/monthly-summary.js';
import { monthlyReportView } from '../blocks/monthly-report-view.js';
import type { InvoicePort } from '../invoice-port.js';

/** What the Full report button needs. */
export interface MonthlyFullReportDeps {
  access: AccessPolicy;
  invoices: InvoicePort;
  log: Logger;
}

export type MonthlyFullReportArgs = SlackActionMiddlewareArgs<BlockAction> & Pick<AllMiddlewareArgs, 'client'>;

/**
 * **Full report** on the monthly summary: the month's breakdown (by product, by project, unmatched
 * by reason) in a modal, for finance users. Acks at once; the stored report is read and the modal
 * opened with the click's trigger_id, which Slack honours for 3 seconds. Register with
 * `app.action(monthlyFullReport.actionId, monthlyFullReport.listener(deps))`.
 */
export const monthlyFullReport = {
  actionId: MONTHLY_FULL_REPORT,
  listener:
    (deps: MonthlyFullReportDeps) =>
    async ({ ack, body, client, respond }: MonthlyFullReportArgs): Promise<void> => {
      await ack();
      const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      const refusal = deps.access.mayRun('finance', body.user.id, 'Full report');
      if (refusal) return void (await tell(refusal));
      const action = body.actions[0];
      const period = action && 'value' in action ? action.value : undefined;
      if (!period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return;
      try {
        const report = await deps.invoices.report(period);
        if (!report) return void (await tell(`No invoice for ${period} is stored any more. Upload it here, or run \`arcadia invoice fetch ${period}\`.`));
        await client.views.open({ trigger_id: body.trigger_id, view: monthlyReportView(report) });
        deps.log.info({ period, user: body.user.id }, 'monthly full report opened');
      } catch (err) {
        deps.log.error({ period, err: errorMessage(err) }, 'monthly full report failed');
        await tell("Sorry, the full report did not open. The details are in Arcadia's log; try again, or run `/cloud invoice " + period + '`.');
      }
    },
};
