/**
 * Iterates `source` while asking it for up to `depth` items ahead, so the next pages of a listing
 * are on their way while the current one is written (and while the kind's stored state is read
 * before the first). Memory stays bounded by `depth` items. Requests run one after another, as
 * an async generator queues them; an error surfaces when its item's turn comes.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const ahead: Promise<IteratorResult<T>>[] = [];
  let ended = false;
  const fill = () => {
    while (!ended && ahead.length < depth) {
      const next = iterator.next();
      // Handled here so a failure waiting in the buffer is never an unhandled rejection.
      next.then(
        (r) => void (r.done && (ended = true)),
        () => void (ended = true),
      );
      ahead.push(next);
    }
  };
  let finished = false;
  try {
    for (;;) {
      fill();
      const result = await ahead.shift()!;
      if (result.done) {
        finished = true;
        return;
      }
      yield result.value;
    }
  } finally {
    // The consumer stopped early (or a page failed): let the source clean up.
    if (!finished) await iterator.return?.().catch(() => undefined);
  }
}
