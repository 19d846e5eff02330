import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeNow, listenOnLoopback } from '../loopback-server.js';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { eventEnvelope, fileShareEvent, messageTs, signedHeaders } from './events.js';
import {
  isTranscribed,
  renderTranscript,
  transcriptEntry,
  transcriptLine,
  type TranscriptEntry,
} from './transcript.js';

/** One request the stand-in received. Web API methods by name; `response_url`, `file.download` and `file.upload` for the rest. */
export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  /** The bearer token sent, if any (tests assert the token went only where it should). */
  token: string | undefined;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/** A message as Slack returns it from chat.postMessage / chat.update and in interaction payloads. */
export interface PostedMessage {
  type: 'message';
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  ts: string;
  text: string;
  blocks: Record<string, unknown>[];
  thread_ts?: string;
  reply_count?: number;
  edited?: { user: string; ts: string };
}

/** A fault played back on matching calls. */
export interface SlackFault {
  method: string;
  /** HTTP status; 429 sends `Retry-After`. */
  status?: number;
  /** Seconds in `Retry-After` for a 429. @defaultValue 1 */
  retryAfter?: number;
  /** Answer HTTP 200 with `{ ok: false, error }`. */
  error?: string;
  /** Hold the answer until `release()` is called on the returned gate. */
  gate?: Promise<void>;
  /** How many matching calls it affects. @defaultValue 1 */
  times?: number;
}

/** A file object as Slack's events and `files.info` carry it. */
export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  mode: string;
  is_external: boolean;
  user: string;
  url_private: string;
  url_private_download: string;
}

/** File types the stand-in's file host knows by extension; anything else is served as binary. */
const FILE_TYPES: Record<string, { mimetype: string; filetype: string }> = {
  csv: { mimetype: 'text/csv', filetype: 'csv' },
  json: { mimetype: 'application/json', filetype: 'json' },
  pdf: { mimetype: 'application/pdf', filetype: 'pdf' },
  txt: { mimetype: 'text/plain', filetype: 'text' },
};

/**
 * A local stand-in for Slack's Web API: the methods Arcadia calls, file downloads, the external
 * upload flow and `response_url` posts, on one loopback port. Every call is recorded; faults
 * (429 with Retry-After, `ok: false` errors, held answers) are injected per method.
 *
 * For a person trying Arcadia by hand it also keeps a transcript of what the bot posted
 * (`GET /transcript` as JSON, `GET /transcript.txt` as text, and a file when `recordTo` names one),
 * and plays a person uploading a file (`POST /share-file`, or `shareFile`): the file is hosted here
 * and Arcadia is sent the signed `message`/`file_share` event, as Slack would.
 */
export class SlackStandin {
  readonly token: string;
  readonly botUserId = 'UBOTARCADIA';
  readonly botId = 'BARCADIA';
  readonly teamId = 'T0ARCADIA';
  readonly calls: SlackCall[] = [];
  private readonly events = new EventEmitter();
  private readonly files = new Map<string, { file: SlackFile; content: Buffer }>();
  /** Bytes sent to each upload URL of the external upload flow, by file id. */
  private readonly uploads = new Map<string, Buffer>();
  private faults: (SlackFault & { used: number })[] = [];
  /** Like Slack: after a 429, the method keeps answering 429 until its Retry-After has passed. */
  private readonly rateLimitedUntil = new Map<string, number>();
  /** Calls that came back before their Retry-After was up (a client that does not wait). */
  earlyRetries = 0;
  private server: Server | undefined;
  private nextTs = 1_700_000_000;
  /** The bot's direct message with each user, by user id: conversations.open gives the same one each time. */
  private readonly directMessages = new Map<string, string>();
  /** Messages posted with chat.postMessage, as they stand now (chat.update replaces them), by `channel/ts`. */
  readonly messages = new Map<string, PostedMessage>();
  /** What a person would have seen, oldest first: the bot's posts, updates and replies, and uploads shared through the stand-in. */
  readonly transcript: TranscriptEntry[] = [];
  /** The calls behind `transcript`, for the boxed text form. */
  private readonly transcribed: SlackCall[] = [];
  private transcriptFile: string | undefined;
  /** Where Arcadia takes events, and the secret it checks their signatures with (`sendEventsTo`). */
  private app: { eventsUrl: string; signingSecret: string } | undefined;
  /** Who uploads, and where, when `POST /share-file` names nobody. */
  defaultUploader = { user: 'UFINANCE', channel: 'CFINANCE' };

