import type { DoClient } from '../digitalocean/client.js';
import type { PlannedStep } from './blueprint.js';
import { BlueprintParamError } from './errors.js';

/** Block storage: $0.10 per GiB per month (docs/digitalocean-api.md, "Prices used for quotes"). */
export const VOLUME_CENTS_PER_GIB_MONTH = 10;

export interface Quote {
  lines: { label: string; cents: number }[];
  totalCents: number;
}

/** What the plan costs per month, in integer cents: droplet sizes from DO's `/v2/sizes`, volumes by the GiB; an assigned reserved IP is free. */
export async function quoteSteps(client: DoClient, blueprint: string, steps: PlannedStep[]): Promise<Quote> {
  const lines: Quote['lines'] = [];
  let sizes: { slug: string; price_monthly: number }[] | undefined;
  for (const step of steps) {
    if (step.kind === 'droplet') {
      sizes ??= (await client.get<{ sizes: { slug: string; price_monthly: number }[] }>('/v2/sizes', { per_page: 200 })).sizes;
      const size = sizes.find((s) => s.slug === step.size);
      if (!size) throw new BlueprintParamError(blueprint, [`"${step.size}" is not a DigitalOcean droplet size`]);
      lines.push({ label: `droplet ${step.name} (${step.size})`, cents: Math.round(size.price_monthly * 100) });
    } else if (step.kind === 'volume') {
      lines.push({ label: `volume ${step.name} (${step.size_gigabytes} GiB)`, cents: step.size_gigabytes * VOLUME_CENTS_PER_GIB_MONTH });
    } else if (step.kind === 'reserved_ip') {
      lines.push({ label: 'reserved IP (free while assigned)', cents: 0 });
    }
  }
  return { lines, totalCents: lines.reduce((sum, l) => sum + l.cents, 0) };
}

export function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
