import type { DoClient } from '../digitalocean/client.js';
import { fetchInvoiceFromDo, ingestInvoiceFile, invoiceReport, type InvoiceReport } from '../invoice/index.js';

/** The invoice capabilities the Slack side uses; an interface so tests can hold a slow one back. */
export interface InvoicePort {
  ingestUpload(bytes: Buffer, filename: string): Promise<InvoiceReport>;
  report(period: string): Promise<InvoiceReport | null>;
  /** Pulls the period's invoice from DO's billing API; throws when no DO token is configured. */
  fetchFromDo(period: string): Promise<InvoiceReport>;
}

export function invoicePort(doClient: DoClient | undefined): InvoicePort {
  return {
    ingestUpload: (bytes, filename) => ingestInvoiceFile({ bytes, filename, source: 'upload' }),
    report: (period) => invoiceReport(period),
    fetchFromDo(period) {
      if (!doClient) throw new Error('DIGITALOCEAN_TOKEN is not set, so the invoice cannot be pulled from DigitalOcean');
      return fetchInvoiceFromDo(doClient, period);
    },
  };
}
