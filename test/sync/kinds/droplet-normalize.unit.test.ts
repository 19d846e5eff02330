import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { domain, droplet } from '../../../src/sync/kinds/index.js';
import { repoPath } from '../../../src/repo-path.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(repoPath('fixtures', 'digitalocean', name), 'utf8')) as Record<
    string,
    Record<string, unknown>[]
  >;

describe('droplet normalizer', () => {
  it('reads the fixture droplet: ids as strings, region slug from the object, IPs by type', () => {
    const raw = fixture('droplets.json').droplets!.find((d) => d.id === 3164444)!;
    expect(droplet.normalize(raw)).toMatchObject({
      providerId: '3164444',
      name: 'example.com',
      region: 'nyc3',
      status: 'active',
      tags: expect.arrayContaining(['env:prod']),
      attrs: {
        size_slug: 's-1vcpu-1gb',
        public_ipv4: '192.241.165.154',
        private_ipv4: expect.any(String),
        backups_enabled: true,
        backup_ids: ['53893572', '54012744'],
        snapshot_ids: ['67512819'],
        gpu: false,
      },
    });
  });

  it('survives nulls, missing fields and huge tag lists', () => {
    const hugeTags = Array.from({ length: 5_000 }, (_, i) => `tag-${i}-${'x'.repeat(1_000)}`);
    const out = droplet.normalize({
      id: 7,
      name: null,
      region: null,
      networks: null,
      size: null,
      tags: [...hugeTags, 42, null],
      features: null,
    });
    expect(out.providerId).toBe('7');
    expect(out.name).toBe('');
    expect(out.region).toBeNull();
    expect(out.tags).toHaveLength(100);
    expect(out.tags!.every((t) => t.length <= 255)).toBe(true);
    expect(out.attrs).toMatchObject({ public_ipv4: null, backups_enabled: false, backup_ids: [] });
  });

  it('refuses an object with no usable id (the engine skips it with a warning)', () => {
    expect(() => droplet.normalize({ name: 'ghost' })).toThrow(/missing or invalid id/);
    expect(() => droplet.normalize({ id: { nested: true } })).toThrow(/missing or invalid id/);
  });
});

describe('domain normalizer', () => {
  it('uses the name as the id and keeps the zone size, not the text', () => {
    const raw = fixture('domains.json').domains![0]!;
    const out = domain.normalize(raw);
    expect(out.providerId).toBe('example.com');
    expect(out.attrs).toMatchObject({ ttl: 1800 });
    expect((out.attrs as { zone_file_bytes: number }).zone_file_bytes).toBeGreaterThan(0);
  });
});
