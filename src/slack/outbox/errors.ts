import { UnrecoverableError } from 'bullmq';
import { webApi } from '@slack/bolt';

/**
 * Slack error codes that the same request keeps getting until a person changes something (invites
 * the bot, unarchives the channel, replaces the token, fixes the message). Retrying them on a
 * schedule only delays the operator's alert; anything not listed is taken as transient.
 */
const PERMANENT_SLACK_ERRORS = new Set([
  // Where the message goes.
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  // conversations.open: the person asking for a file has since been deactivated.
  'user_disabled',
  'user_not_in_channel',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'cannot_reply_to_message',
  // Who sends it.
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'no_permission',
  'not_allowed_token_type',
  'team_access_not_granted',
  'ekm_access_denied',
  // What it is.
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_arguments',
  'invalid_arg_name',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'too_many_attachments',
  // chat.update: the message is gone or no longer ours to edit.
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

/** A response_url answered with an error status. */
export class ResponseUrlError extends Error {
  constructor(readonly status: number) {
    super(`response_url answered HTTP ${status}`);
    this.name = 'ResponseUrlError';
  }
}

/**
 * Why a delivery can never succeed as it stands, or undefined when trying again later may work
 * (Slack's internal errors, 5xx, network failures, unknown codes).
 */
export function permanentFailure(err: unknown): string | undefined {
  if (err instanceof webApi.WebAPIPlatformError)
    return PERMANENT_SLACK_ERRORS.has(err.data.error) ? err.data.error : undefined;
  // The SDK refusing a file upload's arguments: the same arguments are refused next time too.
  if (err instanceof webApi.WebAPIFileUploadInvalidArgumentsError) return 'file_upload_invalid_arguments';
  // A response_url expires (404) or is used up; a 4xx other than timeout or rate limit will not heal.
  if (
    err instanceof ResponseUrlError &&
    err.status >= 400 &&
    err.status < 500 &&
    err.status !== 408 &&
    err.status !== 429
  )
    return `response_url_http_${err.status}`;
  return undefined;
}

/** What an operator does about a permanent error, short enough for `arcadia outbox list`'s column. */
const FIXES: Record<string, string> = {
  not_in_channel: 'invite the bot: /invite @arcadia',
  channel_not_found: 'check the channel id (C…); invite the bot to private channels',
  is_archived: 'the channel is archived; set another channel id',
  invalid_auth: 'check SLACK_BOT_TOKEN',
  token_revoked: 'reinstall the app; set the new SLACK_BOT_TOKEN',
};

/** A delivery failed for a reason retrying cannot fix: BullMQ fails the job at once, keeping it. */
export class PermanentDeliveryError extends UnrecoverableError {
  constructor(
    readonly reason: string,
    cause: unknown,
  ) {
    const fix = FIXES[reason];
    super(fix ? `${reason}: ${fix}` : cause instanceof Error ? cause.message : String(cause));
  }
}
