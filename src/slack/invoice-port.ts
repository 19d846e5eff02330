import type { AccountClients } from '../digitalocean/account-clients.js';
import { Invoice } from '../../models/invoice.js';
import { MissingDoTokenError } from '../errors.js';
import { DoInvoiceNotFoundError } from '../invoice/errors.js';
import {
  fetchInvoiceFromDo,
  invoiceReport,
  monthToDateReport,
  type InvoiceReport,
  type MonthToDateReport,
} from '../invoice/index.js';

/** The invoice capabilities the Slack side uses; an interface so tests can hold a slow one back. */
export interface InvoicePort {
  /** A period's stored invoices, every DO team's. */
  report(period: string): Promise<InvoiceReport | null>;
  /**
   * The period's report with every team's invoice: pulls from DO's billing API those not stored yet
   * (a team DO lists none for is left out), then reports them all. Throws when no team has one, and
   * when no DO token is configured.
   */
  fetchFromDo(period: string): Promise<InvoiceReport>;
  /** Each team's invoice preview reconciled (month to date, not stored); throws when no DO token is configured. */
  monthToDate(): Promise<MonthToDateReport[]>;
}

export function invoicePort(accounts: AccountClients | undefined): InvoicePort {
  return {
    report: (period) => invoiceReport(period),
    async fetchFromDo(period) {
      if (!accounts) throw new MissingDoTokenError('pulling the invoice from DigitalOcean');
      let notFound: DoInvoiceNotFoundError | undefined;
      for (const account of accounts.names) {
        if (await Invoice.exists({ account, period })) continue;
        try {
          await fetchInvoiceFromDo(accounts.client(account), period, { account });
        } catch (err) {
          // A team that was billed nothing that month (or is new) must not keep the others' out.
          if (!(err instanceof DoInvoiceNotFoundError)) throw err;
          notFound = err;
        }
      }
      const report = await invoiceReport(period);
      if (!report) throw notFound ?? new DoInvoiceNotFoundError(period);
      return report;
    },
    async monthToDate() {
      if (!accounts) throw new MissingDoTokenError('the daily drift check');
      const reports: MonthToDateReport[] = [];
      for (const account of accounts.names)
        reports.push(await monthToDateReport(accounts.client(account), new Date(), account));
      return reports;
    },
  };
}
