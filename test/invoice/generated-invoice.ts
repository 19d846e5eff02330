import type { SeedResource } from './seed.js';

/** An inventory of any size: droplets, volumes and reserved IPs in the shapes the kinds store. */
export function generatedInventory(size: number): SeedResource[] {
  const firstSeenAt = new Date('2025-01-01T00:00:00Z');
  return Array.from({ length: size }, (_, i): SeedResource => {
    if (i % 10 < 7)
      return {
        kind: 'droplet',
        providerId: String(100_000_000 + i),
        name: `node-${i}`,
        region: 'nyc3',
        firstSeenAt,
        attrs: { backups_enabled: i % 2 === 0 },
      };
    if (i % 10 < 9)
      return {
        kind: 'volume',
        providerId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        name: `vol-${i}`,
        region: 'nyc3',
        firstSeenAt,
      };
    return {
      kind: 'floating_ip',
      providerId: `203.0.${(i >> 8) & 255}.${i & 255}`,
      region: 'nyc3',
      status: 'unassigned',
      firstSeenAt,
    };
  });
}

const START = '2025-06-01T00:00:00Z';
const END = '2025-07-01T00:00:00Z';

/**
 * DO invoice items for `lines` lines over an inventory of `inventory` resources: every resource
 * billed (droplets also for backups), then lines for resources Arcadia never saw, apps and a tax line.
 */
export function generatedItems(lines: number, inventory: number): Record<string, string>[] {
  const items: Record<string, string>[] = [];
  for (let n = 0; items.length < lines - 1; n += 1) {
    const i = n % inventory;
    const round = Math.floor(n / inventory);
    const common = {
      start_time: START,
      end_time: END,
      duration: '720',
      duration_unit: 'Hours',
      project_name: 'default',
      category: 'iaas',
      group_description: '',
    };
    if (round > 1 || n % 50 === 49) {
      items.push({
        ...common,
        product: n % 2 ? 'App Platform' : 'Droplets',
        resource_id: String(900_000_000 + n),
        resource_uuid: '',
        description: `gone-${n} (s-1vcpu-1gb)`,
        amount: '1.00',
      });
    } else if (i % 10 < 7) {
      items.push({
        ...common,
        product: round === 0 ? 'Droplets' : 'Droplet Backups',
        resource_id: String(100_000_000 + i),
        resource_uuid: '',
        description: `node-${i} (s-1vcpu-1gb)`,
        amount: round === 0 ? '6.00' : '1.20',
      });
    } else if (i % 10 < 9) {
      items.push({
        ...common,
        product: 'Volumes',
        resource_id: '',
        resource_uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        description: `vol-${i} (10 GiB)`,
        amount: '1.00',
      });
    } else {
      items.push({
        ...common,
        product: 'Reserved IPs',
        resource_id: '',
        resource_uuid: '',
        description: `Unused Reserved IP - 203.0.${(i >> 8) & 255}.${i & 255}`,
        amount: '4.00',
      });
    }
  }
  items.push({
    product: 'Taxes',
    description: 'GST (10%)',
    amount: '1.00',
    start_time: START,
    end_time: '2025-06-30T23:59:59Z',
  });
  return items;
}

/** The same items as DO's invoice CSV (no id columns: matching falls back to names). */
export function itemsAsCsv(items: Record<string, string>[]): string {
  const header = 'product,group_description,description,hours,start,end,USD,project_name,category';
  const date = (iso: string | undefined) => (iso ? iso.replace('T', ' ').replace('Z', ' +0000') : '');
  const quote = (v: string | undefined) => (v && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : (v ?? ''));
  const rows = items.map((it) =>
    [
      it.product,
      it.group_description,
      it.description,
      it.duration,
      date(it.start_time),
      date(it.end_time),
      `$${it.amount}`,
      it.project_name,
      it.category,
    ]
      .map(quote)
      .join(','),
  );
  return `${header}\n${rows.join('\n')}\n`;
}
