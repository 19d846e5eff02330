import { ArcadiaError } from '../src/errors.js';
import { BillingPeriodNotFoundError } from '../src/billing/errors.js';
import type { Config } from '../src/config.js';
import { noticeMessage } from '../src/slack/blocks/index.js';
import type { Reply } from './subcommand.js';

/** Where a finance user sends an invoice, in Slack's words. */
export function financeChannelWords(config: Pick<Config, 'ARCADIA_FINANCE_CHANNEL'>): string {
  return config.ARCADIA_FINANCE_CHANNEL ? `<#${config.ARCADIA_FINANCE_CHANNEL}>` : 'the finance channel';
}

/**
 * Billing's own errors (no invoice for the period, unknown tenant…) are one sentence a person can
 * act on, in Slack's words (the command line has its own, in the error's message); others go to the
 * router's log.
 */
export function billingNotice(err: unknown, config: Pick<Config, 'ARCADIA_FINANCE_CHANNEL'>): Reply {
  if (err instanceof BillingPeriodNotFoundError)
    return noticeMessage(
      err.sentence,
      `To add ${err.period}, upload DigitalOcean's invoice CSV for it in ${financeChannelWords(config)}.`,
    );
  if (
    err instanceof ArcadiaError &&
    [
      'billing_period_not_found',
      'billing_usage',
      'tenant_not_found',
      'forecast_project_not_found',
      'unknown_account',
    ].includes(err.code)
  )
    return noticeMessage(err.sentence ?? err.message);
  throw err;
}
