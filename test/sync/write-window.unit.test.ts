import { describe, expect, it } from 'vitest';
import { WriteWindow } from '../../src/sync/write-window.js';

/** A write that finishes when the test says so. */
function gate() {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { write: () => done, open, fail };
}

describe('WriteWindow', () => {
  it('keeps at most `limit` writes in flight, starting the next as soon as one ends', async () => {
    const window = new WriteWindow(2);
    const [a, b, c] = [gate(), gate(), gate()];
    const started: string[] = [];
    await window.add(() => (started.push('a'), a.write()));
    await window.add(() => (started.push('b'), b.write()));
    const third = window.add(() => (started.push('c'), c.write()));
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    b.open();
    await third;
    expect(started).toEqual(['a', 'b', 'c']);
    a.open();
    c.open();
    await window.drain();
  });

  it('rethrows the first failure, at the next add or at drain, only after every write has ended', async () => {
    const window = new WriteWindow(2);
    const [a, b] = [gate(), gate()];
    await window.add(a.write);
    await window.add(b.write);
    a.fail(new Error('page 1 failed'));
    let bEnded = false;
    const drained = window.drain().catch((err: Error) => ({ message: err.message, bEnded }));
    b.write().then(() => (bEnded = true));
    b.open();
    expect(await drained).toEqual({ message: 'page 1 failed', bEnded: true });
    await expect(window.add(async () => undefined)).rejects.toThrow('page 1 failed');
  });

  it('settle waits for every write and never throws', async () => {
    const window = new WriteWindow(3);
    const a = gate();
    await window.add(a.write);
    await window.add(async () => {
      throw new Error('lost');
    });
    const settled = window.settle();
    a.open();
    await expect(settled).resolves.toBeUndefined();
  });
});
