import type { types } from '@slack/bolt';
import { escapeMrkdwn } from './mrkdwn.js';

export type Block = types.KnownBlock;

/** A CSV offered next to a message whose list had to be cut short. */
export interface CsvAttachment {
  filename: string;
  title: string;
  content: string;
}

/** An image uploaded next to a message (a chart); base64 so it travels through the queue as JSON. */
export interface ImageAttachment {
  filename: string;
  title: string;
  altText: string;
  pngBase64: string;
}

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
