import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * Gives every Slack request (a slash command, a click, an event) an id of its own, `requestId` in its
 * Bolt context. Slack sends none that every kind of request has; this one goes into the logger a
 * listener works with and into the payload of any job the request queues (`replyTo.requestId`), so
 * the receiver's lines and the worker's name the same request.
 */
export function requestContext(): Middleware<AnyMiddlewareArgs> {
  return async ({ context, next }) => {
    context.requestId = randomUUID();
    await next();
  };
}

/** The request id `requestContext` gave this request (none outside Bolt, e.g. in a unit test's fake arguments). */
export function requestIdOf(context: Context | undefined): string | undefined {
  const id: unknown = context?.requestId;
  return typeof id === 'string' ? id : undefined;
}

/** A listener's dependencies for one request: the same, with a logger whose every line names the request. */
export function forRequest<D extends { log: Logger }>(deps: D, requestId: string | undefined): D {
  return requestId ? { ...deps, log: deps.log.child({ requestId }) } : deps;
}
