import { errorMessage } from '../../errors.js';
import { isPeriod } from '../../invoice/period.js';
import { monthlyReportView } from '../blocks/monthly-report-view.js';
import { actionHandler } from './action-handler.js';

/**
 * **Full report** on the monthly summary: the month's breakdown (by product, by project, unmatched
 * by reason) in a modal, for finance users. The registry acks first; the stored report is read and
 * the modal opened with the click's trigger_id, which Slack honours for 3 seconds.
 */
export const monthlyFullReport = actionHandler({
  action: 'monthlyFullReport',
  does: 'see the full invoice report',
  async handle(click, deps, bolt) {
    const period = click.value;
    if (!isPeriod(period)) return;
    const tell = (text: string) => bolt.respond({ response_type: 'ephemeral', replace_original: false, text });
    try {
      const report = await deps.invoices.report(period);
      if (!report)
        return void (await tell(
          `No invoice for ${period} is stored any more. Upload it here, or run \`arcadia invoice fetch ${period}\`.`,
        ));
      await bolt.client.views.open({ trigger_id: bolt.body.trigger_id, view: monthlyReportView(report) });
      deps.log.info({ period, user: click.userId }, 'monthly full report opened');
    } catch (err) {
      deps.log.error({ period, err: errorMessage(err) }, 'monthly full report failed');
      await tell(
        `Sorry, the full report did not open. The details are in Arcadia's log; try again, or run \`/cloud invoice ${period}\`.`,
      );
    }
  },
});
