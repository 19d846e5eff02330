import { InvoiceFormatError, LISTED_LINE_PROBLEMS, type LineProblem } from './errors.js';
import type { ParsedLine } from './parsed-invoice.js';
import { isPeriod, periodBounds, periodOf } from './period.js';

/**
 * The invoice's period, checked line by line as the lines stream in: the period given, or the month
 * of the first dated line. Every line must lie within it (a line ending at 00:00 on the 1st of the
 * next month is the usual full-month line). Lines before the first dated one wait until the period
 * is known, so they are checked (and passed on) in file order. A line outside the period is noted,
 * not thrown at once: every such line is refused together by `finish` (the first
 * LISTED_LINE_PROBLEMS named, the rest counted), and once one is seen no more lines are passed on.
 */
export class PeriodCheck {
  private current: { period: string; start: number; end: number } | null = null;
  private waiting: ParsedLine[] = [];
  private readonly bad: LineProblem[] = [];
  private unlisted = 0;

  constructor(given: string | undefined) {
    if (given === undefined) return;
    if (!isPeriod(given)) throw new InvoiceFormatError(0, `period "${given}" is not YYYY-MM`);
    this.current = bounds(given);
  }

  /** The period, once known. */
  get period(): string | null {
    return this.current?.period ?? null;
  }

  /** Takes lines in file order; returns those now known to lie within the period, in order (none until it is known). */
  accept(lines: ParsedLine[]): ParsedLine[] {
    if (!this.current) {
      const first = lines.find((l) => l.start);
      if (!first) {
        for (const l of lines) this.waiting.push(l);
        return [];
      }
      const period = periodOf(first.start!);
      this.current = bounds(period);
      lines = this.waiting.length ? [...this.waiting, ...lines] : lines;
      this.waiting = [];
    }
    const { start, end, period } = this.current;
    for (const l of lines) {
      const from = l.start?.getTime();
      const to = l.end?.getTime();
      if ((from !== undefined && (from < start || from >= end)) || (to !== undefined && (to <= start || to > end))) {
        const problem = `dates ${l.start?.toISOString() ?? '?'} – ${l.end?.toISOString() ?? '?'} fall outside the invoice period ${period}`;
        if (this.bad.length < LISTED_LINE_PROBLEMS) this.bad.push({ line: l.line, problem });
        else this.unlisted += 1;
      }
    }
    // The file will be refused: nothing more of it is passed on.
    return this.bad.length ? [] : lines;
  }

  /**
   * The refusal of the stream's own bad lines (`err`, from the parser) together with the lines
   * outside the period, in file order, capped as the parser caps them; `err` itself when it is not
   * about lines or none were outside the period.
   */
  merged(err: unknown): unknown {
    if (!(err instanceof InvoiceFormatError) || err.line <= 0 || this.bad.length === 0) return err;
    const all = [...err.problems, ...this.bad].sort((a, b) => a.line - b.line);
    const listed = all.slice(0, LISTED_LINE_PROBLEMS);
    const refused = InvoiceFormatError.ofLines(listed, all.length - listed.length + err.unlisted + this.unlisted);
    return refused!.inFile(err.filename);
  }

  /** The period once every line is in; refuses a file with lines outside it, or whose period nothing tells. */
  finish(): string {
    const refused = InvoiceFormatError.ofLines(this.bad, this.unlisted);
    if (refused) throw refused;
    if (!this.current)
      throw new InvoiceFormatError(
        0,
        'no line carries a date, so the period is unknown; give the period (YYYY-MM) explicitly',
      );
    return this.current.period;
  }
}

function bounds(period: string): { period: string; start: number; end: number } {
  const { start, end } = periodBounds(period);
  return { period, start: start.getTime(), end: end.getTime() };
}
