/** MongoDB's (and FerretDB's) error code for a write that would duplicate a unique key. */
export const DUPLICATE_KEY = 11000;

/** True when a write failed because a document with the same unique key is already there. */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}
