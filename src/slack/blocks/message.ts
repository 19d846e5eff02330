import type { types } from '@slack/bolt';

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

/**
 * A message as the builders make it: `text` is the notification and screen-reader fallback,
 * `blocks` what people see, `csv` the full list when the blocks only hold part of it.
 */
export interface SlackMessage {
  text: string;
  blocks: Block[];
  csv?: CsvAttachment;
  image?: ImageAttachment;
}
