import { describe, expect, it } from 'vitest';
import { find } from '../../commands/find.js';
import type { FoundResource } from '../../src/slack/blocks/index.js';
import { commandDeps, emptyQueries, invocation } from '../helpers/bolt.js';

describe('/cloud find', () => {
  it('takes a name, an IP or an id, unwrapping what Slack links', () => {
    expect(find.schema.parse('  web-01 ')).toBe('web-01');
    expect(find.schema.parse('<http://203.0.113.10|203.0.113.10>')).toBe('203.0.113.10');
    expect(find.schema.safeParse('   ').error?.issues[0]?.message).toBe(
      'Say what to look for: a name, an IP or an id.',
    );
  });

  it('looks the term up and shows what it found', async () => {
    const asked: string[] = [];
    const match: FoundResource = {
      kind: 'droplet',
      providerId: '3164444',
      name: 'web-01',
      region: 'nyc3',
      status: 'active',
      project: 'web-api',
      keyFields: { ip: '203.0.113.10' },
      stale: false,
      staleSince: null,
      consoleUrl: 'https://cloud.digitalocean.com/droplets/3164444',
    };
    const deps = commandDeps({}, { queries: { ...emptyQueries, find: async (term) => (asked.push(term), [match]) } });
    const reply = await find.handle(invocation('web-01'), deps);
    expect(asked).toEqual(['web-01']);
    expect(JSON.stringify(reply.blocks)).toContain('203.0.113.10');
  });
});
