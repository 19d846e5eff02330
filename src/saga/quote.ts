import type { DoClient } from '../digitalocean/client.js';
import type { DoSize, QuoteLine } from './step-kind.js';
import { stepKind, type PlannedStep } from './steps/index.js';

export interface Quote {
  lines: QuoteLine[];
  totalCents: number;
}

/** Every droplet size DO offers (a few hundred: paged). */
export async function listSizes(client: DoClient): Promise<DoSize[]> {
  const sizes: DoSize[] = [];
  for await (const page of client.pages<DoSize>('/v2/sizes', 'sizes')) sizes.push(...page.items);
  return sizes;
}

/** What the plan costs per month, in integer cents: each step kind prices its own line (its `quote`). */
export function quoteSteps(sizes: DoSize[], blueprint: string, steps: PlannedStep[]): Quote {
  const lines = steps.flatMap((step) => stepKind(step.kind).quote(step, { sizes, blueprint }) ?? []);
  return { lines, totalCents: lines.reduce((sum, l) => sum + l.cents, 0) };
}
