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
