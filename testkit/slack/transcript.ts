import type { SlackCall } from './slack-standin.js';
import type { Block } from '../../src/slack/blocks/message.js';
import { renderForTerminal } from '../../src/slack/blocks/terminal.js';

const POSTS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url']);

/**
 * The messages a Slack stand-in received, as a person would read them: one box per message with
 * its channel (and thread or ephemeral user). For the demo and for reading test failures.
 */
export function renderTranscript(calls: readonly SlackCall[]): string {
  return calls
    .filter((c) => POSTS.has(c.method) || c.method === 'files.completeUploadExternal')
    .map((c) => {
      const p = c.params;
      if (c.method === 'files.completeUploadExternal') {
        const files = (p.files as { title?: string }[] | undefined) ?? [];
        return `┌ #${String(p.channel_id)} (file)\n│ [uploaded: ${files.map((f) => f.title).join(', ')}]`;
      }
      const where =
        c.method === 'response_url'
          ? `(reply to /cloud, ${String(p.response_type ?? 'ephemeral')})`
          : `#${String(p.channel)}${p.thread_ts ? ` (thread ${String(p.thread_ts)})` : ''}${c.method === 'chat.postEphemeral' ? ` (only ${String(p.user)})` : ''}${c.method === 'chat.update' ? ` (message ${String(p.ts)} updated)` : ''}`;
      const blocks = Array.isArray(p.blocks) ? (p.blocks as Block[]) : [];
      const body = blocks.length ? renderForTerminal(blocks) : `│ ${String(p.text ?? '')}`;
      return `┌ ${where}\n${body}`;
    })
    .join('\n\n');
}
