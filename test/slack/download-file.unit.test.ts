import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadSlackFile } from '../../src/slack/download-file.js';
import { FileRefusedError } from '../../src/slack/errors.js';
import { closeNow, listenOnLoopback } from '../../testkit/loopback-server.js';

const TOKEN = 'xoxb-test-token';
const CSV = 'product,description,USD\nDroplets,web,$6.00\n';
const seen: { path: string; authorization: string | undefined }[] = [];

/** A file host: each path answers one way. */
const routes: Record<string, (res: ServerResponse) => void> = {
  '/june.csv': (res) => res.writeHead(200, { 'content-type': 'text/csv' }).end(CSV),
  '/moved.csv': (res) => res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere.csv' }).end(),
  '/login': (res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html>Sign in to Slack</html>'),
  '/gone.csv': (res) => res.writeHead(404).end(),
  '/declared-large.csv': (res) =>
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '5000' }).end('x'.repeat(5000)),
  // No content-length: the size is only known as the bytes arrive.
  '/chunked-large.csv': (res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    for (let i = 0; i < 10; i += 1) res.write('y'.repeat(500));
    res.end();
  },
};
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
  (routes[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(500).end()))(res);
});
let origin = '';
const limits = () => ({ allowedOrigins: [origin], maxBytes: 1024 });

async function refusal(path: string): Promise<FileRefusedError> {
  try {
    await downloadSlackFile('F1', `${origin}${path}`, TOKEN, limits());
  } catch (err) {
    if (err instanceof FileRefusedError) return err;
    throw err;
  }
  throw new Error('the download was taken');
}

beforeAll(async () => {
  await listenOnLoopback(server);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  origin = `http://127.0.0.1:${address.port}`;
});
afterAll(() => closeNow(server));

describe('downloadSlackFile', () => {
  it('downloads the file with the bot token', async () => {
    const bytes = await downloadSlackFile('F1', `${origin}/june.csv`, TOKEN, limits());
    expect(bytes.toString('utf8')).toBe(CSV);
    expect(seen.at(-1)).toEqual({ path: '/june.csv', authorization: `Bearer ${TOKEN}` });
  });

  it('sends nothing to a URL off the allowed origins', async () => {
    const before = seen.length;
    await expect(
      downloadSlackFile('F1', `${origin}/june.csv`, TOKEN, {
        allowedOrigins: ['https://files.slack.com'],
        maxBytes: 1024,
      }),
    ).rejects.toThrow(FileRefusedError);
    await expect(downloadSlackFile('F1', undefined, TOKEN, limits())).rejects.toThrow('the file has no download URL');
    expect(seen.length).toBe(before);
  });

  it('does not follow a redirect, which could take the token to another host', async () => {
    expect((await refusal('/moved.csv')).reason).toBe('Slack answered HTTP 302 for the download');
  });

  it("refuses Slack's login page, saying the bot may lack files:read", async () => {
    expect((await refusal('/login')).reason).toBe(
      'Slack sent a web page instead of the file (is the bot missing files:read?)',
    );
  });

  it('refuses an answer other than 200', async () => {
    expect((await refusal('/gone.csv')).reason).toBe('Slack answered HTTP 404 for the download');
  });

  it('refuses a file over the limit, whether its size is declared or only counted as it arrives', async () => {
    expect((await refusal('/declared-large.csv')).reason).toBe('the file is 5000 bytes; the limit is 1024');
    expect((await refusal('/chunked-large.csv')).reason).toBe('the file is over the 1024-byte limit');
  });
});
