import { num, requiredId, str, stringList, type Raw } from './normalize-helpers.js';

/**
 * What DO's image-like objects share (snapshots, droplet backups, custom images): an id, a list of
 * regions of which the first is stored as the region, and a size that bills them per GiB.
 */
export function imageFields(raw: Raw) {
  const regions = stringList(raw.regions);
  return {
    identity: { providerId: requiredId(raw.id, 'id'), name: str(raw.name) ?? '', region: regions[0] ?? null },
    attrs: {
      size_gigabytes: num(raw.size_gigabytes),
      min_disk_size: num(raw.min_disk_size),
      regions,
      created_at: str(raw.created_at),
    },
  };
}
