import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import {
  DoInvoiceNotFoundError,
  InvoiceAmbiguousError,
  InvoiceBusyError,
  InvoiceFormatError,
  InvoiceNotFoundError,
  InvoiceReplacementGoneError,
  InvoiceReplaceRefusedError,
} from '../../src/invoice/errors.js';

describe('invoice errors', () => {
  it('InvoiceFormatError names the file and line, or the whole file for line 0, and says nothing was stored', () => {
    const atLine = new InvoiceFormatError(7, 'amount "x" is not a number', 'june.csv');
    expect(atLine.message).toBe('june.csv: line 7: amount "x" is not a number');
    expect(atLine.sentence).toBe(
      'june.csv: line 7: amount "x" is not a number. Nothing was stored; fix the file and send it again.',
    );
    expect(new InvoiceFormatError(0, 'the file is empty').message).toBe('file: the file is empty');
    expect(atLine).toMatchObject({
      code: ErrorCode.InvoiceFormat,
      context: { line: 7, problem: 'amount "x" is not a number', filename: 'june.csv' },
    });
  });

  it('InvoiceNotFoundError and DoInvoiceNotFoundError say how to get the invoice', () => {
    expect(new InvoiceNotFoundError('2025-06').sentence).toBe(
      'No invoice is stored for 2025-06. Ingest one with `arcadia invoice ingest FILE` or `arcadia invoice fetch 2025-06`.',
    );
    expect(new DoInvoiceNotFoundError('2025-07').sentence).toBe(
      'DigitalOcean lists no invoice for 2025-07 (invoices are issued on the 1st of the following month).',
    );
  });

  it('InvoiceReplaceRefusedError says --replace on the command line and the Replace button in Slack', () => {
    const err = new InvoiceReplaceRefusedError('2025-06', 'DO invoice 418071234', [
      'it has 2 lines where the stored one has 240',
      'its lines do not add up to its total',
    ]);
    const what =
      'Invoice DO invoice 418071234 for 2025-06 is already stored and this copy would replace it, but it has 2 lines where the stored one has 240; and its lines do not add up to its total';
    expect(err.message).toBe(
      `${what}. The stored lines were kept; if this copy is the right one, ingest it again with --replace`,
    );
    expect(err.sentence).toBe(`${what}. The stored lines were kept; if this copy is the right one, press Replace.`);
    expect(err.sentence).not.toContain('--replace');
  });

  it('InvoiceAmbiguousError lists the stored invoices and says nothing was stored', () => {
    const err = new InvoiceAmbiguousError('2025-06', ['418071234', '418079999']);
    expect(err.sentence).toMatch(
      /^2 invoices are stored for 2025-06 \(418071234, 418079999\) and this file names none of them; .*\. Nothing was stored\.$/,
    );
  });

  it('InvoiceReplacementGoneError asks for the file again', () => {
    expect(new InvoiceReplacementGoneError('job-1').sentence).toBe(
      'That upload is no longer kept by Arcadia (or was never refused); upload the file again.',
    );
  });

  it('InvoiceBusyError says how long it waited, in minutes past one minute, and names a non-default team', () => {
    expect(new InvoiceBusyError('2025-06', 'default', 'waited', 12_345).sentence).toBe(
      'Another ingest of the 2025-06 invoice was still running after 12.3 s of waiting for it; nothing was stored: send this copy again once that one has finished.',
    );
    expect(new InvoiceBusyError('2025-06', 'staging', 'waited', 150_000).message).toMatch(
      /^Another ingest of the 2025-06 invoice of staging was still running after 3 minutes of waiting/,
    );
    expect(new InvoiceBusyError('2025-06', 'default', 'overtaken').sentence).toBe(
      'Another ingest of the 2025-06 invoice took it over while this one was held up; nothing was stored: send this copy again.',
    );
  });

  it('marks refusals of the input permanent, and a busy invoice as worth another attempt', () => {
    const permanent = [
      new InvoiceFormatError(1, 'x'),
      new InvoiceNotFoundError('2025-06'),
      new DoInvoiceNotFoundError('2025-06'),
      new InvoiceReplaceRefusedError('2025-06', 'x', ['y']),
      new InvoiceAmbiguousError('2025-06', ['a', 'b']),
      new InvoiceReplacementGoneError('j'),
    ];
    for (const err of permanent) expect(err.permanent, err.name).toBe(true);
    expect(new InvoiceBusyError('2025-06', 'default', 'waited').permanent).toBe(false);
  });
});
