import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeNow, listenOnLoopback } from '../loopback-server.js';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { emptyAccount, fixtureText, type DoAccount, type RawObject } from './account.js';
import { DoWriteRoutes } from './write-routes.js';
import type { KindSpec } from '../../src/sync/kind-spec.js';
import * as kinds from '../../src/sync/kinds/index.js';

/** DO's error ids for the statuses its spec names. */
const ERROR_IDS: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' };

/** A fault the stand-in plays back on matching requests. */
export interface Fault {
  /** Exact request path, e.g. `/v2/droplets`. */
  path: string;
  /** Only requests with this method (e.g. `POST`). Any method when absent. */
  method?: string;
  /** Only on this page number (1-based). Any page when absent. */
  page?: number;
  /** Answer with this status and DO's error body. */
  status?: number;
  /** For 429s: the `retry-after` header in seconds. */
  retryAfter?: number;
  /** Delay the answer (a slow DO). */
  delayMs?: number;
  /** Hold the answer until this settles: a test orders requests by events, not by time. */
  until?: Promise<unknown>;
  /** Send a 200 whose JSON is cut short. */
  truncate?: boolean;
  /** Drop the connection half-way through the body. */
  reset?: boolean;
  /** Carry the write out, then never answer: a DO that did the work but whose answer was lost. */
  hangAfter?: boolean;
  /** How many matching requests it affects. @defaultValue Infinity */
  times?: number;
  /** Matching requests let through untouched before it applies (fault the second droplet, not the first). @defaultValue 0 */
  skip?: number;
}

interface ListRoute {
  pattern: RegExp;
  /** Envelope key of the list. */
  key: string;
  items(account: DoAccount, match: RegExpMatchArray, query: URLSearchParams): RawObject[] | undefined;
  /** DO's `/v2/databases` has no links or meta. */
  bare?: boolean;
}

/** The route of a kind's endpoint (its first, or the one listing under `key`), from its spec: the path, with `{id}` matched, and the envelope key. */
function at(spec: KindSpec, key?: string): Pick<ListRoute, 'pattern' | 'key'> {
  const endpoint = spec.endpoints.find((e) => key === undefined || e.key === key)!;
  const pattern = endpoint.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{id}', '([^/]+)');
  return { pattern: new RegExp(`^${pattern}$`), key: endpoint.key };
}

const LIST_ROUTES: ListRoute[] = [
  {
    ...at(kinds.droplet),
    items: (a, _m, q) => {
      const all = q.get('type') === 'gpus' ? a.gpu_droplets : a.droplets;
      const tag = q.get('tag_name');
      // DO's `name` filter is an exact match, case-insensitive.
      const name = q.get('name')?.toLowerCase();
      return all.filter(
        (d) =>
          (!tag || (d.tags as string[] | undefined)?.includes(tag)) && (!name || String(d.name).toLowerCase() === name),
      );
    },
  },
  {
    ...at(kinds.dropletBackup, 'backups'),
    items: (a, m) => (a.droplets.some((d) => String(d.id) === m[1]) ? (a.droplet_backups[m[1]!] ?? []) : undefined),
  },
  { ...at(kinds.domain), items: (a) => a.domains },
  { pattern: /^\/v2\/sizes$/, key: 'sizes', items: (a) => a.sizes },
  {
    ...at(kinds.volume),
    // DO filters by name (and region) when asked.
    items: (a, _m, q) =>
      a.volumes.filter(
        (v) =>
          (!q.get('name') || v.name === q.get('name')) &&
          (!q.get('region') || (v.region as RawObject).slug === q.get('region')),
      ),
  },
  {
    ...at(kinds.snapshot),
    items: (a, _m, q) =>
      q.get('resource_type') ? a.snapshots.filter((s) => s.resource_type === q.get('resource_type')) : a.snapshots,
  },
  { ...at(kinds.floatingIp), items: (a) => a.reserved_ips },
  // The legacy name serves the same IPs under the old key.
  { pattern: /^\/v2\/floating_ips$/, key: 'floating_ips', items: (a) => a.reserved_ips },
  { ...at(kinds.firewall), items: (a) => a.firewalls },
  { ...at(kinds.loadBalancer), items: (a) => a.load_balancers },
  { ...at(kinds.project), items: (a) => a.projects },
  {
    ...at(kinds.project, 'resources'),
    items: (a, m) => {
      const id = m[1] === 'default' ? a.projects.find((p) => p.is_default)?.id : m[1];
      return a.projects.some((p) => p.id === id) ? (a.project_resources[String(id)] ?? []) : undefined;
    },
  },
  { ...at(kinds.managedDb), items: (a) => a.databases, bare: true },
  { ...at(kinds.kubernetesCluster), items: (a) => a.kubernetes_clusters },
  { ...at(kinds.app), items: (a) => a.apps },
  { ...at(kinds.vpc), items: (a) => a.vpcs },
  { ...at(kinds.vpcNatGateway), items: (a) => a.vpc_nat_gateways },
  { ...at(kinds.cdnEndpoint), items: (a) => a.cdn_endpoints },
  { ...at(kinds.certificate), items: (a) => a.certificates },
  { ...at(kinds.uptimeCheck), items: (a) => a.uptime_checks },
  { ...at(kinds.reservedIpv6), items: (a) => a.reserved_ipv6s },
  {
    ...at(kinds.customImage),
    // The stand-in holds only the account's own images: `private=true` lists them, `type` filters them.
    items: (a, _m, q) =>
      q.get('private') === 'true' ? a.private_images.filter((i) => !q.get('type') || i.type === q.get('type')) : [],
  },
  // DO's namespace list has no links or meta.
  { ...at(kinds.functionsNamespace), items: (a) => a.functions_namespaces, bare: true },
  { pattern: /^\/v2\/customers\/my\/invoices$/, key: 'invoices', items: (a) => a.invoices },
  {
    pattern: /^\/v2\/customers\/my\/invoices\/([^/]+)$/,
    key: 'invoice_items',
    items: (a, m) => a.invoice_items[m[1]!],
  },
  { pattern: /^\/v2\/customers\/my\/billing_history$/, key: 'billing_history', items: (a) => a.billing_history },
];

