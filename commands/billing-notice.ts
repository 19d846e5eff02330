import { ArcadiaError } from '../src/errors.js';
import { noticeMessage } from '../src/slack/blocks/index.js';
import type { Reply } from './subcommand.js';

/** Billing's own errors (no invoice for the period, unknown tenant…) are one sentence a person can act on; others go to the router's log. */
export function billingNotice(err: unknown): Reply {
  if (
    err instanceof ArcadiaError &&
    ['billing_period_not_found', 'billing_usage', 'tenant_not_found'].includes(err.code)
  )
    return noticeMessage(err.message);
  throw err;
}
