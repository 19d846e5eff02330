import { z } from 'zod';
import { parseCents } from './money.js';
import { isPeriod, periodBounds, periodOf } from './period.js';
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

const text = (column: string) =>
  z
    .string()
    .max(MAX_CELL, `column ${column} is longer than ${MAX_CELL} characters`)
    .refine((v) => !CONTROL.test(v), `column ${column} holds control characters (binary data?)`)
    .superRefine((v, ctx) => {
      if (FORMULA.test(v)) ctx.addIssue({ code: 'custom', message: `column ${column} starts with a spreadsheet formula (${JSON.stringify(v.slice(0, 20))}); refusing the file` });
    });

const DATE = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function parseDate(value: string): Date | null | undefined {
  if (value === '') return null;
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const zone = m[3] === undefined || m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const date = new Date(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const date = (column: string) =>
  z
    .string()
    .transform((v, ctx) => {
      const d = parseDate(v);
      if (d === undefined) {
        ctx.addIssue({ code: 'custom', message: `column ${column}: ${JSON.stringify(v.slice(0, 40))} is not a date` });
        return z.NEVER;
      }
      return d;
    });

const lineSchema = z.object({
  product: text('product').refine((v) => v.trim() !== '', 'column product is empty'),
  group_description: text('group_description'),
  description: text('description'),
  amount: z.string().transform((v, ctx) => {
    const cents = parseCents(v);
    if (cents === null) {
      ctx.addIssue({ code: 'custom', message: `amount ${JSON.stringify(v.slice(0, 40))} is not a number` });
      return z.NEVER;
    }
    if (Math.abs(cents) > MAX_LINE_CENTS) {
      ctx.addIssue({ code: 'custom', message: `amount ${v} is implausibly large (over $${MAX_LINE_CENTS / 100})` });
      return z.NEVER;
    }
    return cents;
  }),
  hours: z.string().transform((v, ctx) => {
    if (v.trim() === '') return null;
    const n = Number(v.replace(/,/g, ''));
    if (!Number.isFinite(n) || n < 0) {
      ctx.addIssue({ code: 'custom', message: `hours ${JSON.stringify(v.slice(0, 40))} is not a number` });
      return z.NEVER;
    }
    return n;
  }),
  start: date('start'),
  end: date('end'),
  project_name: text('project_name'),
  category: text('category'),
  resource_id: text('resource_id'),
  resource_uuid: text('resource_uuid'),
});

/** One line, validated: throws InvoiceFormatError naming the line and the first problem. */
export function validateLine(raw: RawLine, line: number): ParsedLine {
  const parsed = lineSchema.safeParse(raw);
  if (!parsed.success) throw new InvoiceFormatError(line, parsed.error.issues[0]?.message ?? 'invalid line');
  const v = parsed.data;
  if (v.start && v.end && v.end < v.start) throw new InvoiceFormatError(line, `end ${v.end.toISOString()} is before start ${v.start.toISOString()}`);
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

/**
 * The invoice's period: the one given, or the month of the first dated line. Every line must lie
 * within it (a line ending at 00:00 on the 1st of the next month is the usual full-month line).
 */
export function resolvePeriod(lines: ParsedLine[], given: string | undefined): string {
  if (given !== undefined && !isPeriod(given)) throw new InvoiceFormatError(0, `period "${given}" is not YYYY-MM`);
  const first = lines.find((l) => l.start);
  const period = given ?? (first?.start ? periodOf(first.start) : undefined);
  if (!period) throw new InvoiceFormatError(0, 'no line carries a date, so the period is unknown; give the period (YYYY-MM) explicitly');
  const { start, end } = periodBounds(period);
  for (const l of lines) {
    if ((l.start && (l.start < start || l.start >= end)) || (l.end && (l.end <= start || l.end > end))) {
      throw new InvoiceFormatError(
        l.line,
        `dates ${l.start?.toISOString() ?? '?'} – ${l.end?.toISOString() ?? '?'} fall outside the invoice period ${period}`,
      );
    }
  }
  return period;
}

export function emptyRawLine(): RawLine {
  return Object.fromEntries(RAW_FIELDS.map((f) => [f, ''])) as RawLine;
}
