import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AckGate } from '../../src/slack/ack-gate.js';

/** A response as the gate sees it: something that emits 'close' once answered. */
const response = () => new EventEmitter() as unknown as ServerResponse & EventEmitter;
/** Lets the event loop turn `n` times (each turn runs one round of setImmediate callbacks). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
/** Counts turns of the event loop, so a test can see which turn each piece of reply work went on. */
function turnCounter(): { readonly now: number; stop(): void } {
  let now = 0;
  let running = true;
  const tick = () => {
    now++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get now() {
      return now;
    },
    stop: () => void (running = false),
  };
}
/** Calls `answered()` and records the turn it resolved on. */
function waiter(gate: AckGate, clock: { readonly now: number }): { done: boolean; turn: number } {
  const state = { done: false, turn: -1 };
  void gate.answered().then(() => Object.assign(state, { done: true, turn: clock.now }));
  return state;
}
/** Lets the event loop turn until `done()` holds (at most 100 turns). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await turns(1);
}

describe('AckGate: acks before replies', () => {
  afterEach(() => void vi.useRealTimers());

  it('lets reply work go at once when no request is waiting for its ack', async () => {
    const gate = new AckGate();
    await expect(gate.answered()).resolves.toBeUndefined();
  });

  it('holds reply work while any request taken is unanswered, then lets it go in order, one piece per turn', async () => {
    const clock = turnCounter();
    const gate = new AckGate();
    const [a, b] = [response(), response()];
    gate.track(a);
    gate.track(b);
    const replies = [waiter(gate, clock), waiter(gate, clock), waiter(gate, clock)];
    await turns(10);
    a.emit('close');
    await turns(10);
    expect(replies.some((r) => r.done)).toBe(false);

    b.emit('close');
    await until(() => replies.every((r) => r.done));
    clock.stop();
    const [first, second, third] = replies.map((r) => r.turn);
    expect(first).toBeLessThan(second!);
    expect(second).toBeLessThan(third!);
  });

  it('stops letting replies through as soon as a new request arrives, and goes on once it is answered', async () => {
    const clock = turnCounter();
    const gate = new AckGate();
    const replies = [waiter(gate, clock), waiter(gate, clock), waiter(gate, clock)];
    await until(() => replies[0]!.done);
    const late = response();
    gate.track(late);
    await turns(10);
    expect(replies.map((r) => r.done)).toEqual([true, false, false]);
    late.emit('close');
    await until(() => replies.every((r) => r.done));
    clock.stop();
    expect(replies.map((r) => r.done)).toEqual([true, true, true]);
  });

  it('counts a request as answered when its connection closes, even if its response never says so', async () => {
    const gate = new AckGate();
    // A pipelined request queued behind another: its socket closes, its response emits nothing.
    const socket = new EventEmitter();
    const queued = Object.assign(response(), { req: { socket } });
    gate.track(queued);
    const clock = turnCounter();
    const reply = waiter(gate, clock);
    await turns(5);
    expect(reply.done).toBe(false);
    socket.emit('close');
    await until(() => reply.done);
    expect(reply.done).toBe(true);
    // Counted once: after a later 'close' on the response, one new unanswered request still holds replies back.
    queued.emit('close');
    gate.track(response());
    const held = waiter(gate, clock);
    await turns(5);
    clock.stop();
    expect(held.done).toBe(false);
  });

  it('never starves a reply: after a second of unanswered requests it goes anyway', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const gate = new AckGate();
    gate.track(response());
    const reply = waiter(gate, { now: 0 });
    await vi.advanceTimersByTimeAsync(999);
    expect(reply.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(reply.done).toBe(true);
  });
});
