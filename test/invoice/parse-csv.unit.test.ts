import { describe, expect, it } from 'vitest';
import { InvoiceFormatError, LISTED_LINE_PROBLEMS } from '../../src/invoice/errors.js';
import { DO_CSV_HEADER, LINE_BATCH, parseInvoiceCsv, streamInvoiceCsv } from '../../src/invoice/parse-csv.js';
import type { ParsedLine } from '../../src/invoice/parsed-invoice.js';
import { asyncRefusal, refusal } from '../helpers/invoice-refusal.js';

const HEADER = DO_CSV_HEADER.join(',');
const row = (name: string, usd = '$6.00') =>
  `Droplets,,${name} (s-1vcpu-1gb),720,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000,${usd},my-web-api,iaas`;
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

async function streamed(
  text: string,
  period?: string,
): Promise<{ batches: ParsedLine[][]; total: number | null; period: string | undefined }> {
  const stream = streamInvoiceCsv(Buffer.from(text), period);
  const batches: ParsedLine[][] = [];
  for await (const b of stream.batches) batches.push(b);
  return { batches, total: stream.statedTotalCents(), period: stream.period };
}

const streamRefusal = (text: string) => asyncRefusal(() => streamed(text));

describe('parseInvoiceCsv', () => {
  it('reads the column names DO has used over the years (duration, start_time, end_time, amount)', () => {
    const text =
      'product,description,duration,start_time,end_time,amount\nVolumes,data (10 GiB),720,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000,$1.00\n';
    const [line] = parseInvoiceCsv(text).lines;
    expect(line).toMatchObject({
      line: 2,
      product: 'Volumes',
      hours: 720,
      amountCents: 100,
      start: new Date('2025-06-01T00:00:00Z'),
      end: new Date('2025-07-01T00:00:00Z'),
    });
  });

  it('matches header names whatever their case and surrounding blanks, and ignores columns it does not know', () => {
    const text =
      ' Product ,DESCRIPTION,Usd,Start,End,notes\nDroplets,web (s-1vcpu-1gb),$6.00,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000,whatever\n';
    expect(parseInvoiceCsv(text).lines[0]).toMatchObject({
      product: 'Droplets',
      amountCents: 600,
      description: 'web (s-1vcpu-1gb)',
    });
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseInvoiceCsv(`\uFEFF${csv(row('web'))}`).lines).toHaveLength(1);
  });

  it('names every required column the header lacks, with USD for the amount', () => {
    const err = refusal(() => parseInvoiceCsv('product,hours\nDroplets,720\n'));
    expect(err.line).toBe(1);
    expect(err.problem).toMatch(
      /^header is missing columns description, USD, start, end; expected DO's invoice header "product,group_description/,
    );
    expect(refusal(() => parseInvoiceCsv('product,description,start,end\n')).problem).toMatch(
      /^header is missing column USD;/,
    );
  });

  it('refuses a header that names one field twice, even under two of its names', () => {
    const err = refusal(() => parseInvoiceCsv('product,description,USD,amount,start,end\n'));
    expect(err).toMatchObject({ line: 1, problem: 'header names column amount twice' });
  });

  it('refuses a row with more or fewer cells than the header, naming its line', () => {
    const short = refusal(() => parseInvoiceCsv(csv(row('a'), row('b'), 'Droplets,,c,720')));
    expect(short).toMatchObject({ line: 4, problem: 'expected 9 columns as in the header, found 4' });
    const long = refusal(() => parseInvoiceCsv(csv(`${row('a')},extra`)));
    expect(long.line).toBe(2);
  });

  it.each([
    ['Total', '$12.00', 1200],
    ['Invoice Total', '$12.00', 1200],
    ['TOTAL', '(1.00)', -100],
  ])('keeps a "%s" row aside as the stated total', (label, amount, cents) => {
    const parsed = parseInvoiceCsv(csv(row('a'), row('b'), `${label},,,,,,"${amount}",,`));
    expect(parsed.lines).toHaveLength(2);
    expect(parsed.statedTotalCents).toBe(cents);
  });

  it('reads a total row whose label is in the description column', () => {
    const parsed = parseInvoiceCsv(csv(row('a'), ',,Total,,,,$6.00,,'));
    expect(parsed).toMatchObject({ statedTotalCents: 600, lines: [{ description: 'a (s-1vcpu-1gb)' }] });
  });

  it('refuses a total row whose amount is not a number', () => {
    expect(refusal(() => parseInvoiceCsv(csv(row('a'), 'Total,,,,,,n/a,,')))).toMatchObject({
      line: 3,
      problem: 'total "n/a" is not a number',
    });
  });

  it('refuses an empty file and a header without lines (a total row alone is no line)', () => {
    expect(refusal(() => parseInvoiceCsv('')).problem).toBe('the file is empty');
    expect(refusal(() => parseInvoiceCsv(csv())).problem).toBe('the file has a header but no invoice lines');
    expect(refusal(() => parseInvoiceCsv(csv('Total,,,,,,$0.00,,'))).problem).toBe(
      'the file has a header but no invoice lines',
    );
  });

  it('says a CSV syntax error is not valid CSV, with the line', () => {
    const err = refusal(() => parseInvoiceCsv(csv(row('a'), 'Droplets,,"unclosed,720')));
    expect(err.problem).toMatch(/^not valid CSV: /);
  });

  it('takes the period given, and refuses one that is not YYYY-MM', () => {
    expect(parseInvoiceCsv(csv(row('a')), '2025-06').period).toBe('2025-06');
    expect(refusal(() => parseInvoiceCsv(csv(row('a')), 'June')).problem).toBe('period "June" is not YYYY-MM');
  });
});

