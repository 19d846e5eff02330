import { describe, expect, it } from 'vitest';
import { oldSnapshot } from '../../../src/waste/rules/old-snapshot.js';
import { daysAgo, res, ruleContext } from '../rule-context.js';

describe('old snapshots', () => {
  const snap = (id: string, days: number, resourceId: string) =>
    res('snapshot', id, {
      attrs: {
        resource_type: 'droplet',
        resource_id: resourceId,
        size_gigabytes: 2.34,
        created_at: daysAgo(days).toISOString(),
      },
    });

  it('reports snapshots past the threshold at $0.06 a GiB, saying when their source is gone', () => {
    const found = oldSnapshot.detect(
      ruleContext([
        snap('old-orphan', 200, 'gone'),
        snap('old-kept', 91, '42'),
        snap('recent', 10, 'gone'),
        res('droplet', '42'),
      ]),
    );
    expect(found.map((f) => [f.resource.providerId, f.monthlyCents])).toEqual([
      ['old-orphan', 14],
      ['old-kept', 14],
    ]);
    expect(found[0]!.reason).toBe('2.34 GiB droplet snapshot whose droplet is gone');
    expect(found[1]!.reason).toBe('2.34 GiB droplet snapshot');
    expect(found[0]!.since).toEqual(daysAgo(200));
  });
});
