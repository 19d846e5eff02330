import { describe, expect, it } from 'vitest';
import { unattachedVolume } from '../../../src/waste/rules/unattached-volume.js';
import { res, ruleContext } from '../rule-context.js';

describe('unattached volumes', () => {
  it('finds unattached volumes only, priced at $0.10 a GiB', () => {
    const found = unattachedVolume.detect(
      ruleContext([
        res('volume', 'v-free', { status: 'unattached', attrs: { size_gigabytes: 250 } }),
        res('volume', 'v-used', { status: 'attached', attrs: { size_gigabytes: 100 } }),
      ]),
    );
    expect(found.map((f) => [f.resource.providerId, f.monthlyCents])).toEqual([['v-free', 2500]]);
    expect(found[0]!.reason).toBe('250 GiB volume attached to no droplet');
  });
});
