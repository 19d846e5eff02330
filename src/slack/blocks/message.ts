import type { Block, CsvAttachment, ImageAttachment } from '../../outbox/message.js';
import { escapeMrkdwn } from './mrkdwn.js';

// The outbox carries what the builders make: its message shape defines the parts.
export type { Block, CsvAttachment, ImageAttachment };

/** A message's fallback text, escaped: only `fallbackText` makes one, so no builder can skip it. */
export type FallbackText = string & { readonly escaped: unique symbol };

/**
 * The notification and screen-reader text of a message, escaped as its blocks are: Slack reads it
 * as mrkdwn, so a file name or a blueprint parameter carrying `<!channel>` or `<@U…>` would
 * otherwise notify the channel or a person.
 */
export function fallbackText(text: string): FallbackText {
  return escapeMrkdwn(text) as FallbackText;
}

/**
 * A message as the builders make it: `text` is the notification and screen-reader fallback,
 * `blocks` what people see, `csv` the full list when the blocks only hold part of it.
 */
export interface SlackMessage {
  text: FallbackText;
  blocks: Block[];
  csv?: CsvAttachment;
  image?: ImageAttachment;
}
