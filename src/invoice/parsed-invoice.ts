/** One invoice line as read from a file or DO's API, before matching. Amounts in integer cents. */
export interface ParsedLine {
  /** 1-based line of the CSV file, or item number of the JSON items. */
  line: number;
  product: string;
  groupDescription: string;
  description: string;
  amountCents: number;
  /** Hours (CSV) or DO's `duration`; null when blank (tax lines). */
  hours: number | null;
  start: Date | null;
  end: Date | null;
  projectName: string;
  category: string;
  resourceId: string;
  resourceUuid: string;
}

export interface ParsedInvoice {
  format: 'csv' | 'json';
  period: string;
  lines: ParsedLine[];
  /** A total the file states itself (a "Total" row, or `amount` next to JSON items): checked, not added. */
  statedTotalCents: number | null;
  /** DO's invoice uuid and number, when the file carries them. */
  invoiceUuid: string | null;
  invoiceNumber: string | null;
}

/**
 * An invoice read a batch of lines at a time, so an ingest holds a batch rather than the file's
 * lines: each batch validated, in file order; a malformed line anywhere throws (InvoiceFormatError)
 * from the iteration, after the batches before it were handed out.
 */
export interface InvoiceLineStream {
  format: 'csv' | 'json';
  /** The period the caller gave or the file states; when absent, the month of the first dated line. */
  period: string | undefined;
  batches: AsyncIterable<ParsedLine[]> | Iterable<ParsedLine[]>;
  /** A total the file states itself; known once the batches are done (a CSV's total row may come last). */
  statedTotalCents(): number | null;
  invoiceUuid: string | null;
  invoiceNumber: string | null;
}
