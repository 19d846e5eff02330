import { setTimeout as sleep } from 'node:timers/promises';
import { InvoiceLease } from '../../models/invoice-lease.js';
import { DEFAULTS } from '../config.js';
import { isDuplicateKey } from '../duplicate-key.js';
import { InvoiceBusyError } from './errors.js';

export interface LeaseOptions {
  /** How long a holder that stopped renewing (a crashed process) keeps it: ARCADIA_JOB_LOCK_MS. @defaultValue its default */
  ttlMs?: number;
  /** How long to wait for a live holder before giving up (InvoiceBusyError). @defaultValue LEASE_MAX_WAIT_MS */
  maxWaitMs?: number;
}

/** Longer than any ingest takes (400,000 lines: under a minute), short of leaving a queued upload waiting all day. */
export const LEASE_MAX_WAIT_MS = 15 * 60_000;

/** A lease taken: renewed in the background until released. */
export interface HeldLease {
  /** Higher than every earlier holder's: what orders their generations of lines. */
  readonly fence: number;
  /** Renews it now; throws InvoiceBusyError when another has taken it (this holder paused past its expiry). */
  confirm(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes the lease on one DO team's invoices of one period, waiting while another holds it, so
 * ingests and rematches of the same invoice run one after the other. The period is the unit
 * because an invoice's identity is settled among its period's invoices (a file naming none stands
 * for the period's one). It lives in MongoDB beside the invoices rather than in Redis: `rematch`
 * runs without Redis, and the holder checks it in the store it commits to. A holder renews it
 * every third of `ttlMs`; one that crashed lets it lapse, and the next takes it then.
 */
export async function takeInvoiceLease(
  account: string,
  period: string,
  options: LeaseOptions = {},
): Promise<HeldLease> {
  const ttlMs = options.ttlMs ?? DEFAULTS.ARCADIA_JOB_LOCK_MS;
  const maxWaitMs = options.maxWaitMs ?? LEASE_MAX_WAIT_MS;
  const key = `${account}:${period}`;
  const giveUpAt = Date.now() + maxWaitMs;
  let fence: number | null;
  while ((fence = await tryTake(key, ttlMs)) === null) {
    if (Date.now() >= giveUpAt) throw new InvoiceBusyError(period, account, 'waited', maxWaitMs);
    await sleep(Math.min(500, ttlMs / 4, Math.max(1, giveUpAt - Date.now())));
  }

  const own = `${key}:${fence}`;
  const next = `${key}:${fence + 1}`;
  const extend = () => InvoiceLease.updateOne({ _id: own }, { $set: { expiresAt: new Date(Date.now() + ttlMs) } });
  // A failed renewal (the server restarting) is tried again on the next tick; confirm() says for sure.
  const renewal = setInterval(() => void extend().catch(() => undefined), ttlMs / 3);
  renewal.unref();
  return {
    fence,
    async confirm() {
      if (await InvoiceLease.exists({ _id: next })) throw new InvoiceBusyError(period, account, 'overtaken');
      await extend();
    },
    async release() {
      clearInterval(renewal);
      await InvoiceLease.updateOne({ _id: own }, { $set: { expiresAt: new Date(0) } });
    },
  };
}

/** Takes the next fence when the latest taking is released or lapsed, returning it; null while another holds it. */
async function tryTake(key: string, ttlMs: number): Promise<number | null> {
  const takings = await InvoiceLease.find({ key }, { fence: 1, expiresAt: 1 }).lean();
  const latest = takings.reduce<(typeof takings)[number] | null>((a, b) => (a && a.fence > b.fence ? a : b), null);
  if (latest && latest.expiresAt.getTime() > Date.now()) return null;
  const fence = (latest?.fence ?? 0) + 1;
  try {
    await InvoiceLease.create({ _id: `${key}:${fence}`, key, fence, expiresAt: new Date(Date.now() + ttlMs) });
    return fence;
  } catch (err) {
    // Another took this fence first: it holds the lease now.
    if (isDuplicateKey(err)) return null;
    throw err;
  }
}
