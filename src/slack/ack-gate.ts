import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ackLatency } from '../metrics.js';

/** The longest reply work waits for the acks of other requests: a steady stream of them must not starve the replies. */
const MAX_WAIT_MS = 1_000;

/**
 * Acks before replies. Slack wants every request acknowledged within 3 seconds, while a reply to a
 * response_url has 30 minutes; in a burst of commands, the receiver's one event loop should answer
 * every request it has taken before it spends time on any reply. The HTTP server reports each
 * request it takes; reply work is let through one piece per turn of the event loop, and only while
 * no request is waiting for its answer, so requests that arrive in between go first.
 */
export class AckGate {
  private unanswered = 0;
  private readonly waiting: (() => void)[] = [];
  private draining = false;

  /** Counts a request until its response is done (sent, or the connection gone), and records how long its answer took. */
  track(res: ServerResponse): void {
    this.unanswered++;
    const takenAt = performance.now();
    // A pipelined request queued behind an unanswered one gets no 'close' on its response when the
    // connection dies; its socket's 'close' ends it then, or it would hold every reply back for good.
    const socket = res.req?.socket;
    const done = () => {
      res.off('close', done);
      socket?.off('close', done);
      ackLatency.observe((performance.now() - takenAt) / 1000);
      this.unanswered--;
      this.drain();
    };
    res.once('close', done);
    socket?.once('close', done);
  }

  /** Resolves when it is this caller's turn: every request taken so far answered (or MAX_WAIT_MS passed), at the earliest on the next turn of the event loop. */
  answered(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(go);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve();
      }, MAX_WAIT_MS);
      const go = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiting.push(go);
      this.drain();
    });
  }

  /** Lets the first waiter go on the next turn, then the next one a turn later, for as long as no request is unanswered. */
  private drain(): void {
    if (this.draining || this.unanswered > 0 || this.waiting.length === 0) return;
    this.draining = true;
    setImmediate(() => {
      this.draining = false;
      if (this.unanswered > 0) return;
      this.waiting.shift()?.();
      this.drain();
    });
  }
}
