import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ResponseUrlError } from './outbox-errors.js';

const TIMEOUT_MS = 10_000;
// Kept-alive connections: a burst of replies to Slack's hooks host reuses a few sockets.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/**
 * Posts a message to a slash command's response_url. Plain node:http(s) rather than fetch: replies
 * share the event loop with the acks of the commands still arriving, and in a burst of 200 a fetch
 * post cost about 2.5 times the CPU of this one (scratch measurement, 1.4 ms against 0.55 ms).
 */
export function postToResponseUrl(responseUrl: string, payload: Record<string, unknown>): Promise<void> {
  const url = new URL(responseUrl);
  const body = JSON.stringify(payload);
  const secure = url.protocol === 'https:';
  return new Promise<void>((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new ResponseUrlError(status));
      });
      res.on('error', reject);
    };
    const options = {
      method: 'POST',
      agent: secure ? httpsAgent : httpAgent,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) },
      timeout: TIMEOUT_MS,
    };
    const req = secure ? httpsRequest(url, options, onResponse) : httpRequest(url, options, onResponse);
    req.on('timeout', () => req.destroy(new Error(`response_url did not answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}
