/**
 * Slack's hooks host (where response_url posts go) in a process of its own, so the replies of a
 * burst are not taken on the event loop of the sender that times the acks: prints `{"url","apiUrl","token"}` once
 * listening, answers each stdin line with `{"replies"}` (posts received so far), and stops when
 * its stdin closes.
 */
import { createInterface } from 'node:readline';
import { SlackStandin } from '../testkit/slack/slack-standin.js';

const slack = new SlackStandin();
await slack.start();
console.log(JSON.stringify({ url: slack.url, apiUrl: slack.apiUrl, token: slack.token }));
createInterface({ input: process.stdin }).on('line', () =>
  console.log(JSON.stringify({ replies: slack.callsTo('response_url').length })),
);
process.stdin.on('end', () => void slack.stop().then(() => process.exit(0)));
