import { describe, expect, it } from 'vitest';
import { DoClient } from '../../src/digitalocean/client.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { sampleAccount, type RawObject } from '../../testkit/digitalocean/account.js';
import { DoApiError } from '../../src/errors.js';
import { useDoStandin } from '../helpers/context.js';

const standin = useDoStandin(new DoStandin(sampleAccount()));
const client = () => new DoClient({ token: standin.token, baseUrl: standin.url, retryBaseMs: 1 });

async function pollUntilDone(c: DoClient, id: number): Promise<string[]> {
  const seen: string[] = [];
  for (;;) {
    const { action } = await c.get<{ action: { status: string } }>(`/v2/actions/${id}`);
    seen.push(action.status);
    if (action.status !== 'in-progress') return seen;
  }
}

describe('the DO stand-in write endpoints', () => {
  it('creates a droplet with 202 and a create action that goes in-progress, then completed; the droplet is listed', async () => {
    const c = client();
    const res = await c.send<{ droplet: RawObject; links: { actions: { id: number; rel: string; href: string }[] } }>(
      'POST',
      '/v2/droplets',
      {
        name: 'acme-web',
        region: 'nyc1',
        size: 's-1vcpu-1gb',
        image: 'ubuntu-24-04-x64',
        tags: ['tenant:acme'],
      },
    );
    expect(res.droplet).toMatchObject({ name: 'acme-web', status: 'new', tags: ['tenant:acme'] });
    expect(res.links.actions[0]).toMatchObject({ rel: 'create' });
    expect(await pollUntilDone(c, res.links.actions[0]!.id)).toEqual(['in-progress', 'completed']);
    const listed = await c.get<{ droplets: RawObject[] }>('/v2/droplets', { per_page: 200 });
    expect(listed.droplets.find((d) => d.id === res.droplet.id)).toMatchObject({ status: 'active' });

    const { volume } = await c.send<{ volume: RawObject }>('POST', '/v2/volumes', {
      name: 'acme-web-data',
      region: 'nyc1',
      size_gigabytes: 10,
    });
    const attach = await c.send<{ action: { id: number; type: string } }>(
      'POST',
      `/v2/volumes/${String(volume.id)}/actions`,
      { type: 'attach', droplet_id: res.droplet.id, region: 'nyc1' },
    );
    expect(attach.action.type).toBe('attach_volume');
    await pollUntilDone(c, attach.action.id);
    // An attached volume cannot be deleted; deleting its droplet detaches it.
    await expect(c.send('DELETE', `/v2/volumes/${String(volume.id)}`)).rejects.toMatchObject({ status: 422 });
    expect(await c.send('DELETE', `/v2/droplets/${String(res.droplet.id)}`)).toBeUndefined();
    expect(await c.send('DELETE', `/v2/volumes/${String(volume.id)}`)).toBeUndefined();
    await expect(c.get(`/v2/droplets/${String(res.droplet.id)}`)).rejects.toMatchObject({ status: 404 });
  });

  it('serves sizes with prices, domain records, firewall membership, project assignment and reserved IPs', async () => {
    const c = client();
    const before = standin.writes.snapshot();
    const { sizes } = await c.get<{ sizes: RawObject[] }>('/v2/sizes');
    expect(sizes.find((s) => s.slug === 's-1vcpu-1gb')).toMatchObject({ price_monthly: 6 });

    const { droplet } = await c.send<{ droplet: RawObject }>('POST', '/v2/droplets', {
      name: 'x',
      region: 'nyc1',
      size: 's-1vcpu-1gb',
      image: 'ubuntu-24-04-x64',
    });
    const rip = await c.send<{ reserved_ip: RawObject; links: { actions: { id: number }[] } }>(
      'POST',
      '/v2/reserved_ips',
      { droplet_id: droplet.id },
    );
    await pollUntilDone(c, rip.links.actions[0]!.id);
    expect(
      (await c.get<{ reserved_ip: RawObject }>(`/v2/reserved_ips/${String(rip.reserved_ip.ip)}`)).reserved_ip.droplet,
    ).toMatchObject({ id: droplet.id });

    const domain = String(standin.account.domains[0]!.name);
    const { domain_record } = await c.send<{ domain_record: RawObject }>('POST', `/v2/domains/${domain}/records`, {
      type: 'A',
      name: 'x',
      data: String(rip.reserved_ip.ip),
      ttl: 300,
    });
    const found = await c.get<{ domain_records: RawObject[] }>(`/v2/domains/${domain}/records`, {
      name: `x.${domain}`,
      type: 'A',
    });
    expect(found.domain_records).toEqual([domain_record]);

    const fw = standin.account.firewalls[0]!;
    expect(
      await c.send('POST', `/v2/firewalls/${String(fw.id)}/droplets`, { droplet_ids: [droplet.id] }),
    ).toBeUndefined();
    expect(fw.droplet_ids).toContain(droplet.id);
    const project = standin.account.projects.find((p) => !p.is_default) ?? standin.account.projects[0]!;
    const assigned = await c.send<{ resources: RawObject[] }>('POST', `/v2/projects/${String(project.id)}/resources`, {
      resources: [`do:droplet:${String(droplet.id)}`],
    });
    expect(assigned.resources[0]).toMatchObject({ urn: `do:droplet:${String(droplet.id)}`, status: 'ok' });

    // Undo everything: the account is as it was.
    await c.send('DELETE', `/v2/firewalls/${String(fw.id)}/droplets`, { droplet_ids: [droplet.id] });
    await c.send('DELETE', `/v2/domains/${domain}/records/${String(domain_record.id)}`);
    const un = await c.send<{ action: { id: number } }>(
      'POST',
      `/v2/reserved_ips/${String(rip.reserved_ip.ip)}/actions`,
      { type: 'unassign' },
    );
    await pollUntilDone(c, un.action.id);
    await c.send('DELETE', `/v2/reserved_ips/${String(rip.reserved_ip.ip)}`);
    await c.send('DELETE', `/v2/droplets/${String(droplet.id)}`);
    expect(standin.writes.snapshot()).toEqual(before);
  });

  it('refuses bad bodies with DO 422s, plays back faults on writes, and can make an action end errored', async () => {
    const c = client();
    await expect(
      c.send('POST', '/v2/droplets', { name: 'bad name!', region: 'nyc1', size: 's-1vcpu-1gb', image: 'x' }),
    ).rejects.toMatchObject({ status: 422, doErrorId: 'unprocessable_entity' });
    standin.inject({ path: '/v2/volumes', method: 'POST', status: 503, times: 1 });
    // A POST is sent once: its answer may have been lost after something was created.
    const err = await c
      .send('POST', '/v2/volumes', { name: 'v', region: 'nyc1', size_gigabytes: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DoApiError);
    expect(err).toMatchObject({ status: 503 });
    standin.writes.failNextActions(1);
    const { links } = await c.send<{ links: { actions: { id: number }[] } }>('POST', '/v2/droplets', {
      name: 'e',
      region: 'nyc1',
      size: 's-1vcpu-1gb',
      image: 'x',
    });
    expect(await pollUntilDone(c, links.actions[0]!.id)).toEqual(['in-progress', 'errored']);
  });
});
