import type { DoClient } from '../digitalocean/client.js';
import type { PlannedStep } from './blueprint.js';
import { BlueprintParamError } from './errors.js';

/** Block storage: $0.10 per GiB per month (docs/digitalocean-api.md, "Prices used for quotes"). */
export const VOLUME_CENTS_PER_GIB_MONTH = 10;

/** A droplet size as `GET /v2/sizes` lists it: its price, the regions it is offered in, and whether it can be created now. */
export interface DoSize {
  slug: string;
  price_monthly: number;
  regions: string[];
  available: boolean;
}

export interface Quote {
  lines: { label: string; cents: number }[];
  totalCents: number;
}

/** Every droplet size DO offers (a few hundred: paged). */
export async function listSizes(client: DoClient): Promise<DoSize[]> {
  const sizes: DoSize[] = [];
  for await (const page of client.pages<DoSize>('/v2/sizes', 'sizes')) sizes.push(...page.items);
  return sizes;
}

/** What the plan costs per month, in integer cents: droplet sizes from DO's `/v2/sizes`, volumes by the GiB; an assigned reserved IP is free. */
export function quoteSteps(sizes: DoSize[], blueprint: string, steps: PlannedStep[]): Quote {
  const lines: Quote['lines'] = [];
  for (const step of steps) {
    if (step.kind === 'droplet') {
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
