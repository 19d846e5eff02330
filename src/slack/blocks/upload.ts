import { fallbackText, type SlackMessage } from './message.js';
import { context, listSections, section } from './limits.js';
import { escapeMrkdwn, plural } from './mrkdwn.js';
import { ACTION_IDS } from './action-ids.js';

export function uploadReceivedMessage(filename: string): SlackMessage {
  return {
    text: fallbackText(`Received ${filename}; reconciling it now.`),
    blocks: [section(`:inbox_tray: Received *${escapeMrkdwn(filename)}*; reconciling it now.`)],
  };
}

/** A file that was not taken: says why, so the uploader can fix it. The reason is Arcadia's own mrkdwn (it may mention a channel). */
export function uploadRefusedMessage(filename: string, reason: string): SlackMessage {
  return {
    text: fallbackText(`Not processing ${filename}: ${reason}`),
    blocks: [section(`:no_entry: Not processing *${escapeMrkdwn(filename)}*: ${reason}`)],
  };
}

/**
 * A malformed invoice: every bad line and its problem (as many as the error lists, the rest
 * counted), and that nothing was stored.
 */
export function uploadInvalidMessage(view: {
  filename: string;
  problems: readonly { line: number; problem: string }[];
  /** Bad lines beyond those listed. */
  unlisted?: number;
}): SlackMessage {
  const where = (line: number) => (line > 0 ? `line ${line}` : 'the file');
  const unlisted = view.unlisted ?? 0;
  const count = view.problems.length + unlisted;
  const first = view.problems[0] ?? { line: 0, problem: 'it could not be read' };
  if (count <= 1)
    return {
      text: fallbackText(`${view.filename}: ${where(first.line)}: ${first.problem}`),
      blocks: [
        section(
          `:x: *${escapeMrkdwn(view.filename)}* could not be read: ${where(first.line)}: ${escapeMrkdwn(first.problem)}`,
        ),
        context('Nothing was stored. Fix the file and upload it again.'),
      ],
    };
  const list = listSections(
    view.problems.map((p) => `• ${where(p.line)}: ${escapeMrkdwn(p.problem)}`),
    { maxRows: 30, maxBlocks: 3 },
  );
  const rest = unlisted + list.omitted;
  return {
    text: fallbackText(`${view.filename}: ${plural(count, 'bad line')}; ${where(first.line)}: ${first.problem}`),
    blocks: [
      section(`:x: *${escapeMrkdwn(view.filename)}* could not be read: *${plural(count, 'bad line')}*`),
      ...list.blocks,
      ...(rest ? [section(`…and ${plural(rest, 'more bad line')}.`)] : []),
      context('Nothing was stored. Fix every line listed and upload the file again.'),
    ],
  };
}

/** An upload that failed for a reason other than its content (Slack or the database was unreachable). */
export function uploadFailedMessage(filename: string, error: string): SlackMessage {
  return {
    text: fallbackText(`Could not process ${filename}: ${error}`),
    blocks: [section(`:x: Could not process *${escapeMrkdwn(filename)}*: ${escapeMrkdwn(error)}`)],
  };
}

/** A re-upload that would replace a stored invoice but looks wrong: why, and a button to replace it anyway. */
export function uploadReplaceRefusedMessage(filename: string, reason: string, refusedJobId: string): SlackMessage {
  return {
    text: fallbackText(`Not replacing the stored invoice with ${filename}: ${reason}`),
    blocks: [
      section(`:warning: Not replacing the stored invoice with *${escapeMrkdwn(filename)}*: ${escapeMrkdwn(reason)}`),
      {
        type: 'actions',
        block_id: 'invoice_replace',
        elements: [
          {
            type: 'button',
            action_id: ACTION_IDS.invoiceReplace,
            style: 'danger',
            text: { type: 'plain_text', text: 'Replace' },
            value: refusedJobId,
            confirm: {
              title: { type: 'plain_text', text: 'Replace the stored invoice?' },
              text: {
                type: 'mrkdwn',
                text: `The stored lines are dropped and *${escapeMrkdwn(filename)}* takes their place.`,
              },
              confirm: { type: 'plain_text', text: 'Replace' },
              deny: { type: 'plain_text', text: 'Keep the stored one' },
            },
          },
        ],
      },
      context('Finance users only. Nothing changes unless someone presses Replace.'),
    ],
  };
}
