import { InvoiceFormatError } from '../../src/invoice/errors.js';

/** The InvoiceFormatError `run` throws, for a test to read its line and problem; fails if `run` accepts. */
export function refusal(run: () => unknown): InvoiceFormatError {
  try {
    run();
  } catch (err) {
    if (err instanceof InvoiceFormatError) return err;
    throw err;
  }
  throw new Error('the invoice was accepted');
}

/** The same for a read that refuses asynchronously (a streamed invoice). */
export async function asyncRefusal(run: () => Promise<unknown>): Promise<InvoiceFormatError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof InvoiceFormatError) return err;
    throw err;
  }
  throw new Error('the invoice was accepted');
}