const RATE_LIMIT = 5000;

/**
 * A local stand-in for DigitalOcean's API: DO's envelopes, pagination links, `meta.total`,
 * rate-limit headers and error bodies, over an account the caller can change between requests.
 * Faults (5xx, 429 bursts, slow or cut-short answers, dropped connections) are injected per path
 * and page, and every request is counted per path.
 */
export class DoStandin {
  account: DoAccount;
  /** Bearer token the stand-in accepts; others get DO's 401. */
  readonly token: string;
  private server: Server | undefined;
  private faults: (Fault & { used: number; skipped: number })[] = [];
  private counts = new Map<string, number>();
  /** Every POST, PUT, PATCH and DELETE received, in order: what a test asserts was (not) written. */
  private writeLog: { method: string; path: string }[] = [];
  private windowStart = Date.now();
  private windowCount = 0;
  private readonly requests = new EventEmitter();
  /** The write endpoints (droplets, volumes, reserved IPs, records, firewalls, projects, actions), on the calling team's account. */
  readonly writes = new DoWriteRoutes(() => this.writingTo ?? this.account);
  /** The team of the write being handled (set around the synchronous `writes.handle`). */
  private writingTo: DoAccount | undefined;

  /** Spaces access key the S3 stand-in accepts (any secret: signatures are not checked). */
  readonly spacesKey: string;
  /**
   * Other DO teams served on the same origin, by their token: DO tells teams apart by the token
   * alone, so a deployment watching several teams calls one API host with several tokens.
   */
  private readonly teams = new Map<string, DoAccount>();

