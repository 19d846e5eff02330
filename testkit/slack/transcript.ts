import type { SlackCall } from './slack-standin.js';
import type { Block } from '../../src/slack/blocks/message.js';
import { renderForTerminal } from '../../src/slack/blocks/terminal.js';

const POSTS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url']);

/** Calls that put something in front of a person: the bot's posts, replies and files, and a person's upload through the stand-in. */
export function isTranscribed(call: SlackCall): boolean {
  return POSTS.has(call.method) || call.method === 'files.completeUploadExternal' || call.method === 'file_share';
}

/** One message of the transcript, as `GET /transcript` lists it and the transcript file holds it. */
export interface TranscriptEntry {
  /** When it arrived at the stand-in (ISO 8601, UTC). */
  at: string;
  /** The Web API method (`chat.postMessage`, `chat.update`, …), `response_url`, or `file_share` for an upload. */
  method: string;
  /** `#C…` for a channel or DM, `(reply to /cloud)` for a command's response_url. */
  channel: string;
  /** Who it is from: `arcadia`, or the user who shared a file. */
  from: string;
  ts?: string;
  thread_ts?: string;
  /** The message's text, or its blocks as a person reads them when it has none, on one line. */
  text: string;
}

function where(c: SlackCall): string {
  const p = c.params;
  if (c.method === 'response_url') return '(reply to /cloud)';
  if (c.method === 'files.completeUploadExternal') return `#${String(p.channel_id)}`;
  return `#${String(p.channel)}`;
}

function textOf(c: SlackCall): string {
  const p = c.params;
  if (c.method === 'files.completeUploadExternal' || c.method === 'file_share') {
    const files = (p.files as { title?: string; name?: string }[] | undefined) ?? [];
    const names = files.map((f) => f.title ?? f.name).join(', ');
    return c.method === 'file_share' ? `[shared: ${names}]` : `[uploaded: ${names}]`;
  }
  const text = String(p.text ?? '');
  const blocks = Array.isArray(p.blocks) ? (p.blocks as Block[]) : [];
  return text || (blocks.length ? renderForTerminal(blocks) : '');
}

/** The transcript entry for a call `isTranscribed` accepts; `ts` is the message's, when Slack gave it one. */
export function transcriptEntry(c: SlackCall, ts = c.params.ts): TranscriptEntry {
  const p = c.params;
  return {
    at: new Date(c.at).toISOString(),
    method: c.method,
    channel: where(c),
    from: c.method === 'file_share' ? String(p.user) : 'arcadia',
    ...(typeof ts === 'string' ? { ts } : {}),
    ...(typeof p.thread_ts === 'string' ? { thread_ts: p.thread_ts } : {}),
    text: textOf(c).replace(/\s+/g, ' ').trim(),
  };
}

/** One line of the transcript file: time, channel (with thread or update), who, text. */
export function transcriptLine(e: TranscriptEntry): string {
  const detail =
    e.method === 'chat.update'
      ? ` (message ${e.ts ?? '?'} updated)`
      : e.method === 'chat.postEphemeral'
        ? ' (ephemeral)'
        : e.thread_ts
          ? ` (thread ${e.thread_ts})`
          : '';
  return `${e.at} ${e.channel}${detail} ${e.from}: ${e.text}`;
}

/**
 * The messages a Slack stand-in received, as a person would read them: one box per message with
 * its channel (and thread or ephemeral user). For the demo, `GET /transcript.txt` and test failures.
 */
export function renderTranscript(calls: readonly SlackCall[]): string {
  return calls
    .filter(isTranscribed)
    .map((c) => {
      const p = c.params;
      if (c.method === 'files.completeUploadExternal' || c.method === 'file_share') {
        const who = c.method === 'file_share' ? ` (${String(p.user)} shared a file)` : ' (file)';
        return `┌ ${where(c)}${who}\n│ ${textOf(c)}`;
      }
      const at =
        c.method === 'response_url'
          ? `(reply to /cloud, ${String(p.response_type ?? 'ephemeral')})`
          : `#${String(p.channel)}${p.thread_ts ? ` (thread ${String(p.thread_ts)})` : ''}${c.method === 'chat.postEphemeral' ? ` (only ${String(p.user)})` : ''}${c.method === 'chat.update' ? ` (message ${String(p.ts)} updated)` : ''}`;
      const blocks = Array.isArray(p.blocks) ? (p.blocks as Block[]) : [];
      const body = blocks.length ? renderForTerminal(blocks) : `│ ${String(p.text ?? '')}`;
      return `┌ ${at}\n${body}`;
    })
    .join('\n\n');
}
