import { DEFAULT_ACCOUNT } from '../digitalocean/accounts.js';
import { ArcadiaError, ErrorCode } from '../errors.js';

/** A bad line of an invoice file and what is wrong with it. */
export interface LineProblem {
  line: number;
  problem: string;
}

/** Bad lines an InvoiceFormatError lists one by one; the rest are counted. */
export const LISTED_LINE_PROBLEMS = 20;

/**
 * An invoice file that cannot be trusted, refused before anything is stored. `line` is the
 * 1-based line of the file (CSV) or item number (JSON items); 0 when the whole file is at fault.
 * When several lines are bad, `line` and `problem` are the first, `more` the next ones (up to
 * LISTED_LINE_PROBLEMS in all) and `unlisted` how many more there are beyond those.
 */
export class InvoiceFormatError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  readonly more: readonly LineProblem[];
  readonly unlisted: number;
  constructor(
    readonly line: number,
    readonly problem: string,
    readonly filename?: string,
    others: { more?: readonly LineProblem[]; unlisted?: number } = {},
  ) {
    const more = others.more ?? [];
    const unlisted = others.unlisted ?? 0;
    const where = (l: number) => (l > 0 ? `line ${l}` : 'file');
    const listed = [{ line, problem }, ...more].map((p) => `${where(p.line)}: ${p.problem}`);
    const count = listed.length + unlisted;
    super(
      ErrorCode.InvoiceFormat,
      `${filename ? `${filename}: ` : ''}${
        count === 1 ? listed[0] : `${count} bad lines: ${listed.join('; ')}${unlisted ? `; and ${unlisted} more` : ''}`
      }`,
      { line, problem, filename, ...(count > 1 ? { badLines: count } : {}) },
    );
    this.more = more;
    this.unlisted = unlisted;
  }

  /** Every bad line listed, the first one first. */
  get problems(): LineProblem[] {
    return [{ line: this.line, problem: this.problem }, ...this.more];
  }

  /** The same refusal naming the file. */
  inFile(filename: string | undefined): InvoiceFormatError {
    return new InvoiceFormatError(this.line, this.problem, filename, { more: this.more, unlisted: this.unlisted });
  }

  /** The refusal of a file whose lines `problems` are bad, in file order; none when empty. */
  static ofLines(problems: readonly LineProblem[], unlisted = 0): InvoiceFormatError | null {
    const [first, ...more] = problems;
    return first ? new InvoiceFormatError(first.line, first.problem, undefined, { more, unlisted }) : null;
  }

  override get sentence(): string {
    return `${this.message}. Nothing was stored; fix the file and send it again.`;
  }
}

/** No invoice is stored for the period asked about. */
export class InvoiceNotFoundError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(readonly period: string) {
    super(
      ErrorCode.InvoiceNotFound,
      `No invoice is stored for ${period}. Ingest one with \`arcadia invoice ingest FILE\` or \`arcadia invoice fetch ${period}\`.`,
      {
        period,
      },
    );
  }

  override get sentence(): string {
    return this.message;
  }
}

/** DO lists no invoice for the period asked for (it may not be issued yet: invoices appear on the 1st). */
export class DoInvoiceNotFoundError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(readonly period: string) {
    super(
      ErrorCode.DoInvoiceNotFound,
      `DigitalOcean lists no invoice for ${period} (invoices are issued on the 1st of the following month).`,
      { period },
    );
  }

  override get sentence(): string {
    return this.message;
  }
}

/**
 * A re-upload of a stored invoice that looks wrong (much smaller, or its lines do not add up to its
 * total) would replace good lines with bad ones: refused, the stored lines kept, until a person says
 * `--replace` (CLI) or presses Replace (Slack).
 */
export class InvoiceReplaceRefusedError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(
    readonly period: string,
    readonly invoice: string,
    readonly problems: string[],
  ) {
    super(
      ErrorCode.InvoiceReplaceRefused,
      `${InvoiceReplaceRefusedError.what(period, invoice, problems)}. The stored lines were kept; if this copy is the right one, ingest it again with --replace`,
      { period, invoice, problems },
    );
  }

  private static what(period: string, invoice: string, problems: string[]): string {
    return `Invoice ${invoice} for ${period} is already stored and this copy would replace it, but ${problems.join('; and ')}`;
  }

  /** For Slack, where the Replace button stands in for --replace. */
  override get sentence(): string {
    return `${InvoiceReplaceRefusedError.what(this.period, this.invoice, this.problems)}. The stored lines were kept; if this copy is the right one, press Replace.`;
  }
}

/** A file naming no DO invoice, for a period that holds several: which one it replaces cannot be told. */
export class InvoiceAmbiguousError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(
    readonly period: string,
    readonly invoices: string[],
  ) {
    super(
      ErrorCode.InvoiceAmbiguous,
      `${invoices.length} invoices are stored for ${period} (${invoices.join(', ')}) and this file names none of them; upload it under the name DigitalOcean gave it (the name carries the invoice number), or pull it with \`arcadia invoice fetch ${period}\``,
      { period, invoices },
    );
  }

  override get sentence(): string {
    return `${this.message}. Nothing was stored.`;
  }
}

/** Replace was pressed on a refused upload that is no longer kept (refused uploads are kept 30 days), or was never refused. */
export class InvoiceReplacementGoneError extends ArcadiaError {
  override readonly permanent = true;
  constructor(readonly jobId: string) {
    super(
      ErrorCode.InvoiceReplacementGone,
      'That upload is no longer kept by Arcadia (or was never refused); upload the file again',
      { jobId },
    );
  }

  override get sentence(): string {
    return `${this.message}.`;
  }
}

/**
 * Another ingest of the same period's invoices held them too long to wait for (`waited`), or took
 * them over while this one was paused past its lease (`overtaken`). Nothing of this copy was stored;
 * another attempt, once the other is done, is judged against what it stored.
 */
export class InvoiceBusyError extends ArcadiaError {
  constructor(
    readonly period: string,
    readonly account: string,
    readonly reason: 'waited' | 'overtaken',
    /** How long it waited. */
    waitedMs = 0,
  ) {
    const whose = account === DEFAULT_ACCOUNT ? '' : ` of ${account}`;
    const waited =
      waitedMs >= 60_000 ? `${Math.round(waitedMs / 60_000)} minutes` : `${(waitedMs / 1000).toFixed(1)} s`;
    super(
      ErrorCode.InvoiceBusy,
      reason === 'waited'
        ? `Another ingest of the ${period} invoice${whose} was still running after ${waited} of waiting for it; nothing was stored: send this copy again once that one has finished`
        : `Another ingest of the ${period} invoice${whose} took it over while this one was held up; nothing was stored: send this copy again`,
      { period, account, reason },
    );
  }

  override get sentence(): string {
    return `${this.message}.`;
  }
}
