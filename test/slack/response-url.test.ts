import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { postToResponseUrl } from '../../src/slack/response-url.js';
import { PermanentDeliveryError, ResponseUrlError } from '../../src/slack/outbox/errors.js';
import { closeNow, listenOnLoopback } from '../../testkit/loopback-server.js';

/**
 * A response_url receiver. `idleClose`: it closes a kept-alive connection as idle just as the next
 * request arrives on it (the race that drops a reply sent over a pooled socket), answering only the
 * first request of each connection. `statuses`: answers taken in turn before it settles on 200.
 */
class Receiver {
  readonly bodies: string[] = [];
  posts = 0;
  idleClose = false;
  statuses: number[] = [];
  private readonly served = new WeakSet<Socket>();
  private readonly server = createServer((req, res) => this.handle(req, res));
  url = '';

  async start(): Promise<void> {
    this.server.keepAliveTimeout = 60_000;
    await listenOnLoopback(this.server);
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}/commands/T1/1/abc`;
  }

  stop(): Promise<void> {
    return closeNow(this.server);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.posts += 1;
    if (this.idleClose && this.served.has(req.socket)) return void req.socket.destroy();
    this.served.add(req.socket);
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const status = this.statuses.shift() ?? 200;
      if (status === 200) this.bodies.push(raw);
      res
        .writeHead(status, { 'content-type': 'text/plain', connection: 'keep-alive' })
        .end(status === 200 ? 'ok' : 'error');
    });
  }
}

let receiver: Receiver;
beforeAll(async () => {
  receiver = new Receiver();
  await receiver.start();
});
afterAll(() => receiver.stop());

/** The receiver stands in for Slack as SLACK_API_URL would name the stand-in: response_urls on its origin are Slack's. */
const asWebApi = () => ({ webApiUrl: new URL(receiver.url).origin });

function fresh(setup: Partial<Pick<Receiver, 'idleClose' | 'statuses'>>): void {
  receiver.bodies.length = 0;
  receiver.posts = 0;
  receiver.idleClose = setup.idleClose ?? false;
  receiver.statuses = setup.statuses ?? [];
}

describe('postToResponseUrl', () => {
  it('loses no reply to a receiver that closes idle kept-alive connections', async () => {
    fresh({ idleClose: true });
    // Without a retry the second post already fails: the pooled socket is reset under it.
    await postToResponseUrl(receiver.url, { text: 'warm-up' }, { attempts: 1, ...asWebApi() });
    await expect(postToResponseUrl(receiver.url, { text: 'lost' }, { attempts: 1, ...asWebApi() })).rejects.toThrow();

    fresh({ idleClose: true });
    for (let i = 0; i < 30; i++) await postToResponseUrl(receiver.url, { text: `reply ${i}` }, asWebApi());
    expect(receiver.bodies.map((b) => (JSON.parse(b) as { text: string }).text)).toEqual(
      Array.from({ length: 30 }, (_, i) => `reply ${i}`),
    );
  });

  it('retries a 5xx and delivers once', async () => {
    fresh({ statuses: [503, 500] });
    await postToResponseUrl(receiver.url, { text: 'after two errors' }, { retryDelayMs: 1, ...asWebApi() });
    expect(receiver.posts).toBe(3);
    expect(receiver.bodies).toEqual([JSON.stringify({ text: 'after two errors' })]);
  });

  it('stops at the URL’s five uses when the errors persist', async () => {
    fresh({ statuses: Array(10).fill(502) });
    await expect(
      postToResponseUrl(receiver.url, { text: 'never' }, { retryDelayMs: 1, ...asWebApi() }),
    ).rejects.toBeInstanceOf(ResponseUrlError);
    expect(receiver.posts).toBe(5);
  });

  it("posts nothing to a response_url that is not on Slack's hooks host over https (or the configured Web API's origin)", async () => {
    fresh({});
    // The receiver is not the configured Web API here: a forged payload's URL, say.
    const refused = await postToResponseUrl(receiver.url, { text: 'inventory for a stranger' }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(PermanentDeliveryError);
    expect(refused).toMatchObject({ reason: 'response_url_not_slack' });
    await expect(
      postToResponseUrl(receiver.url, { text: 'elsewhere' }, { webApiUrl: 'http://127.0.0.1:1/api/' }),
    ).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(receiver.posts).toBe(0);
  });

  it('does not retry an expired or used-up URL (404), nor past the 30-minute deadline', async () => {
    fresh({ statuses: [404] });
    await expect(
      postToResponseUrl(receiver.url, { text: 'expired' }, { retryDelayMs: 1, ...asWebApi() }),
    ).rejects.toMatchObject({ status: 404 });
    expect(receiver.posts).toBe(1);

    // The immediate retry on a fresh connection still goes; a delayed one would start past the deadline.
    fresh({ statuses: [503, 503, 503] });
    await expect(
      postToResponseUrl(
        receiver.url,
        { text: 'late' },
        { retryDelayMs: 60_000, deadline: Date.now() + 1000, ...asWebApi() },
      ),
    ).rejects.toMatchObject({ status: 503 });
    expect(receiver.posts).toBe(2);
  });
});
