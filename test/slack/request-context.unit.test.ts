import { describe, expect, it } from 'vitest';
import type { Context } from '@slack/bolt';
import { createLogger } from '../../src/logger.js';
import { forRequest, requestContext, requestIdOf } from '../../src/slack/request-context.js';

describe('request context', () => {
  it('gives each request an id of its own, which its listener reads', async () => {
    const ids: (string | undefined)[] = [];
    for (let i = 0; i < 2; i++) {
      const context = {} as Context;
      await requestContext()({ context, next: async () => void ids.push(requestIdOf(context)) } as never);
    }
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it("puts the id on every line of the listener's logger, and leaves the deps alone without one", () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger('info', {
      write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>),
    });
    const deps = { log, other: 1 };
    forRequest(deps, 'req-9').log.info('sync requested from Slack');
    expect(lines[0]).toMatchObject({ requestId: 'req-9', msg: 'sync requested from Slack' });
    expect(forRequest(deps, undefined)).toBe(deps);
    expect(requestIdOf(undefined)).toBeUndefined();
  });
});
