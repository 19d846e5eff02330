import type { DoClient } from '../digitalocean/client.js';
import { MissingDoTokenError } from '../errors.js';
import { fetchInvoiceFromDo, invoiceReport, monthToDateReport, type InvoiceReport, type MonthToDateReport } from '../invoice/index.js';

/** The invoice capabilities the Slack side uses; an interface so tests can hold a slow one back. */
export interface InvoicePort {
  report(period: string): Promise<InvoiceReport | null>;
  /** Pulls the period's invoice from DO's billing API; throws when no DO token is configured. */
  fetchFromDo(period: string): Promise<InvoiceReport>;
  /** DO's invoice preview reconciled (month to date, not stored); throws when no DO token is configured. */
  monthToDate(): Promise<MonthToDateReport>;
}

export function invoicePort(doClient: DoClient | undefined): InvoicePort {
  return {
    report: (period) => invoiceReport(period),
    fetchFromDo(period) {
      if (!doClient) throw new MissingDoTokenError('pulling the invoice from DigitalOcean');
      return fetchInvoiceFromDo(doClient, period);
    },
    monthToDate() {
      if (!doClient) throw new MissingDoTokenError('the daily drift check');
      return monthToDateReport(doClient);
    },
  };
}
