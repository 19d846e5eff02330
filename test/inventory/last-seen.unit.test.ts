import { describe, expect, it } from 'vitest';
import { lastSeenAt, listingsByKind } from '../../src/inventory/last-seen.js';

const d = (iso: string) => new Date(iso);

describe('lastSeenAt', () => {
  const listings = new Map([
    ['default/droplet', d('2025-06-10T12:00:00Z')],
    ['staging/droplet', d('2025-06-01T00:00:00Z')],
  ]);

  it("is the kind's last complete listing for a live resource seen before it", () => {
    expect(lastSeenAt({ kind: 'droplet', lastSeenAt: d('2025-06-01T00:00:00Z') }, listings)).toEqual(
      d('2025-06-10T12:00:00Z'),
    );
    expect(
      lastSeenAt(
        { account: 'default', kind: 'droplet', stale: false, lastSeenAt: d('2025-06-01T00:00:00Z') },
        listings,
      ),
    ).toEqual(d('2025-06-10T12:00:00Z'));
  });

  it("is the resource's own time when it is stale, later than the listing, or its kind was never fully listed", () => {
    expect(lastSeenAt({ kind: 'droplet', stale: true, lastSeenAt: d('2025-06-01T00:00:00Z') }, listings)).toEqual(
      d('2025-06-01T00:00:00Z'),
    );
    expect(lastSeenAt({ kind: 'droplet', lastSeenAt: d('2025-06-11T00:00:00Z') }, listings)).toEqual(
      d('2025-06-11T00:00:00Z'),
    );
    expect(lastSeenAt({ kind: 'volume', lastSeenAt: d('2025-05-01T00:00:00Z') }, listings)).toEqual(
      d('2025-05-01T00:00:00Z'),
    );
  });

  it("reads only the resource's own team's listing", () => {
    expect(
      lastSeenAt({ account: 'staging', kind: 'droplet', lastSeenAt: d('2025-05-20T00:00:00Z') }, listings),
    ).toEqual(d('2025-06-01T00:00:00Z'));
    expect(lastSeenAt({ account: 'qa', kind: 'droplet', lastSeenAt: d('2025-05-20T00:00:00Z') }, listings)).toEqual(
      d('2025-05-20T00:00:00Z'),
    );
  });
});

describe('listingsByKind', () => {
  it("takes each kind's oldest listing across the teams", () => {
    const byKind = listingsByKind(
      new Map([
        ['default/droplet', d('2025-06-10T12:00:00Z')],
        ['staging/droplet', d('2025-06-01T00:00:00Z')],
        ['default/volume', d('2025-06-09T00:00:00Z')],
      ]),
    );
    expect([...byKind]).toEqual([
      ['droplet', d('2025-06-01T00:00:00Z')],
      ['volume', d('2025-06-09T00:00:00Z')],
    ]);
  });
});
