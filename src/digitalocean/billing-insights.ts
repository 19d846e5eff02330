import { z } from 'zod';
import { DoApiError } from '../errors.js';
import type { DoClient } from './client.js';

/**
 * One Billing Insights data point: a day's estimated spend on one SKU for one invoice item
 * (docs/digitalocean-api.md, "Billing Insights"). Every field is optional in DO's spec; a point
 * without a day or an amount says nothing and is dropped by `readBillingInsights`.
 */
export const billingDataPoint = z.object({
  usage_team_urn: z.string().optional(),
  start_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  total_amount: z.string(),
  region: z.string().optional().default(''),
  sku: z.string().optional().default(''),
  description: z.string().optional().default(''),
  group_description: z.string().optional().default(''),
});
export type BillingDataPoint = z.output<typeof billingDataPoint>;

const insightsPage = z.object({
  data_points: z.array(z.unknown()).nullish(),
  current_page: z.number().optional(),
  total_pages: z.number().optional(),
  total_items: z.number().optional(),
});

/** At most this many days a call: DO refuses a longer range. */
export const INSIGHTS_MAX_DAYS = 31;
/** The first day DO serves: earlier windows come back empty. */
export const INSIGHTS_FIRST_DAY = '2025-12-01';

/** The team's account URN (`do:team:<uuid>`), from `GET /v2/account`'s `team.uuid`. */
export async function teamUrn(client: DoClient): Promise<string> {
  const body = await client.get<{ account?: { team?: { uuid?: unknown } } }>('/v2/account');
  const uuid = body.account?.team?.uuid;
  if (typeof uuid !== 'string' || uuid === '') {
    throw new DoApiError('GET /v2/account named no team (team.uuid), so Billing Insights cannot be addressed', {
      status: 200,
      method: 'GET',
      path: '/v2/account',
      attempts: 1,
    });
  }
  return `do:team:${uuid}`;
}

/**
 * The data points of one window of at most 31 days (`start`..`end`, both `YYYY-MM-DD`), page after
 * page at DO's largest page (200) until `total_pages`. Billing Insights pages by `current_page` and
 * `total_pages` rather than the `links` other lists carry. Points that fail the schema are counted
 * in `dropped`, not guessed at.
 */
export async function readBillingInsights(
  client: DoClient,
  urn: string,
  start: string,
  end: string,
): Promise<{ points: BillingDataPoint[]; dropped: number }> {
  const path = `/v2/billing/${urn}/insights/${start}/${end}`;
  const points: BillingDataPoint[] = [];
  let dropped = 0;
  for (let page = 1, pages = 1; page <= pages; page++) {
    const parsed = insightsPage.safeParse(await client.get(path, { per_page: 200, page }));
    if (!parsed.success) {
      throw new DoApiError('Billing Insights answered without its data_points', {
        status: 200,
        method: 'GET',
        path,
        attempts: 1,
      });
    }
    for (const raw of parsed.data.data_points ?? []) {
      const point = billingDataPoint.safeParse(raw);
      if (point.success) points.push(point.data);
      else dropped++;
    }
    pages = parsed.data.total_pages ?? 1;
  }
  return { points, dropped };
}
