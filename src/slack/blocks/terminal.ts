import type { Block, SlackMessage } from './message.js';

/** mrkdwn as plain text: links and mentions to their labels, entities back to characters. */
function plain(text: string): string {
  return text
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<([#@][A-Z0-9]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function renderBlock(block: Block): string[] {
  switch (block.type) {
    case 'header':
      return [`== ${block.text.text} ==`];
    case 'section': {
      const out = block.text ? [plain(block.text.text)] : [];
      for (const f of block.fields ?? [])
        out.push(
          ...plain(f.text)
            .split('\n')
            .map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)),
        );
      return out;
    }
    case 'context':
      return block.elements.map((e) => ('text' in e ? `  (${plain(e.text)})` : ''));
    case 'divider':
      return ['----'];
    default:
      return [`[${block.type}]`];
  }
}

/** A message as text for a terminal (the demo, logs): what a person would read in Slack. */
export function renderForTerminal(message: SlackMessage | Block[], channel?: string): string {
  const blocks = Array.isArray(message) ? message : message.blocks;
  const lines = blocks.flatMap(renderBlock);
  if (!Array.isArray(message) && message.csv)
    lines.push(`[attached: ${message.csv.filename}, ${message.csv.content.split('\n').length - 2} rows]`);
  const head = channel ? [`┌ #${channel}`] : [];
  return [...head, ...lines.map((l) => `│ ${l.replace(/\n/g, '\n│ ')}`)].join('\n');
}