  constructor(account: DoAccount = emptyAccount(), token = 'dop_v1_standin', spacesKey = 'STANDINSPACESKEY') {
    this.account = account;
    this.token = token;
    this.spacesKey = spacesKey;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the DO stand-in is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.destroy(err instanceof Error ? err : new Error(String(err)));
      });
    });
    await listenOnLoopback(this.server, port);
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeNow(server);
  }

  /** Serves `account` to requests bearing `token`, reads and writes. */
  addTeam(token: string, account: DoAccount): void {
    this.teams.set(token, account);
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, used: 0, skipped: 0 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Requests received for a path (all paths when absent), faults included. */
  requestCount(path?: string): number {
    if (path !== undefined) return this.counts.get(path) ?? 0;
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  resetCounts(): void {
    this.counts.clear();
    this.writeLog = [];
  }

  /** The write requests received since the last `resetCounts`, faults included. */
  writeRequests(): { method: string; path: string }[] {
    return [...this.writeLog];
  }

  /** Calls `listener` for every authenticated API request, with its path and page. */
  onRequest(listener: (req: { path: string; page: number; method: string }) => void): void {
    this.requests.on('request', listener);
  }

  /** Calls `listener` as each API request is answered, after any held or delayed fault: the order DO's answers arrive in. */
  onAnswer(listener: (req: { path: string; page: number }) => void): void {
    this.requests.on('answer', listener);
  }

  /** Stops calling a listener given to `onRequest` or `onAnswer`. */
  removeListener(listener: (req: { path: string; page: number; method: string }) => void): void {
    this.requests.off('request', listener);
    this.requests.off('answer', listener);
  }

  /** Resolves when a request for the path (and page, if given) arrives: lets a test act mid-listing. */
  async waitForRequest(path: string, page?: number, method?: string): Promise<void> {
    for (;;) {
      const [req] = (await once(this.requests, 'request')) as [{ path: string; page: number; method: string }];
      if (
        req.path === path &&
        (page === undefined || req.page === page) &&
        (method === undefined || req.method === method)
      )
        return;
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    this.counts.set(url.pathname, (this.counts.get(url.pathname) ?? 0) + 1);
    this.setRateHeaders(res);
    res.setHeader('x-request-id', randomUUID());

    // Spaces speak S3, signed with SigV4 rather than the API token.
    if (req.headers.authorization?.startsWith('AWS4-HMAC-SHA256 ')) return this.handleS3(req, res, url);
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    const team = bearer === this.token ? this.account : bearer !== undefined ? this.teams.get(bearer) : undefined;
    if (!team) return this.error(res, 401, 'unauthorized', 'Unable to authenticate you.');
    const method = req.method ?? 'GET';
    if (method !== 'GET') this.writeLog.push({ method, path: url.pathname });
    let payload: RawObject = {};
    if (method !== 'GET') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        payload = text ? (JSON.parse(text) as RawObject) : {};
      } catch {
        return this.error(res, 400, 'bad_request', 'The request body is not valid JSON.');
      }
    }

    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    this.requests.emit('request', { path: url.pathname, page, method });
    const fault = this.takeFault(url.pathname, page, method);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.until) await fault.until.catch(() => undefined);
    this.requests.emit('answer', { path: url.pathname, page, method });
    if (fault?.status) {
      if (fault.status === 429) {
        res.setHeader('ratelimit-remaining', '0');
        if (fault.retryAfter !== undefined) res.setHeader('retry-after', String(fault.retryAfter));
        res.writeHead(429, { 'content-type': 'application/json' });
        return void res.end(fixtureText('error_429.json'));
      }
      return this.error(
        res,
        fault.status,
        ERROR_IDS[fault.status] ?? (fault.status >= 500 ? 'server_error' : 'example_error'),
        'Injected failure.',
      );
    }

    this.writingTo = team;
    const written = (() => {
      try {
        return this.writes.handle(method, url.pathname, url.searchParams, payload);
      } finally {
        this.writingTo = undefined;
      }
    })();
    if (written && fault?.hangAfter) return void (await new Promise((r) => setTimeout(r, 600_000).unref()));
    if (written) {
      if (written.body === undefined) return void res.writeHead(written.status).end();
      res.writeHead(written.status, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(written.body));
    }
    if (method !== 'GET')
      return this.error(res, 404, 'not_found', 'The resource you were accessing could not be found.');

    const body = this.route(team, url, page);
    if (body === undefined)
      return this.error(res, 404, 'not_found', 'The resource you were accessing could not be found.');
    if (typeof body === 'string') {
      res.writeHead(200, { 'content-type': 'text/csv' });
      return void res.end(body);
    }
    const json = JSON.stringify(body);
    if (fault?.truncate) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(json.slice(0, Math.floor(json.length / 2)));
    }
    if (fault?.reset) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) });
      res.write(json.slice(0, Math.floor(json.length / 2)));
      return void setImmediate(() => res.destroy());
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(json);
  }

  private route(account: DoAccount, url: URL, page: number): unknown {
    const path = url.pathname;
    const summary = /^\/v2\/customers\/my\/invoices\/([^/]+)\/summary$/.exec(path);
    if (summary) return account.invoice_summaries[summary[1]!];
    const csv = /^\/v2\/customers\/my\/invoices\/([^/]+)\/csv$/.exec(path);
    if (csv) return account.invoice_csv[csv[1]!];
    // Single objects: an account without a registry gets DO's 404 on both.
    if (path === '/v2/account') return { account: account.account };
    // DO answers the balance bare, with no envelope key.
    if (path === '/v2/customers/my/balance') return account.balance;
    if (path === '/v2/registry') return account.registry ? { registry: account.registry } : undefined;
    if (path === '/v2/registry/subscription')
      return account.registry ? { subscription: account.registry_subscription } : undefined;

    for (const route of LIST_ROUTES) {
      const match = path.match(route.pattern);
      if (!match) continue;
      const all = route.items(account, match, url.searchParams);
      if (all === undefined) return undefined;
      if (route.bare) return { [route.key]: all };
      const perPage = Math.min(200, Math.max(1, Number(url.searchParams.get('per_page') ?? 20) || 20));
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number) => {
        const u = new URL(url);
        u.searchParams.set('page', String(p));
        u.searchParams.set('per_page', String(perPage));
        return u.toString();
      };
      const pages: Record<string, string> = {};
      if (page > 1) Object.assign(pages, { first: link(1), prev: link(page - 1) });
      if (page < last) Object.assign(pages, { next: link(page + 1), last: link(last) });
      const body: Record<string, unknown> = {
        [route.key]: all.slice((page - 1) * perPage, page * perPage),
        links: { pages },
        meta: { total: all.length },
      };
      if (route.key === 'invoices') body.invoice_preview = account.invoice_preview;
      return body;
    }
    return undefined;
  }

  /**
   * S3 ListBuckets (`GET /`) for one Spaces region, answered in S3's XML. The region is read from the
   * SigV4 credential scope (`Credential=<key>/<date>/<region>/s3/aws4_request`), which the SDK fills
   * from its `region` setting whatever the endpoint, so one stand-in URL serves every region.
   */
  private handleS3(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/s3\/aws4_request/.exec(req.headers.authorization ?? '');
    const xml = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
    };
    const s3Error = (status: number, code: string, message: string) =>
      xml(
        status,
        `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${String(res.getHeader('x-request-id'))}</RequestId></Error>`,
      );
    if (!scope || scope[1] !== this.spacesKey)
      return s3Error(403, 'InvalidAccessKeyId', 'The access key ID you provided does not exist in our records.');
    if (req.method !== 'GET' || url.pathname !== '/')
      return s3Error(501, 'NotImplemented', 'The stand-in serves ListBuckets only.');
    const fault = this.takeFault('/', 1);
    if (fault?.status)
      return s3Error(fault.status, fault.status >= 500 ? 'InternalError' : 'AccessDenied', 'Injected failure.');
    const buckets = this.account.spaces_buckets[scope[2]!] ?? [];
    xml(
      200,
      '<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<Owner><ID>standin</ID><DisplayName>standin</DisplayName></Owner><Buckets>' +
        buckets
          .map(
            (b) =>
              `<Bucket><Name>${escapeXml(b.Name)}</Name><CreationDate>${escapeXml(b.CreationDate)}</CreationDate></Bucket>`,
          )
          .join('') +
        '</Buckets></ListAllMyBucketsResult>',
    );
  }

  private takeFault(path: string, page: number, method = 'GET'): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.path === path &&
        (f.page === undefined || f.page === page) &&
        (f.method === undefined || f.method === method) &&
        f.used < (f.times ?? Infinity),
    );
    if (!fault) return undefined;
    if (fault.skipped < (fault.skip ?? 0)) {
      fault.skipped += 1;
      return undefined;
    }
    fault.used += 1;
    return fault;
  }

  private setRateHeaders(res: ServerResponse): void {
    const now = Date.now();
    if (now - this.windowStart > 3_600_000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    res.setHeader('ratelimit-limit', String(RATE_LIMIT));
    res.setHeader('ratelimit-remaining', String(Math.max(0, RATE_LIMIT - this.windowCount)));
    res.setHeader('ratelimit-reset', String(Math.ceil((this.windowStart + 3_600_000) / 1000)));
  }

  private error(res: ServerResponse, status: number, id: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, message, request_id: String(res.getHeader('x-request-id')) }));
  }
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}
