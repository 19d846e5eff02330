import { z } from 'zod';
import { ArcadiaError, ErrorCode } from '../../errors.js';
import { PRICE_LIST, perGibCents } from '../../pricing/price-list.js';
import { getIfExists, ignoreNotFound, madeByStep, stepSchema, type StepKind, type StepOutput } from '../step-kind.js';
import { consoleUrl } from '../../inventory/console-url.js';

const schema = stepSchema('volume', {
  name: z.string(),
  size_gigabytes: z.number().int().min(1).max(16_384),
  attach_to: z.string(),
  /**
   * DO tags besides the saga's, such as the tenant's (`${tenant_tag_prefix}${tenant}`): volumes take
   * tags on create. Optional: a saga stored before volumes had tags has none in its spec.
   */
  tags: z.array(z.string()).optional(),
});
type Spec = z.output<typeof schema>;
interface RawVolume {
  id: string;
  name: string;
  droplet_ids: number[] | null;
  tags?: string[];
  region: { slug: string };
}

async function lookup(ctx: Parameters<StepKind<Spec>['find']>[0]): Promise<RawVolume | undefined> {
  const region = regionOf(ctx);
  const { volumes } = await ctx.client.get<{ volumes: RawVolume[] }>('/v2/volumes', { name: ctx.spec.name, region });
  const volume = volumes[0];
  // A volume's name is unique in its region: one this step did not make is a conflict, never adopted.
  if (volume && !madeByStep(volume, ctx)) {
    const whose = volume.tags?.includes(ctx.sagaTag) ? "belongs to another of this saga's steps" : "is not this saga's";
    throw new ArcadiaError(
      ErrorCode.ProvisionNameTaken,
      `a volume named ${ctx.spec.name} already exists in ${region} and ${whose}`,
      { volume: volume.id },
    );
  }
  return volume;
}

async function current(ctx: Parameters<StepKind<Spec>['find']>[0], output: StepOutput): Promise<RawVolume | undefined> {
  return (await getIfExists(ctx.client.get<{ volume: RawVolume }>(`/v2/volumes/${output.providerId}`)))?.volume;
}

function regionOf(ctx: Parameters<StepKind<Spec>['find']>[0]): string {
  return String(ctx.output(ctx.spec.attach_to).region ?? '');
}

/** A volume in the droplet's region, created and then attached (the attach is an action). */
export const volumeStep: StepKind<Spec> = {
  kind: 'volume',
  schema,
  references: { attach_to: ['droplet'] },
  makes: 'volume',
  inventoryKinds: ['volume'],
  quote: (s) => ({
    label: `volume ${s.name} (${s.size_gigabytes} GiB)`,
    cents: perGibCents(s.size_gigabytes, PRICE_LIST.volumeMilliCentsPerGiB),
  }),
  describe: (s) => `volume ${s.name} (${s.size_gigabytes} GiB) attached to ${s.attach_to}`,
  async find(ctx) {
    const volume = await lookup(ctx);
    return volume ? { providerId: volume.id, dropletId: ctx.output(ctx.spec.attach_to).providerId } : null;
  },
  async do(ctx) {
    const dropletId = Number(ctx.output(ctx.spec.attach_to).providerId);
    let volume = await lookup(ctx);
    if (!volume) {
      ({ volume } = await ctx.client.send<{ volume: RawVolume }>('POST', '/v2/volumes', {
        name: ctx.spec.name,
        region: regionOf(ctx),
        size_gigabytes: ctx.spec.size_gigabytes,
        filesystem_type: 'ext4',
        tags: [...(ctx.spec.tags ?? []), ctx.sagaTag, ctx.stepTag],
      }));
    }
    const output: StepOutput = { providerId: volume.id, dropletId: String(dropletId) };
    await ctx.checkpoint(output);
    if (!(volume.droplet_ids ?? []).includes(dropletId)) {
      const { action } = await ctx.client.send<{ action: { id: number } }>('POST', `/v2/volumes/${volume.id}/actions`, {
        type: 'attach',
        droplet_id: dropletId,
        region: volume.region.slug,
      });
      await ctx.waitForAction(action.id);
    }
    return output;
  },
  async disowned(ctx, output) {
    const volume = await current(ctx, output);
    const others = (volume?.droplet_ids ?? []).filter((id) => id !== Number(output.dropletId));
    return volume && others.length
      ? `volume ${volume.name} is now attached to droplet ${others.join(', ')}: not deleted`
      : null;
  },
  async undo(ctx, output) {
    const volume = await current(ctx, output);
    if (!volume) return;
    // Only the saga's droplet is detached from: a volume on another one is left alone (disowned).
    if ((volume.droplet_ids ?? []).includes(Number(output.dropletId))) {
      const { action } = await ctx.client.send<{ action: { id: number } }>('POST', `/v2/volumes/${volume.id}/actions`, {
        type: 'detach',
        droplet_id: Number(output.dropletId),
        region: volume.region.slug,
      });
      await ctx.waitForAction(action.id);
    }
    await ignoreNotFound(ctx.client.send('DELETE', `/v2/volumes/${volume.id}`));
  },
  consoleUrl: (o) => consoleUrl({ kind: 'volume', providerId: o.providerId }),
};
