import { z } from 'zod';
import { parseCents } from './money.js';
import { PeriodCheck } from './period-check.js';
import { InvoiceFormatError } from './errors.js';
import type { ParsedLine } from './parsed-invoice.js';

/** The fields of a line, as text, under DO's JSON names; absent fields are `''`. */
export type RawLine = Record<(typeof RAW_FIELDS)[number], string>;
export const RAW_FIELDS = [
  'product',
  'group_description',
  'description',
  'amount',
  'hours',
  'start',
  'end',
  'project_name',
  'category',
  'resource_id',
  'resource_uuid',
] as const;

/** No single line of a team's invoice is ten million dollars: such a number is a broken export. */
export const MAX_LINE_CENTS = 1_000_000_000;
const MAX_CELL = 2000;

/**
 * A cell a spreadsheet would run as a formula (`=cmd|' /C calc'!A0`, `+`, `@`, `-` before a letter).
 * DO never writes one, so a file holding one is refused rather than passed on to finance.
 */
const FORMULA = /^(?:[=+@\t\r]|-[^\d\s.$])/;
// Control characters other than tab, newline and carriage return: never in a real export.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A check's refusal: the message a person reads. Checks return it rather than throw, so the fast path costs no exception. */
class Problem {
  constructor(readonly message: string) {}
}

// Each check is written once and used twice: by the zod schema below (the declared shape, and the
// message of a refused line) and by `fastLine`, which runs the same checks without zod's per-field
// machinery (the main CPU cost of an ingest, as a profile showed) and hands any doubt to the schema.

function textProblem(column: string, v: string): Problem | null {
  if (v.length > MAX_CELL) return new Problem(`column ${column} is longer than ${MAX_CELL} characters`);
  if (CONTROL.test(v)) return new Problem(`column ${column} holds control characters (binary data?)`);
  if (FORMULA.test(v))
    return new Problem(
      `column ${column} starts with a spreadsheet formula (${JSON.stringify(v.slice(0, 20))}); refusing the file`,
    );
  return null;
}

const DATE = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** The last date text read and its time: an invoice repeats the period's bounds on nearly every line. */
let lastDate = { text: '', time: 0 };

function parseDate(column: string, value: string): Date | null | Problem {
  if (value === '') return null;
  if (value === lastDate.text) return new Date(lastDate.time);
  const m = DATE.exec(value.trim());
  const zone = !m || m[3] === undefined || m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const date = m ? new Date(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`) : null;
  if (!date || Number.isNaN(date.getTime()))
    return new Problem(`column ${column}: ${JSON.stringify(value.slice(0, 40))} is not a date`);
  lastDate = { text: value, time: date.getTime() };
  return date;
}

function amountCents(v: string): number | Problem {
  const cents = parseCents(v);
  if (cents === null) return new Problem(`amount ${JSON.stringify(v.slice(0, 40))} is not a number`);
  if (Math.abs(cents) > MAX_LINE_CENTS)
    return new Problem(`amount ${v} is implausibly large (over $${MAX_LINE_CENTS / 100})`);
  return cents;
}

function hoursOf(v: string): number | null | Problem {
  if (v.trim() === '') return null;
  const n = Number(v.replace(/,/g, ''));
  if (!Number.isFinite(n) || n < 0) return new Problem(`hours ${JSON.stringify(v.slice(0, 40))} is not a number`);
  return n;
}

/** A zod transform from a check: the check's value, or its problem as the issue. */
function checked<T>(check: (v: string) => T | Problem) {
  return z.string().transform((v, ctx) => {
    const result = check(v);
    if (result instanceof Problem) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result;
  });
}

const text = (column: string) => checked((v) => textProblem(column, v) ?? v);
const date = (column: string) => checked((v) => parseDate(column, v));

const lineSchema = z.object({
  product: text('product').refine((v) => v.trim() !== '', 'column product is empty'),
  group_description: text('group_description'),
  description: text('description'),
  amount: checked(amountCents),
  hours: checked(hoursOf),
  start: date('start'),
  end: date('end'),
  project_name: text('project_name'),
  category: text('category'),
  resource_id: text('resource_id'),
  resource_uuid: text('resource_uuid'),
});
type CheckedLine = z.output<typeof lineSchema>;

const TEXT_FIELDS = [
  'product',
  'group_description',
  'description',
  'project_name',
  'category',
  'resource_id',
  'resource_uuid',
] as const;

/** The schema's checks without zod: the checked fields, or null when any check refuses (the schema then says why). */
function fastLine(raw: RawLine): CheckedLine | null {
  for (const f of TEXT_FIELDS) if (typeof raw[f] !== 'string' || textProblem(f, raw[f]) !== null) return null;
  if (raw.product.trim() === '') return null;
  if (
    typeof raw.amount !== 'string' ||
    typeof raw.hours !== 'string' ||
    typeof raw.start !== 'string' ||
    typeof raw.end !== 'string'
  )
    return null;
  const amount = amountCents(raw.amount);
  const hours = hoursOf(raw.hours);
  const start = parseDate('start', raw.start);
  const end = parseDate('end', raw.end);
  if (amount instanceof Problem || hours instanceof Problem || start instanceof Problem || end instanceof Problem)
    return null;
  return { ...raw, amount, hours, start, end };
}

/** One line, validated: throws InvoiceFormatError naming the line and the first problem. */
export function validateLine(raw: RawLine, line: number): ParsedLine {
  return finish(fastLine(raw) ?? schemaLine(raw, line), line);
}

/** The same line validated by the schema alone: what `validateLine`'s fast path must agree with (test/unit/validate-line.test.ts). */
export function validateLineWithSchema(raw: RawLine, line: number): ParsedLine {
  return finish(schemaLine(raw, line), line);
}

function schemaLine(raw: RawLine, line: number): CheckedLine {
  const parsed = lineSchema.safeParse(raw);
  if (!parsed.success) throw new InvoiceFormatError(line, parsed.error.issues[0]?.message ?? 'invalid line');
  return parsed.data;
}

function finish(v: CheckedLine, line: number): ParsedLine {
  if (v.start && v.end && v.end < v.start)
    throw new InvoiceFormatError(line, `end ${v.end.toISOString()} is before start ${v.start.toISOString()}`);
  return {
    line,
    product: v.product.trim(),
    groupDescription: v.group_description.trim(),
    description: v.description.trim(),
    amountCents: v.amount,
    hours: v.hours,
    start: v.start,
    end: v.end,
    projectName: v.project_name.trim(),
    category: v.category.trim(),
    resourceId: v.resource_id.trim(),
    resourceUuid: v.resource_uuid.trim(),
  };
}

/** The period of lines all in memory: see PeriodCheck. */
export function resolvePeriod(lines: ParsedLine[], given: string | undefined): string {
  const check = new PeriodCheck(given);
  check.accept(lines);
  return check.finish();
}

export function emptyRawLine(): RawLine {
  // A literal rather than built from RAW_FIELDS: one per line read, and the type keeps the two in step.
  return {
    product: '',
    group_description: '',
    description: '',
    amount: '',
    hours: '',
    start: '',
    end: '',
    project_name: '',
    category: '',
    resource_id: '',
    resource_uuid: '',
  };
}
