import { describe, expect, it } from 'vitest';
import { backupsOnPoweredOffDroplet } from '../../../src/waste/rules/backups-on-powered-off-droplet.js';
import { res, ruleContext } from '../rule-context.js';

describe('backups on powered-off droplets', () => {
  it('prices the backup fee at 20% of the droplet, only for off droplets with backups', () => {
    const found = backupsOnPoweredOffDroplet.detect(
      ruleContext([
        res('droplet', 'off-backed-up', {
          status: 'off',
          attrs: { size_slug: 's-1vcpu-2gb', price_monthly: 12, backups_enabled: true },
        }),
        res('droplet', 'off-no-backups', { status: 'off', attrs: { price_monthly: 12, backups_enabled: false } }),
        res('droplet', 'on-backed-up', { status: 'active', attrs: { price_monthly: 12, backups_enabled: true } }),
      ]),
    );
    expect(found.map((f) => [f.resource.providerId, f.monthlyCents])).toEqual([['off-backed-up', 240]]);
  });
});
