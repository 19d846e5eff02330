import { DailySpend } from '../../models/daily-spend.js';
import { Resource } from '../../models/resource.js';
import { Saga } from '../../models/saga.js';
import { addDays, dayOf } from './days.js';

/** What explanation reads of a stored resource. */
export interface ExplainedResource {
  kind: string;
  providerId: string;
  name: string;
  attrs: { created_at?: unknown; size_slug?: unknown };
  firstSeenAt: Date;
  lastSeenAt: Date;
  changedSyncRunId?: string | null;
  revivedSyncRunId?: string | null;
}

export interface ExplainInput {
  day: string;
  /** The series' points that day and the day before: a line new on the bill is often the whole story. */
  today: readonly { description: string; cents: number; resource: string | null }[];
  yesterday: readonly { description: string }[];
  resources: readonly ExplainedResource[];
  sagas: readonly { sagaId: string; blueprint: string; status: string; createdAt: Date; finishedAt: Date | null }[];
}

const onDay = (value: unknown, day: string) => {
  const t = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  return t !== null && !Number.isNaN(t.getTime()) && dayOf(t) === day;
};

/**
 * What in the inventory explains a day's jump, one sentence each: the series' resources created,
 * changed (resized: its size now) or revived that day, lines new on the bill that day, and the
 * tenant's sagas that ran that day. Empty when nothing does: the digest then says so.
 */
export function explainAnomaly(input: ExplainInput): string[] {
  const out: string[] = [];
  for (const r of input.resources) {
    const size = typeof r.attrs.size_slug === 'string' ? ` (now ${r.attrs.size_slug})` : '';
    if (onDay(r.attrs.created_at, input.day) || onDay(r.firstSeenAt, input.day))
      out.push(`${r.kind} ${r.name || r.providerId} was created that day${size}`);
    else if (r.revivedSyncRunId && onDay(r.lastSeenAt, input.day))
      out.push(`${r.kind} ${r.name || r.providerId} came back that day`);
    else if (r.changedSyncRunId && onDay(r.lastSeenAt, input.day))
      out.push(`${r.kind} ${r.name || r.providerId} changed that day${size}`);
  }
  const before = new Set(input.yesterday.map((p) => p.description));
  for (const p of input.today) {
    if (p.description && !before.has(p.description)) out.push(`new on the bill: ${p.description}`);
  }
  for (const s of input.sagas) {
    if (onDay(s.createdAt, input.day) || onDay(s.finishedAt, input.day))
      out.push(`saga ${s.sagaId} (${s.blueprint}) ran that day, ${s.status}`);
  }
  return out;
}

/** `explainAnomaly` over what the database holds for one series' day. */
export async function explainFromStore(a: {
  account: string;
  tenant: string | null;
  sku: string;
  day: string;
}): Promise<string[]> {
  const [today, yesterday] = await Promise.all(
    [a.day, addDays(a.day, -1)].map((day) =>
      DailySpend.find(
        { account: a.account, tenant: a.tenant, sku: a.sku, day },
        { _id: 0, description: 1, cents: 1, resource: 1 },
      ).lean(),
    ),
  );
  const refs = [...new Set(today!.flatMap((p) => (p.resource ? [p.resource] : [])))];
  const resources = refs.length
    ? await Resource.find(
        {
          account: a.account,
          $or: refs.map((ref) => {
            const at = ref.indexOf(':');
            return { kind: ref.slice(0, at), providerId: ref.slice(at + 1) };
          }),
        },
        {
          _id: 0,
          kind: 1,
          providerId: 1,
          name: 1,
          'attrs.created_at': 1,
          'attrs.size_slug': 1,
          firstSeenAt: 1,
          lastSeenAt: 1,
          changedSyncRunId: 1,
          revivedSyncRunId: 1,
        },
      ).lean<ExplainedResource[]>()
    : [];
  const start = new Date(`${a.day}T00:00:00Z`);
  const end = new Date(`${addDays(a.day, 1)}T00:00:00Z`);
  const sagas = a.tenant
    ? await Saga.find(
        {
          tenant: a.tenant,
          account: a.account,
          $or: [{ createdAt: { $gte: start, $lt: end } }, { finishedAt: { $gte: start, $lt: end } }],
        },
        { _id: 0, sagaId: 1, blueprint: 1, status: 1, createdAt: 1, finishedAt: 1 },
      ).lean()
    : [];
  return explainAnomaly({
    day: a.day,
    today: today!.map((p) => ({ description: p.description ?? '', cents: p.cents, resource: p.resource ?? null })),
    yesterday: yesterday!.map((p) => ({ description: p.description ?? '' })),
    resources,
    sagas: sagas.map((s) => ({ ...s, finishedAt: s.finishedAt ?? null })),
  });
}
