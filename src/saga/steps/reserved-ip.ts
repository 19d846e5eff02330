import { z } from 'zod';
import { PRICE_LIST } from '../../pricing/price-list.js';
import {
  getIfExists,
  ignoreNotFound,
  stepSchema,
  type StepContext,
  type StepKind,
  type StepOutput,
} from '../step-kind.js';
import { consoleUrl } from '../../inventory/console-url.js';

const schema = stepSchema('reserved_ip', { assign_to: z.string() });
type Spec = z.output<typeof schema>;
interface RawReservedIp {
  ip: string;
  droplet: { id: number } | null;
  locked: boolean;
}

const sagaDroplet = (ctx: StepContext<Spec>) => Number(ctx.output(ctx.spec.assign_to).providerId);

async function current(ctx: StepContext<Spec>, output: StepOutput): Promise<RawReservedIp | undefined> {
  return (await getIfExists(ctx.client.get<{ reserved_ip: RawReservedIp }>(`/v2/reserved_ips/${output.providerId}`)))
    ?.reserved_ip;
}

/**
 * A reserved IP created assigned to the droplet. Reserved IPs take no tags, so a retry finds the IP
 * through the droplet it is assigned to; creating it already assigned leaves no window in which an
 * unassigned (and billed) IP exists that nothing points back to.
 */
export const reservedIpStep: StepKind<Spec> = {
  kind: 'reserved_ip',
  schema,
  references: { assign_to: ['droplet'] },
  makes: 'floating_ip',
  inventoryKinds: ['floating_ip'],
  // The step creates it assigned, and DO bills a reserved IP only while unassigned.
  quote: () => ({ label: 'reserved IP (free while assigned)', cents: PRICE_LIST.reservedIpAssignedCents }),
  describe: (s) => `reserved IP assigned to ${s.assign_to}`,
  async find(ctx) {
    if (ctx.saved) return ctx.saved;
    const dropletId = sagaDroplet(ctx);
    for await (const page of ctx.client.pages<RawReservedIp>('/v2/reserved_ips', 'reserved_ips')) {
      const found = page.items.find((r) => r.droplet?.id === dropletId);
      if (found) return { providerId: found.ip };
    }
    return null;
  },
  async do(ctx) {
    const found = await reservedIpStep.find(ctx);
    if (found) {
      await ctx.waitUntil(
        async () =>
          !(await ctx.client.get<{ reserved_ip: RawReservedIp }>(`/v2/reserved_ips/${found.providerId}`)).reserved_ip
            .locked,
        `reserved IP ${found.providerId} to be assigned`,
      );
      return found;
    }
    const dropletId = sagaDroplet(ctx);
    const res = await ctx.client.send<{ reserved_ip: RawReservedIp; links?: { actions?: { id: number }[] } }>(
      'POST',
      '/v2/reserved_ips',
      { droplet_id: dropletId },
    );
    const output = { providerId: res.reserved_ip.ip };
    await ctx.checkpoint(output);
    const action = res.links?.actions?.[0];
    if (action) await ctx.waitForAction(action.id);
    return output;
  },
  async disowned(ctx, output) {
    const rip = await current(ctx, output);
    return rip?.droplet && rip.droplet.id !== sagaDroplet(ctx)
      ? `${rip.ip} is now assigned to droplet ${rip.droplet.id}: not released`
      : null;
  },
  async undo(ctx, output) {
    const rip = await current(ctx, output);
    if (!rip) return;
    // Unassigned only from the saga's droplet: an IP on another one is left alone (disowned).
    if (rip.droplet?.id === sagaDroplet(ctx)) {
      const { action } = await ctx.client.send<{ action: { id: number } }>(
        'POST',
        `/v2/reserved_ips/${rip.ip}/actions`,
        { type: 'unassign' },
      );
      await ctx.waitForAction(action.id);
    }
    await ignoreNotFound(ctx.client.send('DELETE', `/v2/reserved_ips/${rip.ip}`));
  },
  consoleUrl: (o) => consoleUrl({ kind: 'floating_ip', providerId: o.providerId }),
};
