import { ArcadiaError, ErrorCode } from '../errors.js';
import { plural } from '../plural.js';

/** How many stored months a refusal names: the latest, enough to pick from. */
const MONTHS_NAMED = 6;

/** No invoice is stored for the period a billing command asked about. */
export class BillingPeriodNotFoundError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(
    readonly period: string,
    /** The periods that are stored, latest first. */
    readonly stored: readonly string[] = [],
  ) {
    super(
      ErrorCode.BillingPeriodNotFound,
      `No invoice is stored for ${period}; ingest it first (\`arcadia invoice fetch ${period}\` or upload its CSV)`,
      { period, stored: stored.slice(0, MONTHS_NAMED) },
    );
  }

  /** In Slack: the months there are, each a `/cloud billing` away. */
  override get sentence(): string {
    if (!this.stored.length) return `No invoice is stored for ${this.period}, nor for any month yet.`;
    const named = this.stored.slice(0, MONTHS_NAMED);
    const more = this.stored.length - named.length;
    return `No invoice is stored for ${this.period}. Stored: ${named.join(', ')}${more ? ` and ${plural(more, 'earlier month')}` : ''}; \`/cloud billing ${named[0]}\` shows the latest.`;
  }
}
