import { describe, expect, it } from 'vitest';
import { unassignedReservedIp } from '../../../src/waste/rules/unassigned-reserved-ip.js';
import { res, ruleContext } from '../rule-context.js';

describe('unassigned reserved IPs', () => {
  it('finds unassigned IPs at $4 a month, never assigned ones', () => {
    const found = unassignedReservedIp.detect(
      ruleContext([
        res('floating_ip', '10.0.0.1', { status: 'unassigned' }),
        res('floating_ip', '10.0.0.2', { status: 'assigned' }),
      ]),
    );
    expect(found.map((f) => [f.resource.providerId, f.monthlyCents])).toEqual([['10.0.0.1', 400]]);
  });
});