describe('streamInvoiceCsv', () => {
  it('hands the same lines as the whole-file reader, in batches of LINE_BATCH, across chunk boundaries', async () => {
    // Enough rows to pass several 256 KiB chunks and more than one batch.
    const rows = Array.from({ length: LINE_BATCH * 3 + 123 }, (_, i) => row(`web-${i}`, `$${(i % 97) + 1}.0${i % 10}`));
    const text = csv(...rows, 'Total,,,,,,$1.00,,');
    expect(text.length).toBeGreaterThan(2 * 256 * 1024);
    const whole = parseInvoiceCsv(text);
    const { batches, total } = await streamed(text);
    expect(batches.flat()).toEqual(whole.lines);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.slice(0, -1).every((b) => b.length >= LINE_BATCH)).toBe(true);
    expect(total).toBe(100);
  });

  it('knows the stated total only once the batches are read (the total row comes last)', async () => {
    const stream = streamInvoiceCsv(Buffer.from(csv(row('a'), 'Total,,,,,,$6.00,,')));
    expect(stream.statedTotalCents()).toBeNull();
    for await (const _ of stream.batches) void _;
    expect(stream.statedTotalCents()).toBe(600);
  });

  it('passes on the period given without deciding it (the ingest checks lines as they come)', async () => {
    expect((await streamed(csv(row('a')), '2025-06')).period).toBe('2025-06');
    expect((await streamed(csv(row('a')))).period).toBeUndefined();
  });

  it('refuses the same files the whole-file reader refuses, with the same line and problem', async () => {
    for (const text of [
      '',
      csv(),
      csv(row('a'), 'Droplets,,c,720'),
      'product,hours\nDroplets,720\n',
      csv(row('a'), 'Total,,,,,,n/a,,'),
    ]) {
      const whole = refusal(() => parseInvoiceCsv(text));
      const stream = await streamRefusal(text);
      expect({ line: stream.line, problem: stream.problem }).toEqual({ line: whole.line, problem: whole.problem });
    }
  });

  it('refuses a malformed line far into the file after handing out the batches before it', async () => {
    const rows = Array.from({ length: LINE_BATCH * 3 }, (_, i) => row(`web-${i}`));
    rows.push(row('bad', 'lots'));
    const stream = streamInvoiceCsv(Buffer.from(csv(...rows)));
    const seen: number[] = [];
    let refused: unknown;
    try {
      for await (const b of stream.batches) seen.push(b.length);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(InvoiceFormatError);
    expect((refused as InvoiceFormatError).line).toBe(rows.length + 1);
    expect(seen.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(LINE_BATCH);
  });

  it('names every bad line of a file, not only the first, whole or streamed', async () => {
    const text = csv(row('a'), row('b', 'lots'), row('c'), 'Droplets,,d,720', row('e', '12,x'));
    for (const err of [refusal(() => parseInvoiceCsv(text)), await streamRefusal(text)]) {
      expect(err.problems.map((p) => p.line)).toEqual([3, 5, 6]);
      expect(err.problems[1]!.problem).toBe('expected 9 columns as in the header, found 4');
      expect(err.unlisted).toBe(0);
      expect(err.message).toMatch(/^3 bad lines: line 3: .*; line 5: .*; line 6: /);
    }
  });

  it('lists the first LISTED_LINE_PROBLEMS bad lines and counts the rest', async () => {
    // 60 rows, every other one bad: 30 bad lines, the first on line 3.
    const rows = Array.from({ length: 60 }, (_, i) => row(`web-${i}`, i % 2 ? 'n/a' : '$1.00'));
    const text = csv(...rows);
    for (const err of [refusal(() => parseInvoiceCsv(text)), await streamRefusal(text)]) {
      expect(err.problems).toHaveLength(LISTED_LINE_PROBLEMS);
      expect(err.problems[0]!.line).toBe(3);
      expect(err.unlisted).toBe(30 - LISTED_LINE_PROBLEMS);
      expect(err.message).toMatch(/^30 bad lines: .*; and 10 more$/);
    }
  });

  it('read whole, lists the lines outside the period with the bad ones (streamed, the ingest does: streaming.test.ts)', () => {
    const may = (name: string) =>
      `Droplets,,${name},720,2025-05-01 00:00:00 +0000,2025-06-01 00:00:00 +0000,$6.00,my-web-api,iaas`;
    const text = csv(row('web-1'), may('old-1'), row('web-2', 'six dollars'), may('old-2'));
    const whole = refusal(() => parseInvoiceCsv(text));
    expect(whole.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(whole.problems[0]!.problem).toMatch(/outside the invoice period 2025-06$/);
    expect(whole.problems[1]!.problem).toMatch(/is not a number/);
  });
});
