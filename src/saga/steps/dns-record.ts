import { z } from 'zod';
import { isNotFound } from '../../errors.js';
import { DnsNameTakenError, MissingDependencyError } from '../errors.js';
import { hostRecords, recordFqdn } from '../host-records.js';
import { getIfExists, ignoreNotFound, stepSchema, type StepKind, type StepContext } from '../step-kind.js';
import { consoleUrl } from '../../inventory/console-url.js';

const schema = stepSchema('dns_record', {
  domain: z.string(),
  name: z.string(),
  points_to: z.string(),
  ttl: z.number().int().min(30).default(1800),
});
type Spec = z.output<typeof schema>;
interface RawRecord {
  id: number;
  type: string;
  name: string;
  data: string;
}

async function records(ctx: StepContext<Spec>): Promise<RawRecord[]> {
  const { domain, name } = ctx.spec;
  try {
    const res = await ctx.client.get<{ domain_records: RawRecord[] }>(
      `/v2/domains/${encodeURIComponent(domain)}/records`,
      { name: `${name}.${domain}`, type: 'A', per_page: 200 },
    );
    return res.domain_records;
  } catch (err) {
    if (isNotFound(err)) throw new MissingDependencyError('domain', domain);
    throw err;
  }
}

/** An A record `<name>.<domain>` pointing at the reserved IP; the (name, IP) pair is how a retry finds it. */
export const dnsRecordStep: StepKind<Spec> = {
  kind: 'dns_record',
  schema,
  references: { points_to: ['reserved_ip'] },
  inventoryKinds: ['domain'],
  // DO bills nothing for DNS.
  quote: () => null,
  describe: (s) => `A record ${s.name}.${s.domain} → ${s.points_to}`,
  async find(ctx) {
    const ip = ctx.output(ctx.spec.points_to).providerId;
    const found = (await records(ctx)).find((r) => r.data === ip);
    return found ? { providerId: String(found.id), domain: ctx.spec.domain } : null;
  },
  async do(ctx) {
    const found = await dnsRecordStep.find(ctx);
    if (found) return found;
    // The preflight refused a taken hostname, but approval may come long after: refuse one taken since.
    const taken = await hostRecords(ctx.client, ctx.spec.domain, ctx.spec.name);
    if (taken.length) throw new DnsNameTakenError(recordFqdn(ctx.spec.name, ctx.spec.domain), taken);
    const { domain_record } = await ctx.client.send<{ domain_record: RawRecord }>(
      'POST',
      `/v2/domains/${encodeURIComponent(ctx.spec.domain)}/records`,
      {
        type: 'A',
        name: ctx.spec.name,
        data: ctx.output(ctx.spec.points_to).providerId,
        ttl: ctx.spec.ttl,
      },
    );
    return { providerId: String(domain_record.id), domain: ctx.spec.domain };
  },
  async disowned(ctx, output) {
    const res = await getIfExists(
      ctx.client.get<{ domain_record: RawRecord }>(
        `/v2/domains/${encodeURIComponent(String(output.domain))}/records/${output.providerId}`,
      ),
    );
    const record = res?.domain_record;
    if (!record || record.data === ctx.output(ctx.spec.points_to).providerId) return null;
    return `${record.name === '@' ? ctx.spec.domain : `${record.name}.${ctx.spec.domain}`} now points at ${record.data}: not deleted`;
  },
  async undo(ctx, output) {
    await ignoreNotFound(
      ctx.client.send(
        'DELETE',
        `/v2/domains/${encodeURIComponent(String(output.domain))}/records/${output.providerId}`,
      ),
    );
  },
  consoleUrl: (_o, s) => consoleUrl({ kind: 'domain', providerId: s.domain }),
  address: (s, providerIdOf) => {
    const ip = providerIdOf(s.points_to);
    return ip ? { name: recordFqdn(s.name, s.domain), points_to: ip } : null;
  },
};
