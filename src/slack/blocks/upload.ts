import type { SlackMessage } from './message.js';
import { context, section } from './limits.js';
import { escapeMrkdwn } from './mrkdwn.js';

export function uploadReceivedMessage(filename: string): SlackMessage {
  return { text: `Received ${filename}; reconciling it now.`, blocks: [section(`:inbox_tray: Received *${escapeMrkdwn(filename)}*; reconciling it now.`)] };
}

/** A file that was not taken: says why, so the uploader can fix it. The reason is Arcadia's own mrkdwn (it may mention a channel). */
export function uploadRefusedMessage(filename: string, reason: string): SlackMessage {
  return { text: `Not processing ${filename}: ${reason}`, blocks: [section(`:no_entry: Not processing *${escapeMrkdwn(filename)}*: ${reason}`)] };
}

/** A malformed invoice: the line and the problem, and that nothing was stored. */
export function uploadInvalidMessage(view: { filename: string; line: number; problem: string }): SlackMessage {
  const where = view.line > 0 ? `line ${view.line}` : 'the file';
  return {
    text: `${view.filename}: ${where}: ${view.problem}`,
    blocks: [
      section(`:x: *${escapeMrkdwn(view.filename)}* could not be read: ${where}: ${escapeMrkdwn(view.problem)}`),
      context('Nothing was stored. Fix the file and upload it again.'),
    ],
  };
}

/** An upload that failed for a reason other than its content (Slack or the database was unreachable). */
export function uploadFailedMessage(filename: string, error: string): SlackMessage {
  return { text: `Could not process ${filename}: ${error}`, blocks: [section(`:x: Could not process *${escapeMrkdwn(filename)}*: ${escapeMrkdwn(error)}`)] };
}
