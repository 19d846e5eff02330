/**
 * The Slack side of bench/slack.ts, in a process of its own so Slack's work does not share the
 * receiver's event loop: sends BURST_SIZE signed `/cloud <BURST_TEXT>` slash commands at once to
 * BURST_URL, takes the replies on their response_urls (a Slack stand-in of its own), and prints one
 * JSON line: each command's time to ack in ms, and when the last reply arrived.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { SlackStandin } from '../testkit/slack/slack-standin.js';

const url = new URL(process.env.BURST_URL!);
const secret = process.env.BURST_SIGNING_SECRET!;
const size = Number(process.env.BURST_SIZE);
const text = process.env.BURST_TEXT ?? 'help';
const slack = new SlackStandin();
await slack.start();
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
    response_url: slack.responseUrl(),
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

function send(command: { body: string; headers: Record<string, string> }): Promise<{ ms: number; status: number }> {
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

// Signed before the clock starts: signing is Slack's work, not Arcadia's.
const commands = Array.from({ length: size }, signedCommand);
const started = performance.now();
const results = await Promise.all(commands.map(send));
// Every command must also have been answered, or the acks prove little.
const deadline = Date.now() + Number(process.env.BURST_REPLY_WAIT_MS ?? 60_000);
while (slack.callsTo('response_url').length < size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
const replies = slack.callsTo('response_url').length;
console.log(JSON.stringify({ ms: results.map((r) => r.ms), ok: results.filter((r) => r.status === 200).length, replies, repliesMs: performance.now() - started }));
await slack.stop();
process.exit(0);
