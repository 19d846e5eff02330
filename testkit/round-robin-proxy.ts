import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeNow, listenOnLoopback } from './loopback-server.js';

/** A load balancer in front of several Slack receivers: its URL, and how many requests each upstream got. */
export interface RoundRobinProxy {
  url: string;
  served: number[];
  stop(): Promise<void>;
}

/**
 * Forwards each request, body and headers untouched (Slack's signature covers the raw body), to the
 * next of `upstreams` in turn, and streams the answer back: what a load balancer in front of
 * several `arcadia start` receivers does. Listens on loopback only.
 */
export async function startRoundRobinProxy(upstreams: string[]): Promise<RoundRobinProxy> {
  const served = upstreams.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const i = next++ % upstreams.length;
    served[i]! += 1;
    const target = new URL(req.url ?? '/', upstreams[i]);
    const forward = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    // An upstream that is down answers 502, as a load balancer would.
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    stop: () => closeNow(server),
  };
}
