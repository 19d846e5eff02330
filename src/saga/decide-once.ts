import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { ArcadiaError, ErrorCode } from '../errors.js';
import { claimOnce } from '../claim-once.js';

/** Another click deciding the same thing is being handled (two admins, or a double click). */
export class DecisionTakenError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(readonly subject: string) {
    super(ErrorCode.SlackDecisionTaken, `another click on ${subject} is already being handled`, { subject });
  }

  override get sentence(): string {
    return `Nothing changed: another click on ${this.subject} was first.`;
  }
}

/** A bound on how long a claim can outlive a process that died holding it; a decision itself takes milliseconds. */
const CLAIM_SECONDS = 600;
/** How often a caller willing to wait (`waitMs`) tries the claim again. */
const CLAIM_RETRY_MS = 50;

/**
 * Runs `decide` for the first of several concurrent clicks deciding `key` (approve or reject a
 * saga; tear it down or cancel). The saga's own status check refuses a late click, but a compare-
 * and-set is not atomic on every MongoDB-wire server (FerretDB lets two concurrent
 * findOneAndUpdate calls both match), so clicks arriving together are ordered here, in Redis. The
 * claim is released once the decision is stored: a later click meets the saga's new status and is
 * told what it is. With `waitMs`, a caller finding the claim taken tries again until then, so a
 * short hold (recording where a request was posted) does not turn a decision away.
 */
export async function decideOnce<T>(
  deps: { redis: Redis; prefix: string },
  key: string,
  subject: string,
  decide: () => Promise<T>,
  options: { waitMs?: number } = {},
): Promise<T> {
  const claim = `${deps.prefix}:slack:decision:${key}`;
  const deadline = Date.now() + (options.waitMs ?? 0);
  while (!(await claimOnce(deps.redis, claim, CLAIM_SECONDS))) {
    if (Date.now() >= deadline) throw new DecisionTakenError(subject);
    await sleep(CLAIM_RETRY_MS);
  }
  try {
    return await decide();
  } finally {
    await deps.redis.del(claim);
  }
}
