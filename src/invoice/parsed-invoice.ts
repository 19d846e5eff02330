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
