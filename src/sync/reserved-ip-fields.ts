import { obj, requiredId, str, type Raw } from './normalize-helpers.js';

/**
 * What reserved IPv4s and IPv6s share: keyed on the address, billed only while unassigned, and a
 * `droplet` that is null when unassigned, else the whole droplet object, of which only who it points
 * at is kept. Each kind adds its region and its own attributes.
 */
export function reservedIpFields(raw: Raw) {
  const ip = requiredId(raw.ip, 'ip');
  const droplet = raw.droplet === null || raw.droplet === undefined ? null : obj(raw.droplet);
  return {
    identity: { providerId: ip, name: ip, status: droplet ? 'assigned' : 'unassigned' },
    attrs: { droplet_id: droplet ? str(droplet.id) : null, droplet_name: droplet ? str(droplet.name) : null },
  };
}
