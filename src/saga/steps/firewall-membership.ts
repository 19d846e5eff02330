import { z } from 'zod';
import { MissingDependencyError } from '../errors.js';
import { ignoreNotFound, stepSchema, type StepKind, type StepContext } from '../step-kind.js';
import { consoleUrl } from '../../inventory/console-url.js';

const schema = stepSchema('firewall_membership', { firewall: z.string(), droplet: z.string() });
type Spec = z.output<typeof schema>;

async function firewallId(ctx: StepContext<Spec>): Promise<string> {
  for await (const page of ctx.client.pages<{ id: string; name: string }>('/v2/firewalls', 'firewalls')) {
    const found = page.items.find((f) => f.name === ctx.spec.firewall);
    if (found) return found.id;
  }
  throw new MissingDependencyError('firewall', ctx.spec.firewall);
}

/** The droplet added to an existing firewall (adding twice is harmless, so a retry simply adds again). */
export const firewallMembershipStep: StepKind<Spec> = {
  kind: 'firewall_membership',
  schema,
  references: { droplet: ['droplet'] },
  inventoryKinds: ['firewall'],
  // Cloud firewalls are free.
  quote: () => null,
  describe: (s) => `${s.droplet} added to firewall ${s.firewall}`,
  async find(ctx) {
    return { providerId: await firewallId(ctx), dropletId: ctx.output(ctx.spec.droplet).providerId };
  },
  async do(ctx) {
    const id = await firewallId(ctx);
    const dropletId = ctx.output(ctx.spec.droplet).providerId;
    await ctx.client.send('POST', `/v2/firewalls/${id}/droplets`, { droplet_ids: [Number(dropletId)] });
    return { providerId: id, dropletId };
  },
  async undo(ctx, output) {
    await ignoreNotFound(
      ctx.client.send('DELETE', `/v2/firewalls/${output.providerId}/droplets`, {
        droplet_ids: [Number(output.dropletId)],
      }),
    );
  },
  consoleUrl: (o) => consoleUrl({ kind: 'firewall', providerId: o.providerId }),
};
