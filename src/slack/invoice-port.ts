import type { AccountClients } from '../digitalocean/account-clients.js';
import { MissingDoTokenError } from '../errors.js';
import { fetchInvoiceFromDo, invoiceReport, monthToDateReport, type InvoiceReport, type MonthToDateReport } from '../invoice/index.js';

/** The invoice capabilities the Slack side uses; an interface so tests can hold a slow one back. */
export interface InvoicePort {
  /** A period's stored invoices, every DO team's. */
  report(period: string): Promise<InvoiceReport | null>;
  /** Pulls the period's invoices from DO's billing API (every team's), then reports them; throws when no DO token is configured. */
  fetchFromDo(period: string): Promise<InvoiceReport>;
  /** Each team's invoice preview reconciled (month to date, not stored); throws when no DO token is configured. */
  monthToDate(): Promise<MonthToDateReport[]>;
}

export function invoicePort(accounts: AccountClients | undefined): InvoicePort {
  return {
    report: (period) => invoiceReport(period),
    async fetchFromDo(period) {
      if (!accounts) throw new MissingDoTokenError('pulling the invoice from DigitalOcean');
      for (const account of accounts.names) await fetchInvoiceFromDo(accounts.client(account), period, { account });
      return (await invoiceReport(period))!;
    },
    async monthToDate() {
      if (!accounts) throw new MissingDoTokenError('the daily drift check');
      const reports: MonthToDateReport[] = [];
      for (const account of accounts.names) reports.push(await monthToDateReport(accounts.client(account), new Date(), account));
      return reports;
    },
  };
}
