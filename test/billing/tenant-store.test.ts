import { beforeEach, describe, expect, it } from 'vitest';
import { Resource } from '../../models/resource.js';
import { Tenant } from '../../models/tenant.js';
import {
  listTenants,
  removeTenant,
  setTenant,
  TenantInvalidError,
  TenantNotFoundError,
} from '../../src/billing/tenant-store.js';
import { isolation, useDatabase } from '../helpers/context.js';
import { sampleInventory, seedResources } from '../invoice/seed.js';

useDatabase(isolation());
beforeEach(async () => {
  await Promise.all([Resource.deleteMany({}), Tenant.deleteMany({})]);
  await seedResources(sampleInventory().map((r) => (r.providerId === '3164444' ? { ...r, tags: ['team-web'] } : r)));
});

describe('tenant store', () => {
  it('creates a tenant, then changes only the fields given, answering it before and after', async () => {
    const created = await setTenant({ name: 'acme', projects: ['my-web-api'], markupPct: 10 });
    expect(created).toEqual({
      tenant: { name: 'acme', projects: ['my-web-api'], tags: [], markupPct: 10 },
      previous: null,
      warnings: [],
      replaced: false,
    });
    const changed = await setTenant({ name: 'acme', tags: ['team-web'] });
    expect(changed).toMatchObject({
      replaced: true,
      previous: { name: 'acme', projects: ['my-web-api'], tags: [], markupPct: 10 },
      tenant: { projects: ['my-web-api'], tags: ['team-web'], markupPct: 10 },
    });
    await setTenant({ name: 'acme', projects: ['Default'] });
    expect(await listTenants()).toEqual([{ name: 'acme', projects: ['Default'], tags: ['team-web'], markupPct: 10 }]);
    await setTenant({ name: 'acme', markupPct: 0 });
    expect(await listTenants()).toEqual([{ name: 'acme', projects: ['Default'], tags: ['team-web'], markupPct: 0 }]);
  });

  it('accepts projects and tags no synced resource carries, with a warning for each', async () => {
    const { warnings } = await setTenant({
      name: 'globex',
      projects: ['nowhere', 'my-web-api'],
      tags: ['team-globex'],
    });
    expect(warnings).toEqual([
      'no synced project is named or has the id "nowhere"',
      'no synced resource carries the tag "team-globex"',
    ]);
  });

  it('knows a project by its id as well as its name, and keeps each project and tag once', async () => {
    const project = (await Resource.findOne({ kind: 'project' }).lean())!;
    const { tenant, warnings } = await setTenant({
      name: 'acme',
      projects: [project.providerId, project.providerId],
      tags: ['team-web', 'team-web'],
    });
    expect(warnings).toEqual([]);
    expect(tenant).toMatchObject({ projects: [project.providerId], tags: ['team-web'] });
  });

  it('refuses an invalid tenant, naming each field at fault, and stores nothing', async () => {
    const err = await setTenant({ name: 'Bad Name', markupPct: -5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TenantInvalidError);
    expect((err as Error).message).toMatch(
      /^Tenant not saved: name must be lower-case letters.*; markupPct markup must be 0 or more$/,
    );
    expect(await listTenants()).toEqual([]);
  });

  it('lists tenants by name, and removes one, refusing a name it does not hold', async () => {
    await setTenant({ name: 'globex' });
    await setTenant({ name: 'acme' });
    expect((await listTenants()).map((t) => t.name)).toEqual(['acme', 'globex']);
    await removeTenant('acme');
    expect((await listTenants()).map((t) => t.name)).toEqual(['globex']);
    await expect(removeTenant('acme')).rejects.toThrow(new TenantNotFoundError('acme', ['globex']));
  });
});
