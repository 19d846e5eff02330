import { ArcadiaError, ErrorCode } from '../errors.js';

/** No invoice is stored for the period a billing command asked about. */
export class BillingPeriodNotFoundError extends ArcadiaError {
  override readonly userError = true;
  constructor(period: string) {
    super(
      ErrorCode.BillingPeriodNotFound,
      `No invoice is stored for ${period}; ingest it first (\`arcadia invoice fetch ${period}\` or upload its CSV)`,
      { period },
    );
  }
}
