/**
 * Runs writes with at most `limit` in flight at once, in the order added. A sync's pages are
 * disjoint (each id is written by one page), so the next page's insert need not wait for the last
 * one's: while the database stores one page it can already take the next (on FerretDB each command
 * runs on its own PostgreSQL backend, so two use both cores where one leaves one idle).
 * The first failure is rethrown by the next `add` or by `drain`; `settle` waits without throwing,
 * so a failed run never leaves writes of its own running under a retry.
 */
export class WriteWindow {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  /** Starts `write` once fewer than `limit` are in flight (resolving then, not when it is done). */
  async add(write: () => Promise<void>): Promise<void> {
    this.rethrow();
    while (this.inFlight.size >= this.limit) {
      await Promise.race(this.inFlight);
      this.rethrow();
    }
    const running: Promise<void> = write()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  /** Waits for every write, then rethrows the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    this.rethrow();
  }

  /** Waits for every write, whatever their outcome. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}