  constructor(token = 'xoxb-standin-token') {
    this.token = token;
    this.events.setMaxListeners(100);
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the Slack stand-in is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** The value for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** The message each click's response_url belongs to, by the url's id. */
  private readonly responseTargets = new Map<string, { channel: string; ts: string }>();

  /**
   * A fresh response_url for one slash command, or for one click on the message at `message`: like
   * Slack's, a post to it with `replace_original: true` rewrites that message (`delete_original` removes it).
   */
  responseUrl(message?: { channel: string; ts: string }): string {
    const id = randomUUID();
    if (message) this.responseTargets.set(id, message);
    return `${this.url}/response/${id}`;
  }

  /** Appends one line per transcribed message (time, channel, who, text) to `file`, from now on. */
  recordTo(file: string): void {
    this.transcriptFile = file;
  }

  /** Where `shareFile` delivers its events: Arcadia's `/slack/events` URL and its SLACK_SIGNING_SECRET. */
  sendEventsTo(eventsUrl: string, signingSecret: string): void {
    this.app = { eventsUrl, signingSecret };
  }

  /** The transcript in its readable form: one box per message, as a person would read it. */
  transcriptText(): string {
    return renderTranscript(this.transcribed);
  }

  private transcribe(call: SlackCall, ts?: unknown): void {
    if (!isTranscribed(call)) return;
    const entry = transcriptEntry(call, ts ?? call.params.ts);
    this.transcript.push(entry);
    this.transcribed.push(call);
    if (this.transcriptFile) appendFileSync(this.transcriptFile, `${transcriptLine(entry)}\n`);
  }

  /**
   * A person uploading a file to a channel: hosts it (downloads need the bot token) and sends Arcadia
   * the signed `message`/`file_share` event Slack sends, returning the file, the message's ts (the
   * thread Arcadia answers in) and Arcadia's HTTP status.
   */
  async shareFile(options: {
    name: string;
    content: string | Buffer;
    user?: string;
    channel?: string;
    text?: string;
  }): Promise<{ file: SlackFile; ts: string; status: number }> {
    if (!this.app)
      throw new Error('the Slack stand-in does not know where Arcadia listens: call sendEventsTo(eventsUrl, secret)');
    const who = {
      user: options.user ?? this.defaultUploader.user,
      channel: options.channel ?? this.defaultUploader.channel,
    };
    const type = FILE_TYPES[/\.([^.]+)$/.exec(options.name)?.[1]?.toLowerCase() ?? ''] ?? {
      mimetype: 'application/octet-stream',
      filetype: 'binary',
    };
    const file = this.addFile({ name: options.name, content: options.content, user: who.user, ...type });
    const ts = messageTs();
    const event = fileShareEvent([file], who, ts, options.text ?? '');
    this.transcribe({ method: 'file_share', params: event, token: undefined, at: Date.now() }, ts);
    const body = eventEnvelope(event, this);
    const res = await fetch(this.app.eventsUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...signedHeaders(body, this.app.signingSecret) },
    });
    await res.arrayBuffer();
    return { file, ts, status: res.status };
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => res.destroy(err instanceof Error ? err : new Error(String(err))));
    });
    await listenOnLoopback(this.server, 0);
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeNow(server);
  }

  /**
   * Hosts a file the way Slack does (download needs the bot token) and returns its file object.
   * `mode: 'snippet'` is text pasted as a snippet: Slack stores and serves it like an upload.
   */
  addFile(options: {
    name: string;
    content: string | Buffer;
    user: string;
    mimetype?: string;
    filetype?: string;
    id?: string;
    mode?: 'hosted' | 'snippet';
  }): SlackFile {
    const id = options.id ?? `F${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    const content = Buffer.isBuffer(options.content) ? options.content : Buffer.from(options.content);
    const url = `${this.url}/files-pri/${this.teamId}-${id}/download/${encodeURIComponent(options.name)}`;
    const file: SlackFile = {
      id,
      name: options.name,
      title: options.name,
      mimetype: options.mimetype ?? 'text/csv',
      filetype: options.filetype ?? 'csv',
      size: content.length,
      mode: options.mode ?? 'hosted',
      is_external: false,
      user: options.user,
      url_private: url,
      url_private_download: url,
    };
    this.files.set(id, { file, content });
    return file;
  }

  /** The bytes of a file uploaded through files.getUploadURLExternal, as Slack would store them. */
  uploaded(fileId: string): Buffer | undefined {
    return this.uploads.get(fileId);
  }

  /** The id of the bot's direct message with `user`, once conversations.open has opened it. */
  directMessageWith(user: string): string | undefined {
    return this.directMessages.get(user);
  }

  /** Files completed with files.completeUploadExternal: id, title, channel and the bytes uploaded. */
  completedUploads(): { id: string; title: string; channel: string | undefined; bytes: Buffer | undefined }[] {
    return this.callsTo('files.completeUploadExternal').flatMap((c) =>
      (Array.isArray(c.params.files) ? (c.params.files as { id: string; title?: string }[]) : []).map((f) => ({
        id: f.id,
        title: f.title ?? '',
        channel: c.params.channel_id as string | undefined,
        bytes: this.uploads.get(f.id),
      })),
    );
  }

  /**
   * What a message shared through Slack Connect carries instead of the file: a stub with no name or
   * URLs, `mode: "file_access"`; the file object comes from `files.info` (which answers for hosted files).
   */
  connectStub(file: SlackFile): Record<string, unknown> {
    return {
      id: file.id,
      mode: 'file_access',
      file_access: 'check_file_info',
      created: 0,
      timestamp: 0,
      user: file.user,
    };
  }

  inject(fault: SlackFault): void {
    this.faults.push({ ...fault, used: 0 });
  }

  clear(): void {
    this.calls.length = 0;
    this.faults = [];
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (already made or still to come) that matches; rejects after `timeoutMs` so a broken feature fails instead of hanging. */
  waitFor(method: string, match: (call: SlackCall) => boolean = () => true, timeoutMs = 20_000): Promise<SlackCall> {
    const found = this.calls.find((c) => c.method === method && match(c));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (call: SlackCall) => {
        if (call.method !== method || !match(call)) return;
        clearTimeout(timer);
        this.events.off('call', onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.events.off('call', onCall);
        reject(new Error(`no matching ${method} call arrived at the Slack stand-in`));
      }, timeoutMs);
      this.events.on('call', onCall);
    });
  }

  private record(call: Omit<SlackCall, 'at'>): SlackCall {
    const recorded = { ...call, at: Date.now() };
    this.calls.push(recorded);
    this.events.emit('call', recorded);
    return recorded;
  }

  private takeFault(method: string): SlackFault | undefined {
    const fault = this.faults.find((f) => f.method === method && f.used < (f.times ?? 1));
    if (fault) fault.used += 1;
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

    if (url.pathname.startsWith('/files-pri/')) return this.download(url, token, res);
    if (req.method === 'GET' && url.pathname === '/transcript') return json(res, this.transcript);
    if (req.method === 'GET' && url.pathname === '/transcript.txt') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(`${this.transcriptText()}\n`);
    }
    if (req.method === 'POST' && url.pathname === '/share-file') return this.shareFileRequest(url, raw, res);
    if (url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.split('/')[2] ?? '';
      this.uploads.set(fileId, await uploadedBytes(req.headers['content-type'] ?? '', raw));
      this.record({ method: 'file.upload', params: { fileId, body: raw.toString('utf8') }, token });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('OK');
    }
    if (url.pathname.startsWith('/response/')) {
      const call = { method: 'response_url', params: { id: url.pathname.split('/')[2], ...parseJson(raw) }, token };
      const fault = this.takeFault('response_url');
      if (fault?.gate) await fault.gate;
      const recorded = this.record(call);
      if (fault?.status) return void res.writeHead(fault.status).end();
      const params: Record<string, unknown> = call.params;
      const target = this.responseTargets.get(String(params.id));
      const key = target ? `${target.channel}/${target.ts}` : '';
      const before = this.messages.get(key);
      if (target && before && params.delete_original === true) this.messages.delete(key);
      else if (target && before && params.replace_original === true)
        this.store(target.channel, target.ts, params, before);
      this.transcribe(recorded);
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('ok');
    }
    const method = /^\/api\/(.+)$/.exec(url.pathname)?.[1];
    if (!method) return void res.writeHead(404).end();

    const params = parseParams(req.headers['content-type'] ?? '', raw, url.searchParams);
    const call = { method, params, token: token ?? (params.token as string | undefined) };
    const limitedUntil = this.rateLimitedUntil.get(method) ?? 0;
    if (Date.now() < limitedUntil) {
      this.earlyRetries += 1;
      this.record(call);
      res.writeHead(429, {
        'retry-after': String(Math.ceil((limitedUntil - Date.now()) / 1000)),
        'content-type': 'application/json',
      });
      return void res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    const fault = this.takeFault(method);
    if (fault?.gate) await fault.gate;
    const recorded = this.record(call);
    if (fault?.status === 429) {
      const seconds = fault.retryAfter ?? 1;
      this.rateLimitedUntil.set(method, Date.now() + seconds * 1000);
      res.writeHead(429, { 'retry-after': String(seconds), 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    if (fault?.status)
      return void res.writeHead(fault.status, { 'content-type': 'application/json' }).end('{"ok":false}');
    if (call.token !== this.token) return json(res, { ok: false, error: 'invalid_auth' });
    if (fault?.error) return json(res, { ok: false, error: fault.error });
    const answer = this.answer(method, params);
    if (answer.ok === true) this.transcribe(recorded, answer.ts);
    json(res, answer);
  }

  /** `POST /share-file?name=invoice.csv[&user=U…][&channel=C…][&text=…]`, the file's bytes as the body. */
  private async shareFileRequest(url: URL, raw: Buffer, res: ServerResponse): Promise<void> {
    const name = url.searchParams.get('name');
    if (!name) {
      res.writeHead(400, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok: false, error: 'give the file a name: /share-file?name=invoice.csv' }));
    }
    const eventsUrl = this.app?.eventsUrl;
    const shared = await this.shareFile({
      name,
      content: raw,
      ...(url.searchParams.get('user') ? { user: url.searchParams.get('user')! } : {}),
      ...(url.searchParams.get('channel') ? { channel: url.searchParams.get('channel')! } : {}),
      ...(url.searchParams.get('text') ? { text: url.searchParams.get('text')! } : {}),
    }).catch(() => undefined);
    if (!shared) {
      res.writeHead(502, { 'content-type': 'application/json' });
      const error = `Arcadia did not answer at ${eventsUrl ?? '(nowhere set)'}: start it (npx arcadia start) with the stand-in's exports, then upload again`;
      return void res.end(JSON.stringify({ ok: false, error }));
    }
    json(res, { ok: shared.status === 200, file: shared.file, ts: shared.ts, arcadia_status: shared.status });
  }

  private answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://arcadia-test.slack.com/',
          team: 'arcadia',
          user: 'arcadia',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
        };
      case 'chat.postMessage': {
        const ts = `${this.nextTs++}.000100`;
        const message = this.store(String(params.channel), ts, params);
        return { ok: true, channel: params.channel, ts, message };
      }
      case 'chat.update': {
        // Slack's answer: channel, ts, text and the message as it now stands; an unknown ts is message_not_found.
        const key = `${String(params.channel)}/${String(params.ts)}`;
        const before = this.messages.get(key);
        if (!before) return { ok: false, error: 'message_not_found' };
        const message = this.store(String(params.channel), String(params.ts), params, before);
        return { ok: true, channel: params.channel, ts: params.ts, text: message.text, message };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.nextTs++}.000200` };
      case 'views.publish':
        return { ok: true, view: { id: `V${this.nextTs++}`, ...(params.view as Record<string, unknown>) } };
      case 'views.open': {
        // Slack refuses a modal without a trigger, or outside its limits, with invalid_arguments.
        const problems = modalProblems(params.view);
        if (typeof params.trigger_id !== 'string' || !params.trigger_id) problems.push('trigger_id is required');
        if (problems.length)
          return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
        return { ok: true, view: { id: `V${this.nextTs++}`, ...(params.view as Record<string, unknown>) } };
      }
      case 'files.info': {
        const entry = this.files.get(String(params.file));
        return entry ? { ok: true, file: entry.file } : { ok: false, error: 'file_not_found' };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
        return { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        // A conversation id (C, G, D or Z…), never a user id: Slack refuses those.
        if (params.channel_id !== undefined && !/^[CGDZ][A-Z0-9]+$/.test(String(params.channel_id)))
          return { ok: false, error: 'invalid_channel' };
        const files = Array.isArray(params.files) ? (params.files as { id: string; title?: string }[]) : [];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      case 'conversations.open': {
        // One user: the bot's 1:1 DM with them, opened once and the same id every time after.
        const users = String(params.users ?? '')
          .split(',')
          .filter(Boolean);
        if (users.length === 0) return { ok: false, error: 'users_list_not_supplied' };
        if (users.length > 1) return { ok: false, error: 'method_not_supported_for_channel_type' };
        const user = users[0]!;
        if (!/^[UW][A-Z0-9]+$/.test(user)) return { ok: false, error: 'user_not_found' };
        const known = this.directMessages.get(user);
        const id = known ?? `D${user.slice(1)}`;
        this.directMessages.set(user, id);
        return { ok: true, ...(known ? { already_open: true } : {}), channel: { id } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Keeps a posted or updated message; a reply also marks its parent as threaded (reply_count), as Slack does. */
  private store(channel: string, ts: string, params: Record<string, unknown>, before?: PostedMessage): PostedMessage {
    const message: PostedMessage = {
      type: 'message',
      user: this.botUserId,
      bot_id: this.botId,
      app_id: 'AARCADIA',
      team: this.teamId,
      ts,
      text: String(params.text ?? ''),
      // Slack gives every block without a block_id one of its own.
      blocks: Array.isArray(params.blocks)
        ? (params.blocks as Record<string, unknown>[]).map((b) => ({
            ...b,
            block_id: b.block_id ?? randomUUID().slice(0, 5),
          }))
        : [],
      ...(params.thread_ts ? { thread_ts: String(params.thread_ts) } : {}),
      ...(before
        ? {
            edited: { user: this.botUserId, ts: `${this.nextTs++}.000300` },
            thread_ts: before.thread_ts,
            reply_count: before.reply_count,
          }
        : {}),
    };
    if (message.thread_ts === undefined) delete message.thread_ts;
    this.messages.set(`${channel}/${ts}`, message);
    const parent = params.thread_ts ? this.messages.get(`${channel}/${String(params.thread_ts)}`) : undefined;
    if (parent && !before) {
      parent.thread_ts = parent.ts;
      parent.reply_count = (parent.reply_count ?? 0) + 1;
    }
    return message;
  }

  /** The replies in a thread, oldest first (what conversations.replies would list after the parent). */
  threadOf(channel: string, ts: string): PostedMessage[] {
    return [...this.messages.entries()]
      .filter(([key, m]) => key.startsWith(`${channel}/`) && m.thread_ts === ts && m.ts !== ts)
      .map(([, m]) => m);
  }

  private async download(url: URL, token: string | undefined, res: ServerResponse): Promise<void> {
    const fileId = /^\/files-pri\/[^-]+-([^/]+)\//.exec(url.pathname)?.[1] ?? '';
    this.record({ method: 'file.download', params: { fileId }, token });
    // Slack's file host has its bad moments too: a 5xx with a short plain body.
    const fault = this.takeFault('file.download');
    if (fault?.gate) await fault.gate;
    if (fault?.status)
      return void res.writeHead(fault.status, { 'content-type': 'text/plain' }).end('Internal Server Error');
    const entry = this.files.get(fileId);
    // Slack answers a request without a valid token with its HTML login page, status 200.
    if (token !== this.token) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html><body>Sign in to Slack</body></html>');
    }
    if (!entry) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': entry.file.mimetype, 'content-length': String(entry.content.length) });
    res.end(entry.content);
  }
}

/** What Slack's views.open would refuse in a modal view: its type, a title of 1-24 characters, 100 blocks at most. */
function modalProblems(view: unknown): string[] {
  if (!view || typeof view !== 'object') return ['view is required'];
  const v = view as {
    type?: unknown;
    title?: { type?: unknown; text?: unknown };
    blocks?: unknown;
    close?: { text?: unknown };
  };
  const problems: string[] = [];
  if (v.type !== 'modal') problems.push('view.type must be modal');
  if (v.title?.type !== 'plain_text' || typeof v.title.text !== 'string' || !v.title.text || v.title.text.length > 24)
    problems.push('view.title must be plain_text of 1-24 characters');
  if (v.close && (typeof v.close.text !== 'string' || v.close.text.length > 24))
    problems.push('view.close must be plain_text of at most 24 characters');
  if (!Array.isArray(v.blocks)) problems.push('view.blocks is required');
  else if (v.blocks.length > 100) problems.push(`view.blocks has ${v.blocks.length} blocks; at most 100`);
  return problems;
}

/** The file part of a multipart upload (the SDK's), or the raw body. */
async function uploadedBytes(contentType: string, raw: Buffer): Promise<Buffer> {
  if (!contentType.startsWith('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  return raw;
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): Record<string, unknown> {
  try {
    return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { raw: raw.toString('utf8') };
  }
}

/** Form fields (nested values arrive as JSON strings, as the SDK sends them), JSON bodies or query strings. */
function parseParams(contentType: string, raw: Buffer, query: URLSearchParams): Record<string, unknown> {
  if (contentType.startsWith('application/json')) return parseJson(raw);
  const params: Record<string, unknown> = Object.fromEntries(query);
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
    params[key] = /^[[{]/.test(value) ? (parseJson(Buffer.from(value)) ?? value) : value;
  }
  return params;
}
