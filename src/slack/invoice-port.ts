import type { DoClient } from '../digitalocean/client.js';
import { MissingDoTokenError } from '../errors.js';
import { fetchInvoiceFromDo, invoiceReport, type InvoiceReport } from '../invoice/index.js';

/** The invoice capabilities the Slack side uses; an interface so tests can hold a slow one back. */
export interface InvoicePort {
  report(period: string): Promise<InvoiceReport | null>;
  /** Pulls the period's invoice from DO's billing API; throws when no DO token is configured. */
  fetchFromDo(period: string): Promise<InvoiceReport>;
}

export function invoicePort(doClient: DoClient | undefined): InvoicePort {
  return {
    report: (period) => invoiceReport(period),
    fetchFromDo(period) {
      if (!doClient) throw new MissingDoTokenError('pulling the invoice from DigitalOcean');
      return fetchInvoiceFromDo(doClient, period);
    },
  };
}
