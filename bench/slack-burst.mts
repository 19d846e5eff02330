/**
 * The Slack side of bench/slack.ts, in a process of its own so Slack's work does not share the
 * receiver's event loop. It stays up for the whole benchmark (no process start between bursts) and
 * takes one JSON line per burst on stdin, `{"url","size","awaitReplies"}`: sends `size` signed
 * `/cloud <BURST_TEXT>` slash commands at once to `url`, and answers with one JSON line: each
 * command's time to ack in ms, the 200s, the replies received and when the last arrived.
 * The replies go to Slack's hooks host, a process of its own again (bench/slack-hooks.mts): taken
 * here, they would hold up this event loop's reading of the acks still arriving, and the receiver
 * would be timed for the sender's work.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const secret = process.env.BURST_SIGNING_SECRET!;
const text = process.env.BURST_TEXT ?? 'help';
/** How long a burst waits for all its replies. */
const REPLY_WAIT_MS = 60_000;

const hooks = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('slack-hooks.mts', import.meta.url))], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const hookLines = createInterface({ input: hooks.stdout! })[Symbol.asyncIterator]();
async function nextHookLine<T>(): Promise<T> {
  return JSON.parse((await hookLines.next()).value as string) as T;
}
const {
  url: hooksUrl,
  apiUrl: hooksApiUrl,
  token: hooksToken,
} = await nextHookLine<{ url: string; apiUrl: string; token: string }>();
/** Replies the hooks host has received so far. */
async function replies(): Promise<number> {
  hooks.stdin!.write('\n');
  return (await nextHookLine<{ replies: number }>()).replies;
}

// One connection per command, all opened at once, as Slack's many senders would.
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

/** A slash command body signed as Slack signs it (v0 HMAC-SHA256 over `v0:timestamp:body`). */
function signedCommand(): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    team_id: 'T0ARCADIA',
    team_domain: 'arcadia',
    channel_id: 'C0BENCH',
    channel_name: 'ops',
    user_id: 'U0BENCH',
    user_name: 'bench',
    command: '/cloud',
    text,
    api_app_id: 'A0ARCADIA',
    response_url: `${hooksUrl}/response/${randomUUID()}`,
    trigger_id: randomUUID(),
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
    },
  };
}

function send(
  url: URL,
  command: { body: string; headers: Record<string, string> },
): Promise<{ ms: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { method: 'POST', headers: command.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(command.body);
  });
}

async function burst(url: URL, size: number, awaitReplies: boolean) {
  const before = await replies();
  // Signed before the clock starts: signing is Slack's work, not Arcadia's.
  const commands = Array.from({ length: size }, signedCommand);
  const started = performance.now();
  const results = await Promise.all(commands.map((c) => send(url, c)));
  // Every command must also have been answered, or the acks prove little.
  let replied = (await replies()) - before;
  const deadline = Date.now() + (awaitReplies ? REPLY_WAIT_MS : 0);
  while (replied < size && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    replied = (await replies()) - before;
  }
  return {
    ms: results.map((r) => r.ms),
    ok: results.filter((r) => r.status === 200).length,
    replies: replied,
    repliesMs: performance.now() - started,
  };
}

// The hooks host's Web API and bot token: a receiver whose SLACK_API_URL is on its origin accepts its response_urls.
console.log(JSON.stringify({ ready: true, hooksApiUrl, hooksToken }));
for await (const line of createInterface({ input: process.stdin })) {
  const { url, size, awaitReplies } = JSON.parse(line) as { url: string; size: number; awaitReplies: boolean };
  console.log(JSON.stringify(await burst(new URL(url), size, awaitReplies)));
}
hooks.stdin!.end();
await once(hooks, 'exit');
