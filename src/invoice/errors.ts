import { ArcadiaError } from '../errors.js';

/**
 * An invoice file that cannot be trusted, refused before anything is stored. `line` is the
 * 1-based line of the file (CSV) or item number (JSON items); 0 when the whole file is at fault.
 */
export class InvoiceFormatError extends ArcadiaError {
  constructor(
    readonly line: number,
    readonly problem: string,
    filename?: string,
  ) {
    const where = line > 0 ? `line ${line}` : 'file';
    super('invoice_format', `${filename ? `${filename}: ` : ''}${where}: ${problem}`, { line, problem, filename });
  }
}

/** No invoice is stored for the period asked about. */
export class InvoiceNotFoundError extends ArcadiaError {
  constructor(readonly period: string) {
    super('invoice_not_found', `No invoice is stored for ${period}. Ingest one with \`arcadia invoice ingest FILE\` or \`arcadia invoice fetch ${period}\`.`, {
      period,
    });
  }
}

/** DO lists no invoice for the period asked for (it may not be issued yet: invoices appear on the 1st). */
export class DoInvoiceNotFoundError extends ArcadiaError {
  constructor(readonly period: string) {
    super('do_invoice_not_found', `DigitalOcean lists no invoice for ${period} (invoices are issued on the 1st of the following month).`, { period });
  }
}
