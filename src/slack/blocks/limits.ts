import type { Block, CsvAttachment } from './message.js';
import { plural } from './mrkdwn.js';

/** Block Kit's limits for messages (Slack's reference, "Block Kit limits"). */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  sectionFields: 10,
  fieldText: 2000,
  actionsElements: 25,
  buttonText: 75,
  actionValue: 2000,
  actionId: 255,
  blockId: 255,
  url: 3000,
} as const;

/** How many list rows a message shows before it cuts the list and offers a CSV. */
export const MAX_LIST_ROWS = 40;

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: false } };
}

export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, LIMITS.sectionText) } };
}

export function fields(items: string[]): Block {
  return {
    type: 'section',
    fields: items
      .slice(0, LIMITS.sectionFields)
      .map((t) => ({ type: 'mrkdwn' as const, text: clip(t, LIMITS.fieldText) })),
  };
}

export function context(...texts: string[]): Block {
  return {
    type: 'context',
    elements: texts
      .slice(0, LIMITS.contextElements)
      .map((t) => ({ type: 'mrkdwn' as const, text: clip(t, LIMITS.sectionText) })),
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Packs lines into as few sections as their 3000-character limit allows, keeping at most
 * `maxRows` lines and `maxBlocks` sections. Returns the blocks and how many lines were left out.
 */
export function listSections(
  lines: string[],
  options: { maxRows?: number; maxBlocks?: number } = {},
): { blocks: Block[]; omitted: number } {
  const maxRows = options.maxRows ?? MAX_LIST_ROWS;
  const maxBlocks = options.maxBlocks ?? 20;
  const blocks: Block[] = [];
  let current = '';
  let shown = 0;
  for (const line of lines.slice(0, maxRows)) {
    const piece = clip(line, LIMITS.sectionText);
    if (current && current.length + 1 + piece.length > LIMITS.sectionText) {
      if (blocks.length + 1 >= maxBlocks) break;
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
    shown += 1;
  }
  if (current) blocks.push(section(current));
  return { blocks, omitted: lines.length - shown };
}

/** Where a cut list's full CSV goes: with the message, or (a command's ephemeral reply) to the asker alone. */
const FULL_LIST_WHERE = {
  attached: 'the full list is in the attached CSV',
  'direct-message': 'the full list is sent to you as a CSV by direct message',
} as const;

/** The note under a cut list, saying how much was left out and where the rest is. */
export function omittedNote(omitted: number, what: string, where: keyof typeof FULL_LIST_WHERE = 'attached'): Block {
  return context(`…and ${plural(omitted, what)} more: ${FULL_LIST_WHERE[where]}.`);
}

/** RFC 4180 CSV; cells that a spreadsheet would run as formulas get a leading quote. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null): string => {
    let s = value === null ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export function csvAttachment(
  name: string,
  title: string,
  header: string[],
  rows: (string | number | null)[][],
): CsvAttachment {
  return { filename: `${name}.csv`, title, content: toCsv(header, rows) };
}
