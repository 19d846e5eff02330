import { z } from 'zod';
import { BlueprintParamError } from '../errors.js';
import { ignoreNotFound, madeByStep, stepSchema, type StepKind } from '../step-kind.js';
import { consoleUrl } from '../../inventory/console-url.js';

const schema = stepSchema('droplet', {
  name: z.string(),
  region: z.string(),
  size: z.string(),
  image: z.string(),
  tags: z.array(z.string()).default([]),
});
type Spec = z.output<typeof schema>;
interface RawDroplet {
  id: number;
  status: string;
  tags?: string[];
}

/**
 * A droplet tagged with the saga's and the step's tags: the step's is how a retry finds it (droplet
 * names are not unique, and a blueprint may have several droplets).
 */
export const dropletStep: StepKind<Spec> = {
  kind: 'droplet',
  schema,
  references: {},
  makes: 'droplet',
  inventoryKinds: ['droplet'],
  // DO's own price for the size (`/v2/sizes`), as the droplet will be billed.
  quote(spec, { sizes, blueprint }) {
    const size = sizes.find((s) => s.slug === spec.size);
    if (!size) throw new BlueprintParamError(blueprint, [`"${spec.size}" is not a DigitalOcean droplet size`]);
    return { label: `droplet ${spec.name} (${spec.size})`, cents: Math.round(size.price_monthly * 100) };
  },
  describe: (s) => `droplet ${s.name} (${s.size}, ${s.region})`,
  async find(ctx) {
    const { droplets } = await ctx.client.get<{ droplets: RawDroplet[] }>('/v2/droplets', {
      tag_name: ctx.sagaTag,
      per_page: 200,
    });
    const found = droplets.find((d) => madeByStep(d, ctx));
    return found ? { providerId: String(found.id), region: ctx.spec.region } : null;
  },
  async do(ctx) {
    const found = await dropletStep.find(ctx);
    if (found) {
      // Made by an earlier try: wait for it to be up, as that try would have.
      await ctx.waitUntil(
        async () =>
          (await ctx.client.get<{ droplet: RawDroplet }>(`/v2/droplets/${found.providerId}`)).droplet.status ===
          'active',
        `droplet ${found.providerId} to be active`,
      );
      return found;
    }
    const { spec } = ctx;
    const res = await ctx.client.send<{ droplet: RawDroplet; links?: { actions?: { id: number }[] } }>(
      'POST',
      '/v2/droplets',
      {
        name: spec.name,
        region: spec.region,
        size: spec.size,
        image: spec.image,
        tags: [...spec.tags, ctx.sagaTag, ctx.stepTag],
      },
    );
    const output = { providerId: String(res.droplet.id), region: spec.region };
    await ctx.checkpoint(output);
    const action = res.links?.actions?.[0];
    if (action) await ctx.waitForAction(action.id);
    return output;
  },
  async undo(ctx, output) {
    await ignoreNotFound(ctx.client.send('DELETE', `/v2/droplets/${output.providerId}`));
  },
  consoleUrl: (o) => consoleUrl({ kind: 'droplet', providerId: o.providerId }),
};
