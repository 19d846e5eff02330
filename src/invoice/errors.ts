import { ArcadiaError, ErrorCode } from '../errors.js';

/**
 * An invoice file that cannot be trusted, refused before anything is stored. `line` is the
 * 1-based line of the file (CSV) or item number (JSON items); 0 when the whole file is at fault.
 */
export class InvoiceFormatError extends ArcadiaError {
  override readonly permanent = true;
  constructor(
    readonly line: number,
    readonly problem: string,
    readonly filename?: string,
  ) {
    const where = line > 0 ? `line ${line}` : 'file';
    super(ErrorCode.InvoiceFormat, `${filename ? `${filename}: ` : ''}${where}: ${problem}`, { line, problem, filename });
  }

  override get sentence(): string {
    return `${this.message}. Nothing was stored; fix the file and send it again.`;
  }
}

/** No invoice is stored for the period asked about. */
export class InvoiceNotFoundError extends ArcadiaError {
  override readonly permanent = true;
  constructor(readonly period: string) {
    super(ErrorCode.InvoiceNotFound, `No invoice is stored for ${period}. Ingest one with \`arcadia invoice ingest FILE\` or \`arcadia invoice fetch ${period}\`.`, {
      period,
    });
  }

  override get sentence(): string {
    return this.message;
  }
}

/** DO lists no invoice for the period asked for (it may not be issued yet: invoices appear on the 1st). */
export class DoInvoiceNotFoundError extends ArcadiaError {
  override readonly permanent = true;
  constructor(readonly period: string) {
    super(ErrorCode.DoInvoiceNotFound, `DigitalOcean lists no invoice for ${period} (invoices are issued on the 1st of the following month).`, { period });
  }

  override get sentence(): string {
    return this.message;
  }
}
