import type { DoAccount, RawObject } from './account.js';

/** What a write route answers: a status and a JSON body (none for 204). */
export interface WriteAnswer {
  status: number;
  body?: unknown;
}

interface StandinAction {
  action: RawObject;
  /** Polls left before the action leaves `in-progress`. */
  pollsLeft: number;
  /** How it ends: `completed`, or `errored` when a fault asked for it. */
  outcome: 'completed' | 'errored';
  /** Applied when the action completes (e.g. the droplet turns active). */
  onComplete?: () => void;
  /** The resource it works on, e.g. `droplet:123`: reading that resource later sees the action finished. */
  resource?: string;
}

/**
 * The write half of the DO stand-in: what a provisioning saga calls, with DO's request and response
 * shapes and status codes (see docs/digitalocean-api.md, "Write endpoints"). Resources it creates
 * appear in the stand-in's listings; deleting a droplet detaches its volumes, unassigns its reserved
 * IP and drops it from firewalls and projects, as DO does.
 */
export class DoWriteRoutes {
  /** Domain records per domain name (the read listing of `/v2/domains/{name}/records` serves these). */
  readonly records = new Map<string, RawObject[]>();
  private readonly actions = new Map<number, StandinAction>();
  private nextId = 500_000_000;
  private nextIp = 1;
  /** The next action created ends `errored` instead of `completed`. */
  private erroredNext = 0;

  constructor(private readonly account: () => DoAccount) {}

  /** Makes the next `count` actions end `errored` (a DO-side failure after a 202). */
  failNextActions(count = 1): void {
    this.erroredNext += count;
  }

  /** Everything the write routes keep, for tests comparing the account before and after a saga. */
  snapshot(): unknown {
    const a = this.account();
    return JSON.parse(
      JSON.stringify({
        droplets: a.droplets,
        volumes: a.volumes,
        reserved_ips: a.reserved_ips,
        firewalls: a.firewalls,
        // Empty lists and absent ones are the same account.
        project_resources: Object.fromEntries(Object.entries(a.project_resources).filter(([, list]) => list.length)),
        records: Object.fromEntries([...this.records].filter(([, list]) => list.length)),
      }),
    ) as unknown;
  }

