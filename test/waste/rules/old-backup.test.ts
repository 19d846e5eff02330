import { describe, expect, it } from 'vitest';
import { oldBackup } from '../../../src/waste/rules/old-backup.js';
import { daysAgo, res, ruleContext } from '../rule-context.js';

describe('old backups', () => {
  it('reports backups older than the threshold only', () => {
    const backup = (id: string, days: number) =>
      res('droplet_backup', id, {
        attrs: { droplet_id: '7', size_gigabytes: 10, created_at: daysAgo(days).toISOString() },
      });
    const found = oldBackup.detect(ruleContext([backup('kept', 60), backup('rotating', 14)]));
    expect(found.map((f) => [f.resource.providerId, f.monthlyCents])).toEqual([['kept', 60]]);
  });
});
