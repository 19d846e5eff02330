import { describe, expect, it } from 'vitest';
import { InvoiceFormatError } from '../../src/invoice/errors.js';
import { MAX_INVOICE_FILE_BYTES, openInvoiceFile, parseInvoiceFile } from '../../src/invoice/parse-invoice-file.js';
import type { ParsedLine } from '../../src/invoice/parsed-invoice.js';

const CSV = [
  'product,group_description,description,hours,start,end,USD,project_name,category',
  'Droplets,,web-1 (s-1vcpu-1gb),720,2025-06-01 00:00:00 +0000,2025-07-01 00:00:00 +0000,$6.00,my-web-api,iaas',
  '',
].join('\n');
const ITEMS = JSON.stringify({
  invoice_items: [
    {
      product: 'Droplets',
      description: 'web-1 (s-1vcpu-1gb)',
      amount: '6.00',
      start_time: '2025-06-01T00:00:00Z',
      end_time: '2025-07-01T00:00:00Z',
    },
  ],
});

function refusals(bytes: Buffer): InvoiceFormatError[] {
  const out: InvoiceFormatError[] = [];
  for (const run of [() => parseInvoiceFile(bytes), () => openInvoiceFile(bytes)]) {
    try {
      run();
    } catch (err) {
      if (err instanceof InvoiceFormatError) out.push(err);
      else throw err;
      continue;
    }
    throw new Error('the file was accepted');
  }
  return out;
}

async function allLines(bytes: Buffer): Promise<ParsedLine[]> {
  const out: ParsedLine[] = [];
  for await (const batch of openInvoiceFile(bytes).batches) out.push(...batch);
  return out;
}

describe('what is plainly not an invoice is refused before it is read, by both readers', () => {
  it.each([
    ['an empty file', Buffer.alloc(0), 0, /^the file is empty$/],
    ['blanks only', Buffer.from(' \r\n\t\n'), 0, /^the file is empty$/],
    ['a BOM and blanks only', Buffer.from('\uFEFF  \n'), 0, /^the file is empty$/],
    ['a zip archive', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 0, /^the file is a zip archive/],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 0, /^the file is a PDF; .*Download CSV$/],
    ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00]), 0, /^the file is gzip-compressed/],
    [
      'text that is not UTF-8',
      Buffer.from([0x70, 0x72, 0x6f, 0x64, 0xff, 0xfe, 0x0a]),
      0,
      /^the file is not UTF-8 text/,
    ],
  ])('%s', (_what, bytes, line, problem) => {
    for (const err of refusals(bytes)) {
      expect(err.line).toBe(line);
      expect(err.problem).toMatch(problem);
    }
  });

  it('names the line of the first NUL byte', () => {
    const bytes = Buffer.concat([
      Buffer.from('product,description\nDroplets,a\nDroplets,'),
      Buffer.from([0x00, 0x01]),
      Buffer.from('\n'),
    ]);
    for (const err of refusals(bytes))
      expect(err).toMatchObject({ line: 3, problem: 'the file holds binary data (NUL bytes), not CSV text' });
  });

  it('refuses a file over the size limit, saying its size and the limit', () => {
    const bytes = Buffer.alloc(MAX_INVOICE_FILE_BYTES + 1, 0x61);
    for (const err of refusals(bytes))
      expect(err.problem).toBe(
        'the file is 48.0 MiB, over the 48.0 MiB an invoice may be; is it really a DigitalOcean invoice?',
      );
  });
});

describe('the format follows the content, not the name', () => {
  it('reads an object or an array after a BOM and blanks as JSON items', async () => {
    for (const text of [ITEMS, `\uFEFF\n  ${ITEMS}`, `\t${JSON.stringify(JSON.parse(ITEMS).invoice_items)}`]) {
      const parsed = parseInvoiceFile(Buffer.from(text));
      expect(parsed).toMatchObject({ format: 'json', period: '2025-06', lines: [{ line: 1, amountCents: 600 }] });
      expect(openInvoiceFile(Buffer.from(text)).format).toBe('json');
      expect(await allLines(Buffer.from(text))).toEqual(parsed.lines);
    }
  });

  it('reads anything else as CSV, the same whole or streamed', async () => {
    const parsed = parseInvoiceFile(Buffer.from(CSV));
    expect(parsed).toMatchObject({ format: 'csv', lines: [{ line: 2, amountCents: 600 }] });
    expect(openInvoiceFile(Buffer.from(CSV)).format).toBe('csv');
    expect(await allLines(Buffer.from(CSV))).toEqual(parsed.lines);
  });

  it('passes the period given to the reader', () => {
    expect(() => parseInvoiceFile(Buffer.from(CSV), '2025-05')).toThrow(/outside the invoice period 2025-05/);
    expect(openInvoiceFile(Buffer.from(ITEMS), '2025-06').period).toBe('2025-06');
  });
});
