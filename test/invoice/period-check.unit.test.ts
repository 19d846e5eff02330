import { describe, expect, it } from 'vitest';
import type { ParsedLine } from '../../src/invoice/parsed-invoice.js';
import { InvoiceFormatError, LISTED_LINE_PROBLEMS } from '../../src/invoice/errors.js';
import { PeriodCheck } from '../../src/invoice/period-check.js';
import { parsedLine } from '../helpers/invoice-items.js';
import { refusal } from '../helpers/invoice-refusal.js';

let n = 0;
function line(start: string | null, end: string | null): ParsedLine {
  n += 1;
  return parsedLine({
    line: n,
    description: `web-${n}`,
    start: start ? new Date(start) : null,
    end: end ? new Date(end) : null,
  });
}
const undated = () => line(null, null);
const june = () => line('2025-06-01T00:00:00Z', '2025-07-01T00:00:00Z');

describe('PeriodCheck', () => {
  it('takes the month of the first dated line when no period is given', () => {
    const check = new PeriodCheck(undefined);
    expect(check.period).toBeNull();
    check.accept([june()]);
    expect(check.period).toBe('2025-06');
    expect(check.finish()).toBe('2025-06');
  });

  it('holds undated lines until the period is known, then hands them on first, in file order', () => {
    const check = new PeriodCheck(undefined);
    const tax = undated();
    const credit = undated();
    expect(check.accept([tax])).toEqual([]);
    expect(check.accept([credit])).toEqual([]);
    const dated = june();
    expect(check.accept([dated]).map((l) => l.line)).toEqual([tax.line, credit.line, dated.line]);
    // Once known, lines pass straight through.
    const later = undated();
    expect(check.accept([later])).toEqual([later]);
  });

  it('accepts a full-month line ending at 00:00 on the 1st of the next month, and lines within the month', () => {
    const check = new PeriodCheck('2025-06');
    const lines = [june(), line('2025-06-12T06:00:00Z', '2025-06-30T23:59:59Z'), line('2025-06-30T23:00:00Z', null)];
    expect(check.accept(lines)).toEqual(lines);
  });

  it.each([
    ['starting in the month before', '2025-05-31T23:59:59Z', '2025-06-10T00:00:00Z'],
    ['starting on the 1st of the next month', '2025-07-01T00:00:00Z', '2025-07-02T00:00:00Z'],
    ['ending after the month', '2025-06-01T00:00:00Z', '2025-07-01T00:00:01Z'],
    ['ending at the very start of the month', null, '2025-06-01T00:00:00Z'],
  ])('refuses a line %s, naming its line and the period', (_what, start, end) => {
    const check = new PeriodCheck('2025-06');
    const bad = line(start, end);
    check.accept([june(), bad]);
    const err = refusal(() => check.finish());
    expect(err.line).toBe(bad.line);
    expect(err.problem).toMatch(/fall outside the invoice period 2025-06$/);
  });

  it('checks the held undated lines and the later lines against the period the first dated line set', () => {
    const check = new PeriodCheck(undefined);
    check.accept([undated(), june()]);
    const july = line('2025-07-02T00:00:00Z', '2025-07-03T00:00:00Z');
    expect(check.accept([july])).toEqual([]);
    expect(refusal(() => check.finish()).line).toBe(july.line);
  });

  it('refuses every line outside the period together, naming the first ones and counting the rest', () => {
    const check = new PeriodCheck('2025-06');
    const may = () => line('2025-05-01T00:00:00Z', '2025-06-01T00:00:00Z');
    const first = [may(), june(), may()];
    // A batch holding a bad line is not passed on, nor is anything after it.
    expect(check.accept(first)).toEqual([]);
    const rest = Array.from({ length: LISTED_LINE_PROBLEMS + 3 }, may);
    expect(check.accept([june(), ...rest])).toEqual([]);
    const err = refusal(() => check.finish());
    const bad = [first[0]!, first[2]!, ...rest];
    expect(err.problems.map((p) => p.line)).toEqual(bad.slice(0, LISTED_LINE_PROBLEMS).map((l) => l.line));
    expect(err.unlisted).toBe(bad.length - LISTED_LINE_PROBLEMS);
    expect(err.message).toMatch(
      new RegExp(`^${bad.length} bad lines: line ${bad[0]!.line}: dates .* 2025-06; line ${bad[1]!.line}: `),
    );
    expect(err.message).toMatch(/; and 5 more$/);
  });

  it("merges the parser's bad lines with those outside the period, in file order", () => {
    const check = new PeriodCheck('2025-06');
    const ok = june();
    const outside = line('2025-07-02T00:00:00Z', '2025-07-03T00:00:00Z');
    check.accept([ok, outside]);
    const parserErr = InvoiceFormatError.ofLines([
      { line: ok.line, problem: 'amount "x" is not a number' },
      { line: outside.line + 1, problem: 'column product is empty' },
    ])!.inFile('june.csv');
    const err = check.merged(parserErr) as InvoiceFormatError;
    expect(err.filename).toBe('june.csv');
    expect(err.problems.map((p) => p.line)).toEqual([ok.line, outside.line, outside.line + 1]);
    expect(err.problems[1]!.problem).toMatch(/outside the invoice period 2025-06$/);
    // Anything else passes through as it was.
    const other = new Error('disk full');
    expect(check.merged(other)).toBe(other);
  });

  it('refuses a given period that is not YYYY-MM', () => {
    for (const bad of ['2025-6', '2025-13', 'June 2025', ''])
      expect(refusal(() => new PeriodCheck(bad)).problem).toBe(`period "${bad}" is not YYYY-MM`);
  });

  it('refuses to finish when no line carries a date and no period was given', () => {
    const check = new PeriodCheck(undefined);
    check.accept([undated(), undated()]);
    expect(refusal(() => check.finish()).problem).toMatch(/^no line carries a date, so the period is unknown/);
    // With a period given, undated lines are fine.
    const given = new PeriodCheck('2025-06');
    expect(given.accept([undated()])).toHaveLength(1);
    expect(given.finish()).toBe('2025-06');
  });
});