  /** Answers a request the write half serves, or undefined to leave it to the listings. */
  handle(method: string, path: string, query: URLSearchParams, body: RawObject): WriteAnswer | undefined {
    const a = this.account();
    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/v2\/actions\/(\d+)$/.exec(path))) return this.pollAction(Number(m[1]));
    if ((m = /^\/v2\/domains\/([^/]+)\/records$/.exec(path))) {
      if (!a.domains.some((d) => d.name === m![1])) return notFound();
      if (method === 'GET') return { status: 200, body: this.listRecords(m[1]!, query) };
      if (method === 'POST') return this.createRecord(m[1]!, body);
    }
    if ((m = /^\/v2\/domains\/([^/]+)\/records\/(\d+)$/.exec(path))) {
      const list = this.records.get(m[1]!) ?? [];
      const i = list.findIndex((r) => r.id === Number(m![2]));
      if (i < 0) return notFound();
      if (method === 'GET') return { status: 200, body: { domain_record: list[i] } };
      if (method === 'PUT') return this.updateRecord(list[i]!, body);
      if (method === 'DELETE') {
        list.splice(i, 1);
        return { status: 204 };
      }
    }
    if (method === 'POST' && path === '/v2/droplets') return this.createDroplet(body);
    if ((m = /^\/v2\/droplets\/(\d+)$/.exec(path))) {
      const droplet = a.droplets.find((d) => d.id === Number(m![1]));
      if (!droplet) return notFound();
      if (method === 'GET') {
        this.settle(`droplet:${String(droplet.id)}`);
        return { status: 200, body: { droplet } };
      }
      if (method === 'DELETE') return this.deleteDroplet(droplet);
    }
    if (method === 'POST' && path === '/v2/volumes') return this.createVolume(body);
    if ((m = /^\/v2\/volumes\/([^/]+)$/.exec(path)) && m[1] !== 'actions') {
      const volume = a.volumes.find((v) => v.id === m![1]);
      if (!volume) return notFound();
      if (method === 'GET') return { status: 200, body: { volume } };
      if (method === 'DELETE') {
        if ((volume.droplet_ids as number[]).length)
          return unprocessable('Volume is attached to a Droplet; detach it first.');
        a.volumes.splice(a.volumes.indexOf(volume), 1);
        this.dropFromProjects(`do:volume:${String(volume.id)}`);
        return { status: 204 };
      }
    }
    if (method === 'POST' && (m = /^\/v2\/volumes\/([^/]+)\/actions$/.exec(path)))
      return this.volumeAction(m[1]!, body);
    if (method === 'POST' && path === '/v2/reserved_ips') return this.createReservedIp(body);
    if ((m = /^\/v2\/reserved_ips\/([\d.]+)$/.exec(path))) {
      const rip = a.reserved_ips.find((r) => r.ip === m![1]);
      if (!rip) return notFound();
      if (method === 'GET') {
        this.settle(`reserved_ip:${String(rip.ip)}`);
        return { status: 200, body: { reserved_ip: rip } };
      }
      if (method === 'DELETE') {
        if (rip.droplet) return unprocessable('The reserved IP is assigned to a Droplet; unassign it first.');
        a.reserved_ips.splice(a.reserved_ips.indexOf(rip), 1);
        this.dropFromProjects(`do:floatingip:${String(rip.ip)}`);
        return { status: 204 };
      }
    }
    if (method === 'POST' && (m = /^\/v2\/reserved_ips\/([\d.]+)\/actions$/.exec(path)))
      return this.reservedIpAction(m[1]!, body);
    if ((method === 'POST' || method === 'DELETE') && (m = /^\/v2\/firewalls\/([^/]+)\/droplets$/.exec(path))) {
      const fw = a.firewalls.find((f) => f.id === m![1]);
      if (!fw) return notFound();
      const ids = body.droplet_ids;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'number'))
        return unprocessable('droplet_ids must be an array of Droplet ids.');
      if (ids.some((id) => !a.droplets.some((d) => d.id === id))) return notFound();
      const current = (fw.droplet_ids as number[] | undefined) ?? [];
      fw.droplet_ids =
        method === 'POST' ? [...new Set([...current, ...ids])] : current.filter((id) => !ids.includes(id));
      return { status: 204 };
    }
    if (method === 'POST' && (m = /^\/v2\/projects\/([^/]+)\/resources$/.exec(path)))
      return this.assignResources(m[1]!, body);
    return undefined;
  }

  /** Finishes the pending actions on a resource: whoever reads it later sees what a real DO would show by then. */
  private settle(resource: string): void {
    for (const [id, entry] of this.actions) {
      if (entry.resource === resource && entry.action.status === 'in-progress') {
        entry.pollsLeft = 0;
        this.pollAction(id);
      }
    }
  }

  private newAction(
    type: string,
    resourceType: string,
    resourceId: number | string,
    region: string | undefined,
    onComplete?: () => void,
    resource?: string,
  ): RawObject {
    const id = this.nextId++;
    const action: RawObject = {
      id,
      status: 'in-progress',
      type,
      started_at: new Date().toISOString(),
      completed_at: null,
      resource_id: typeof resourceId === 'number' ? resourceId : null,
      resource_type: resourceType,
      region: region ? { slug: region, name: region.toUpperCase(), available: true, features: [], sizes: [] } : null,
      region_slug: region ?? null,
    };
    const outcome = this.erroredNext > 0 ? 'errored' : 'completed';
    if (this.erroredNext > 0) this.erroredNext -= 1;
    // One poll sees it in progress; the next sees it finished, as a real action does a moment later.
    this.actions.set(id, { action, pollsLeft: 1, outcome, onComplete, resource });
    return action;
  }

  private pollAction(id: number): WriteAnswer {
    const entry = this.actions.get(id);
    if (!entry) return notFound();
    if (entry.action.status === 'in-progress') {
      if (entry.pollsLeft > 0) entry.pollsLeft -= 1;
      else {
        entry.action.status = entry.outcome;
        entry.action.completed_at = new Date().toISOString();
        if (entry.outcome === 'completed') entry.onComplete?.();
      }
    }
    return { status: 200, body: { action: entry.action } };
  }

  private createDroplet(body: RawObject): WriteAnswer {
    const { name, region, size: slug, image } = body;
    if (typeof name !== 'string' || !/^[a-zA-Z0-9.-]+$/.test(name))
      return unprocessable('Name must be a valid hostname.');
    if (typeof region !== 'string' || typeof slug !== 'string' || image === undefined)
      return unprocessable('region, size and image are required.');
    const a = this.account();
    const sizeSpec = a.sizes.find((s) => s.slug === slug);
    if (!sizeSpec) return unprocessable(`You specified an invalid size for Droplet creation: ${slug}.`);
    if (sizeSpec.available === false || !(sizeSpec.regions as string[]).includes(region))
      return unprocessable('Size is not available in this region.');
    // DO counts every droplet of the team against its droplet_limit.
    if (a.droplets.length >= Number(a.account.droplet_limit)) {
      return unprocessable(
        `creating this/these droplet(s) will exceed your droplet limit (${String(a.account.droplet_limit)})`,
      );
    }
    const id = this.nextId++;
    const droplet: RawObject = {
      id,
      name,
      memory: sizeSpec.memory,
      vcpus: sizeSpec.vcpus,
      disk: sizeSpec.disk,
      locked: false,
      status: 'new',
      created_at: new Date().toISOString(),
      features: [],
      backup_ids: [],
      next_backup_window: null,
      snapshot_ids: [],
      image: { slug: String(image), distribution: 'Ubuntu', type: 'base' },
      volume_ids: [],
      size: sizeSpec,
      size_slug: slug,
      networks: { v4: [], v6: [] },
      region: { name: region.toUpperCase(), slug: region, features: [], available: true, sizes: [] },
      tags: Array.isArray(body.tags) ? body.tags.map(String) : [],
      vpc_uuid: '760e09ef-dc84-11e8-981e-3cfdfeaae000',
    };
    a.droplets.push(droplet);
    this.addToDefaultProject(`do:droplet:${id}`);
    const action = this.newAction(
      'create',
      'droplet',
      id,
      region,
      () => {
        droplet.status = 'active';
        droplet.networks = {
          v4: [{ ip_address: `192.0.2.${id % 250}`, netmask: '255.255.240.0', gateway: '192.0.2.1', type: 'public' }],
          v6: [],
        };
      },
      `droplet:${id}`,
    );
    return {
      status: 202,
      body: {
        droplet,
        links: {
          actions: [
            { id: action.id, rel: 'create', href: `https://api.digitalocean.com/v2/actions/${String(action.id)}` },
          ],
        },
      },
    };
  }

  private deleteDroplet(droplet: RawObject): WriteAnswer {
    const a = this.account();
    const id = droplet.id as number;
    a.droplets.splice(a.droplets.indexOf(droplet), 1);
    for (const v of a.volumes) v.droplet_ids = ((v.droplet_ids as number[] | null) ?? []).filter((d) => d !== id);
    for (const r of a.reserved_ips) if ((r.droplet as RawObject | null)?.id === id) r.droplet = null;
    for (const f of a.firewalls)
      f.droplet_ids = ((f.droplet_ids as number[] | undefined) ?? []).filter((d) => d !== id);
    this.dropFromProjects(`do:droplet:${id}`);
    return { status: 204 };
  }

  private createVolume(body: RawObject): WriteAnswer {
    const { name, region, size_gigabytes: gib } = body;
    if (typeof name !== 'string' || !/^[a-z0-9-]{1,64}$/.test(name))
      return unprocessable('Volume name must be lowercase letters, digits and dashes.');
    if (typeof region !== 'string' || typeof gib !== 'number' || gib < 1)
      return unprocessable('region and size_gigabytes are required.');
    if (this.account().volumes.some((v) => v.name === name && (v.region as RawObject).slug === region)) {
      return {
        status: 409,
        body: { id: 'conflict', message: 'A volume with that name already exists in the region.' },
      };
    }
    const volume: RawObject = {
      id: uuidFor(this.nextId++),
      name,
      region: { name: region.toUpperCase(), slug: region, features: [], available: true, sizes: [] },
      droplet_ids: [],
      size_gigabytes: gib,
      description: typeof body.description === 'string' ? body.description : '',
      created_at: new Date().toISOString(),
      filesystem_type: typeof body.filesystem_type === 'string' ? body.filesystem_type : '',
      filesystem_label: '',
      tags: Array.isArray(body.tags) ? body.tags.map(String) : [],
    };
    this.account().volumes.push(volume);
    this.addToDefaultProject(`do:volume:${String(volume.id)}`);
    return { status: 201, body: { volume } };
  }

  private volumeAction(volumeId: string, body: RawObject): WriteAnswer {
    const a = this.account();
    const volume = a.volumes.find((v) => v.id === volumeId);
    if (!volume) return notFound();
    const dropletId = body.droplet_id;
    if ((body.type !== 'attach' && body.type !== 'detach') || typeof dropletId !== 'number')
      return unprocessable('type must be attach or detach, with a droplet_id.');
    const droplet = a.droplets.find((d) => d.id === dropletId);
    if (!droplet) return notFound();
    const region = (volume.region as RawObject).slug as string;
    const attach = body.type === 'attach';
    const action = this.newAction(attach ? 'attach_volume' : 'detach_volume', 'volume', 0, region, () => {
      const ids = (volume.droplet_ids as number[] | null) ?? [];
      volume.droplet_ids = attach ? [...new Set([...ids, dropletId])] : ids.filter((d) => d !== dropletId);
      const vids = (droplet.volume_ids as string[]) ?? [];
      droplet.volume_ids = attach ? [...new Set([...vids, volumeId])] : vids.filter((v) => v !== volumeId);
    });
    return { status: 202, body: { action } };
  }

  private createReservedIp(body: RawObject): WriteAnswer {
    const a = this.account();
    const ip = `203.0.113.${this.nextIp++}`;
    if (typeof body.droplet_id === 'number') {
      const droplet = a.droplets.find((d) => d.id === body.droplet_id);
      if (!droplet) return notFound();
      // Shown assigned at once, locked while the assign action runs.
      const rip: RawObject = { ip, region: droplet.region, droplet, locked: true, project_id: null };
      a.reserved_ips.push(rip);
      this.addToDefaultProject(`do:floatingip:${ip}`);
      const action = this.newAction(
        'assign_ip',
        'reserved_ip',
        0,
        (droplet.region as RawObject).slug as string,
        () => {
          rip.locked = false;
        },
        `reserved_ip:${ip}`,
      );
      return {
        status: 202,
        body: {
          reserved_ip: rip,
          links: {
            droplets: [
              {
                id: droplet.id,
                rel: 'droplet',
                href: `https://api.digitalocean.com/v2/droplets/${String(droplet.id)}`,
              },
            ],
            actions: [
              { id: action.id, rel: 'assign_ip', href: `https://api.digitalocean.com/v2/actions/${String(action.id)}` },
            ],
          },
        },
      };
    }
    if (typeof body.region !== 'string') return unprocessable('Either droplet_id or region is required.');
    const rip: RawObject = {
      ip,
      region: { name: body.region.toUpperCase(), slug: body.region, features: [], available: true, sizes: [] },
      droplet: null,
      locked: false,
      project_id: null,
    };
    a.reserved_ips.push(rip);
    this.addToDefaultProject(`do:floatingip:${ip}`);
    return { status: 202, body: { reserved_ip: rip, links: {} } };
  }

  private reservedIpAction(ip: string, body: RawObject): WriteAnswer {
    const a = this.account();
    const rip = a.reserved_ips.find((r) => r.ip === ip);
    if (!rip) return notFound();
    const region = (rip.region as RawObject).slug as string;
    if (body.type === 'assign') {
      const droplet = a.droplets.find((d) => d.id === body.droplet_id);
      if (!droplet) return notFound();
      rip.locked = true;
      return {
        status: 201,
        body: {
          action: this.newAction(
            'assign_ip',
            'reserved_ip',
            0,
            region,
            () => ((rip.droplet = droplet), (rip.locked = false)),
            `reserved_ip:${ip}`,
          ),
        },
      };
    }
    if (body.type === 'unassign') {
      rip.locked = true;
      return {
        status: 201,
        body: {
          action: this.newAction(
            'unassign_ip',
            'reserved_ip',
            0,
            region,
            () => ((rip.droplet = null), (rip.locked = false)),
            `reserved_ip:${ip}`,
          ),
        },
      };
    }
    return unprocessable('type must be assign or unassign.');
  }

  private listRecords(domain: string, query: URLSearchParams): RawObject {
    let list = this.records.get(domain) ?? [];
    // DO filters on the fully qualified name.
    const name = query.get('name');
    if (name) list = list.filter((r) => (r.name === '@' ? domain : `${String(r.name)}.${domain}`) === name);
    const type = query.get('type');
    if (type) list = list.filter((r) => r.type === type);
    return { domain_records: list, links: {}, meta: { total: list.length } };
  }

  private createRecord(domain: string, body: RawObject): WriteAnswer {
    if (typeof body.type !== 'string' || typeof body.name !== 'string' || typeof body.data !== 'string')
      return unprocessable('type, name and data are required.');
    const record: RawObject = {
      id: this.nextId++,
      type: body.type,
      name: body.name,
      data: body.data,
      priority: null,
      port: null,
      ttl: typeof body.ttl === 'number' ? body.ttl : 1800,
      weight: null,
      flags: null,
      tag: null,
    };
    this.records.set(domain, [...(this.records.get(domain) ?? []), record]);
    return { status: 201, body: { domain_record: record } };
  }

  /** DO's PUT takes any of the record's fields and answers the whole record. */
  private updateRecord(record: RawObject, body: RawObject): WriteAnswer {
    for (const field of ['name', 'data', 'ttl'] as const) {
      if (body[field] === undefined) continue;
      if (typeof body[field] !== (field === 'ttl' ? 'number' : 'string'))
        return unprocessable(`${field} is not valid.`);
      record[field] = body[field];
    }
    return { status: 200, body: { domain_record: record } };
  }

  private assignResources(projectId: string, body: RawObject): WriteAnswer {
    const a = this.account();
    const project =
      projectId === 'default' ? a.projects.find((p) => p.is_default) : a.projects.find((p) => p.id === projectId);
    if (!project) return notFound();
    const urns = body.resources;
    if (!Array.isArray(urns) || !urns.every((u) => typeof u === 'string' && u.startsWith('do:')))
      return unprocessable('resources must be an array of URNs.');
    const assignedAt = new Date().toISOString();
    const entries = urns.map((urn: string) => ({
      urn,
      assigned_at: assignedAt,
      links: { self: selfLink(urn) },
      status: 'ok',
    }));
    // A resource is in exactly one project: assigning moves it.
    for (const urn of urns) this.dropFromProjects(urn);
    const key = String(project.id);
    a.project_resources[key] = [...(a.project_resources[key] ?? []), ...entries];
    return { status: 200, body: { resources: entries } };
  }

  private addToDefaultProject(urn: string): void {
    const a = this.account();
    const def = a.projects.find((p) => p.is_default);
    if (!def) return;
    const key = String(def.id);
    a.project_resources[key] = [
      ...(a.project_resources[key] ?? []),
      { urn, assigned_at: new Date().toISOString(), links: { self: selfLink(urn) }, status: 'ok' },
    ];
  }

  private dropFromProjects(urn: string): void {
    const a = this.account();
    for (const [key, list] of Object.entries(a.project_resources))
      a.project_resources[key] = list.filter((r) => r.urn !== urn);
  }
}

function selfLink(urn: string): string {
  const [, type, id] = urn.split(':');
  const path = type === 'floatingip' ? 'floating_ips' : `${String(type)}s`;
  return `https://api.digitalocean.com/v2/${path}/${String(id)}`;
}

function uuidFor(n: number): string {
  return `5a4f${String(n).padStart(4, '0').slice(-4)}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function notFound(): WriteAnswer {
  return { status: 404, body: { id: 'not_found', message: 'The resource you were accessing could not be found.' } };
}

function unprocessable(message: string): WriteAnswer {
  return { status: 422, body: { id: 'unprocessable_entity', message } };
}
