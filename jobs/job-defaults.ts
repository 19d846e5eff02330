import type { JobsOptions } from 'bullmq';
import { DEFAULTS } from '../src/config.js';
import type { QUEUE_NAMES } from './queues.js';

const DAY_S = 86_400;

/** Attempts and exponential backoff: a failed attempt waits `delayMs`, then twice that, and so on. */
export function retries(
  attempts: number,
  delayMs: number,
): { attempts: number; backoff: { type: 'exponential'; delay: number } } {
  return { attempts, backoff: { type: 'exponential', delay: delayMs } };
}

/**
 * Every queue's job options: how often a job is tried and how long BullMQ keeps it once it ended
 * (ages in seconds). Every producer spreads its queue's entry, so a new queue must declare its own.
 * A queue whose attempts are a setting (syncs, Slack deliveries) declares that setting's default
 * here, and the producer given the running configuration's value passes it over this one.
 */
export const JOB_DEFAULTS = {
  // A DO outage gets a few minutes to clear before the run is given up. A week of runs is kept for
  // `/cloud status` and the sync replies, capped for accounts syncing many teams.
  cloudSync: {
    ...retries(DEFAULTS.ARCADIA_SYNC_ATTEMPTS, DEFAULTS.ARCADIA_SYNC_RETRY_DELAY_MS),
    removeOnComplete: { age: 7 * DAY_S, count: 5_000 },
    removeOnFail: { age: 30 * DAY_S },
  },
  // A failed ingest is kept a month: a refused upload's payload is what the Replace button queues again.
  invoiceIngest: {
    ...retries(3, 5_000),
    removeOnComplete: { age: 7 * DAY_S },
    removeOnFail: { age: 30 * DAY_S },
  },
  // The saga's own state, not the job, records failures; a job retry covers MongoDB or Redis hiccups.
  provision: {
    ...retries(3, 5_000),
    removeOnComplete: { age: 7 * DAY_S },
    removeOnFail: { age: 30 * DAY_S },
  },
  // Every complete listing queues one, so they are many and short-lived: the next sync's run replaces a lost one.
  wasteDetect: {
    ...retries(3, 5_000),
    removeOnComplete: { age: DAY_S, count: 1_000 },
    removeOnFail: { age: 7 * DAY_S },
  },
  slackOutbox: {
    ...retries(DEFAULTS.ARCADIA_SLACK_ATTEMPTS, DEFAULTS.ARCADIA_SLACK_RETRY_DELAY_MS),
    removeOnComplete: { age: 7 * DAY_S, count: 10_000 },
    // Undelivered messages are kept: an operator can read and retry them.
    removeOnFail: false,
  },
} as const satisfies Record<keyof typeof QUEUE_NAMES, JobsOptions>;
