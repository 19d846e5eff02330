import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { claimOnce } from '../claim-once.js';

/** Slack's last retry comes about 5 minutes after the first delivery; keep ids well past that. */
const EVENT_TTL_SECONDS = 3600;

/**
 * Global middleware: an Events API delivery whose `event_id` was already handled is dropped.
 * Deduping by id rather than by the X-Slack-Retry-Num header means a retry that is the only copy
 * to arrive (the first was lost) is still processed.
 */
export function eventDedupe(redis: Redis, prefix: string, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (
      typeof eventId === 'string' &&
      !(await claimOnce(redis, `${prefix}:slack:event:${eventId}`, EVENT_TTL_SECONDS))
    ) {
      log.info(
        { eventId, retryNum: context.retryNum, retryReason: context.retryReason },
        'duplicate Slack event ignored',
      );
      return;
    }
    await next();
  };
}
