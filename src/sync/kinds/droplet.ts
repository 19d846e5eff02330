import { consolePageById, type KindSpec } from '../kind-spec.js';
import { arr, idList, listedIdentity, num, obj, str, stringList, type Raw } from '../normalize-helpers.js';
import { backupFeeCents } from '../../pricing/price-list.js';

function publicIpv4(networks: Raw): string | null {
  const v4 = arr(networks.v4).map(obj);
  return str(v4.find((n) => n.type === 'public')?.ip_address);
}

function privateIpv4(networks: Raw): string | null {
  const v4 = arr(networks.v4).map(obj);
  return str(v4.find((n) => n.type === 'private')?.ip_address);
}

/** Droplets, including GPU droplets, which DO lists only with `type=gpus`. */
export const droplet: KindSpec<'droplet'> = {
  kind: 'droplet',
  endpoints: [
    { path: '/v2/droplets', key: 'droplets', scope: 'droplet:read' },
    { path: '/v2/droplets', key: 'droplets', scope: 'droplet:read', query: { type: 'gpus' } },
  ],
  urnTypes: ['droplet'],
  projects: 'default',
  monthlyCost(r, prices) {
    const cents = prices.dropletCents(r.attrs.size_slug as string | null, r.attrs.price_monthly)?.cents ?? null;
    if (cents === null) return null;
    return r.attrs.backups_enabled === true ? cents + backupFeeCents(cents) : cents;
  },
  aliases: [],
  invoice: { patterns: [{ priority: 40, product: /\bdroplets?\b/i }], idColumn: 'resource_id' },
  usuallyFree: (r) =>
    r.tags.some((t) => t === 'k8s' || t.startsWith('k8s:'))
      ? 'Kubernetes worker droplets are billed under their cluster'
      : null,
  show: {
    fields: [
      ['public_ipv4', 'ip'],
      ['private_ipv4', 'private ip'],
      ['size_slug', 'size'],
    ],
    searchable: ['public_ipv4', 'private_ipv4', 'public_ipv6'],
  },
  console: { list: '/droplets', page: consolePageById('/droplets') },
  standin: { fixture: 'droplets.json' },
  normalize(raw) {
    const networks = obj(raw.networks);
    const size = obj(raw.size);
    const image = obj(raw.image);
    const features = stringList(raw.features);
    return {
      ...listedIdentity(raw),
      attrs: {
        size_slug: str(raw.size_slug) ?? str(size.slug),
        memory: num(raw.memory),
        vcpus: num(raw.vcpus),
        disk: num(raw.disk),
        price_monthly: num(size.price_monthly),
        image: str(image.slug) ?? str(image.name),
        public_ipv4: publicIpv4(networks),
        private_ipv4: privateIpv4(networks),
        public_ipv6: str(obj(arr(networks.v6)[0]).ip_address),
        vpc_uuid: str(raw.vpc_uuid),
        features,
        backups_enabled: features.includes('backups'),
        backup_ids: idList(raw.backup_ids),
        snapshot_ids: idList(raw.snapshot_ids),
        volume_ids: idList(raw.volume_ids),
        gpu: raw.gpu_info !== undefined && raw.gpu_info !== null,
        created_at: str(raw.created_at),
      },
    };
  },
};
