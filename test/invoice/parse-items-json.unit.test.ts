import { describe, expect, it } from 'vitest';
import { InvoiceFormatError } from '../../src/invoice/errors.js';
import { LINE_BATCH } from '../../src/invoice/parse-csv.js';
import {
  durationHours,
  itemsToLines,
  parseInvoiceItemsJson,
  streamInvoiceItemsJson,
} from '../../src/invoice/parse-items-json.js';
import { refusal } from '../helpers/invoice-refusal.js';

const item = (name: string, amount: string | number = '6.00') => ({
  product: 'Droplets',
  description: `${name} (s-1vcpu-1gb)`,
  amount,
  duration: '720',
  duration_unit: 'Hours',
  start_time: '2025-06-01T00:00:00Z',
  end_time: '2025-07-01T00:00:00Z',
});

describe('durationHours', () => {
  it.each([
    ['720', 'Hours', '720'],
    ['720', 'hour', '720'],
    ['90', 'Minutes', '1.5'],
    ['30', 'min', '0.5'],
    ['2', 'hr', '2'],
    ['3', 'Days', '72'],
    ['1', 'Week', '168'],
    ['3600', 'Seconds', '1'],
    ['1', 'Minute', '0.016667'],
  ])('%s %s is %s hours', (duration, unit, hours) => expect(durationHours(duration, unit)).toBe(hours));

  it('gives no hours for a unit that is not time, or a duration that is not a number', () => {
    expect(durationHours('250', 'GiB')).toBe('');
    expect(durationHours('1', 'Months')).toBe('');
    expect(durationHours('many', 'Hours')).toBe('');
  });

  it('reads a duration without a unit as hours, and keeps a blank duration blank', () => {
    expect(durationHours('12', '')).toBe('12');
    expect(durationHours('', 'Hours')).toBe('');
  });
});

describe('itemsToLines', () => {
  it('numbers the lines from firstLine, so a later batch names its items by their place in the file', () => {
    const lines = itemsToLines([item('a'), item('b')], 2001);
    expect(lines.map((l) => l.line)).toEqual([2001, 2002]);
  });

  it('reads numbers and nulls as DO sends them: a numeric amount as its text, null as empty', () => {
    const [line] = itemsToLines([{ ...item('a', 6.5), project_name: null, resource_id: 3164444 }]);
    expect(line).toMatchObject({ amountCents: 650, projectName: '', resourceId: '3164444', hours: 720 });
  });

  it('refuses an item that is not an object, naming its number', () => {
    const err = refusal(() => itemsToLines([item('a'), 'Droplets $6.00']));
    expect(err.line).toBe(2);
    expect(err.problem).toMatch(/^invoice item is not an object with DO's item fields/);
    expect(refusal(() => itemsToLines([{ ...item('a'), product: { name: 'Droplets' } }])).line).toBe(1);
  });
});

describe('parseInvoiceItemsJson', () => {
  it("reads DO's envelope: the invoice's uuid, number, stated amount and period", () => {
    const doc = {
      invoice_uuid: 'inv-uuid',
      invoice_id: 8731,
      invoice_period: '2025-06',
      amount: '12.00',
      invoice_items: [item('a'), item('b')],
    };
    const parsed = parseInvoiceItemsJson(JSON.stringify(doc));
    expect(parsed).toMatchObject({
      format: 'json',
      period: '2025-06',
      statedTotalCents: 1200,
      invoiceUuid: 'inv-uuid',
      invoiceNumber: '8731',
    });
    expect(parsed.lines).toHaveLength(2);
  });

  it('reads a bare array of items, with no invoice identity or stated total', () => {
    const parsed = parseInvoiceItemsJson(JSON.stringify([item('a')]));
    expect(parsed).toMatchObject({ period: '2025-06', statedTotalCents: null, invoiceUuid: null, invoiceNumber: null });
  });

  it('reads the period an older export states as billing_period', () => {
    const doc = { billing_period: '2025-06', invoice_items: [item('a')] };
    expect(parseInvoiceItemsJson(JSON.stringify(doc)).period).toBe('2025-06');
  });

  it('takes the period given over the one the file states, and checks the lines against it', () => {
    const doc = { invoice_period: '2025-05', invoice_items: [item('a')] };
    expect(refusal(() => parseInvoiceItemsJson(JSON.stringify(doc))).problem).toMatch(
      /outside the invoice period 2025-05/,
    );
    expect(parseInvoiceItemsJson(JSON.stringify(doc), '2025-06').period).toBe('2025-06');
  });

  it.each([
    ['not JSON', '{"invoice_items": [', /^not valid JSON: /],
    ['another document', '{"droplets": []}', /neither DO's \{"invoice_items": \[\.\.\.\]\} nor an array/],
    ['no items', '{"invoice_items": []}', /^the file holds no invoice items$/],
    [
      'an amount that is no number',
      JSON.stringify({ amount: 'lots', invoice_items: [item('a')] }),
      /^invoice amount "lots" is not a number$/,
    ],
  ])('refuses %s as a whole file (line 0)', (_what, text, problem) => {
    const err = refusal(() => parseInvoiceItemsJson(text));
    expect(err.line).toBe(0);
    expect(err.problem).toMatch(problem);
  });
});

describe('streamInvoiceItemsJson', () => {
  it('validates the items a batch of LINE_BATCH at a time, numbering lines through the whole file', async () => {
    const items = Array.from({ length: LINE_BATCH + 5 }, (_, i) => item(`web-${i}`));
    const stream = streamInvoiceItemsJson(JSON.stringify({ amount: 1, invoice_items: items }));
    const batches = [...(stream.batches as Iterable<{ line: number }[]>)];
    expect(batches.map((b) => b.length)).toEqual([LINE_BATCH, 5]);
    expect(batches[1]![0]!.line).toBe(LINE_BATCH + 1);
    expect(stream.statedTotalCents()).toBe(100);
  });

  it('refuses a bad envelope when opened, before any batch, but a bad item only when its batch is read', () => {
    expect(() => streamInvoiceItemsJson('[]')).toThrow(InvoiceFormatError);
    const items = [...Array.from({ length: LINE_BATCH }, (_, i) => item(`web-${i}`)), item('bad', 'NaN')];
    const stream = streamInvoiceItemsJson(JSON.stringify(items));
    const it = (stream.batches as Iterable<unknown[]>)[Symbol.iterator]();
    expect(it.next().value).toHaveLength(LINE_BATCH);
    expect(() => it.next()).toThrow(expect.objectContaining({ line: LINE_BATCH + 1 }));
  });

  it('passes the period on undecided when neither the caller nor the file gives one', () => {
    expect(streamInvoiceItemsJson(JSON.stringify([item('a')])).period).toBeUndefined();
    expect(
      streamInvoiceItemsJson(JSON.stringify({ invoice_period: '2025-06', invoice_items: [item('a')] })).period,
    ).toBe('2025-06');
  });
});
