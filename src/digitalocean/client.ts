import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULTS } from '../config.js';
import { DoApiError, DoAuthError } from '../errors.js';
import { doRateRemaining, doRequests, endpointClass } from '../metrics.js';
import { RateBudget } from './rate-budget.js';
import { clientScope, type ScopeOf } from './token-scope.js';

export interface DoClientOptions {
  token: string;
  /** API origin, e.g. https://api.digitalocean.com (a stand-in's URL in tests and the demo). */
  baseUrl: string;
  /** Per-request timeout. @defaultValue ARCADIA_DO_TIMEOUT_MS's default */
  timeoutMs?: number;
  /** Retries after the first attempt for 429, 5xx, network errors and cut-short bodies. @defaultValue ARCADIA_DO_MAX_RETRIES's default */
  maxRetries?: number;
  /** First backoff step; doubled each retry, with jitter. @defaultValue ARCADIA_DO_RETRY_BASE_MS's default */
  retryBaseMs?: number;
  /** Shared by every client on the same token. */
  budget?: RateBudget;
  /** How people configure this token, named when DO refuses it. @defaultValue 'DIGITALOCEAN_TOKEN' */
  tokenName?: string;
  /** The DO team this token is (src/digitalocean/accounts.ts), the label of its rate budget's metric. @defaultValue 'default' */
  account?: string;
  /** The scope a path needs, named in a 403: the kind registry's `tokenScope`, which covers every path Arcadia reads. @defaultValue the client's own paths only (`clientScope`) */
  scopeOf?: ScopeOf;
}

/** One page of a DO list endpoint. */
export interface DoPage<T> {
  items: T[];
  /** `meta.total` when DO sends it: the count across all pages. */
  total: number | undefined;
  page: number;
}

interface DoEnvelope {
  links?: { pages?: { next?: string } } | null;
  meta?: { total?: number } | null;
  [key: string]: unknown;
}

const MAX_BACKOFF_MS = 30_000;

/** A transient failure worth another attempt. */
class RetryableFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly waitMs: number | undefined,
    readonly id?: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/**
 * A read-only DigitalOcean API client: bearer auth, `per_page=200` paging through `links.pages.next`,
 * bounded retries with jittered exponential backoff, 429 handling and pacing on the rate budget.
 * `calls` counts the HTTP requests this client made, retries included.
 */
export class DoClient {
  calls = 0;
  readonly budget: RateBudget;
  private readonly origin: string;

  constructor(private readonly options: DoClientOptions) {
    this.budget = options.budget ?? new RateBudget();
    this.origin = new URL(options.baseUrl).origin;
  }

  /** How people configure this client's token (DIGITALOCEAN_TOKEN, or a team's entry in ARCADIA_DO_ACCOUNTS): messages name it. */
  get tokenName(): string {
    return this.options.tokenName ?? 'DIGITALOCEAN_TOKEN';
  }

  /** A client sharing this one's settings and rate budget, with its own call counter. */
  child(): DoClient {
    return new DoClient({ ...this.options, budget: this.budget });
  }

  /** GET a path (or an absolute URL on the API's own origin) and return the parsed JSON body. */
  async get<T = unknown>(pathOrUrl: string, query: Record<string, string | number> = {}): Promise<T> {
    const url = this.resolve(pathOrUrl, query);
    return (await this.request(url)).body as T;
  }

  /**
   * Iterates the pages of a list endpoint, one request at a time, so memory stays flat however large
   * the account. Follows `links.pages.next` exactly as given and stops when there is none.
   */
  async *pages<T>(path: string, key: string, query: Record<string, string | number> = {}): AsyncGenerator<DoPage<T>> {
    let url: URL | undefined = this.resolve(path, { per_page: 200, ...query });
    let page = 1;
    while (url) {
      const { body } = await this.request(url);
      const envelope = body as DoEnvelope;
      const items = envelope[key];
      if (!Array.isArray(items)) {
        throw new DoApiError(`response has no "${key}" array`, {
          status: 200,
          method: 'GET',
          path: url.pathname,
          attempts: 1,
        });
      }
      yield { items: items as T[], total: envelope.meta?.total ?? undefined, page };
      const next = envelope.links?.pages?.next;
      url = next ? this.resolve(next) : undefined;
      page += 1;
    }
  }

  /**
   * A write: POST or DELETE with a JSON body, answering the parsed body (undefined for DO's 204).
   * DELETEs are retried like reads; a POST is sent once, because a POST whose answer was lost may
   * still have created something: the caller looks for it before trying again (see src/saga/).
   */
  async send<T = unknown>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const url = this.resolve(path);
    return (await this.request(url, method, body === undefined ? undefined : JSON.stringify(body))).body as T;
  }

  private resolve(pathOrUrl: string, query: Record<string, string | number> = {}): URL {
    const url = new URL(pathOrUrl, this.options.baseUrl);
    // The token goes to DO's API origin only, whatever a `next` link says.
    if (url.origin !== this.origin) {
      throw new DoApiError(`refusing to follow a link off the API origin (${url.origin})`, {
        status: 0,
        method: 'GET',
        path: url.pathname,
        attempts: 0,
      });
    }
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    return url;
  }

  private async request(
    url: URL,
    method: 'GET' | 'POST' | 'DELETE' = 'GET',
    payload?: string,
  ): Promise<{ body: unknown; headers: Headers }> {
    // A POST whose answer was lost may still have created something: never sent twice here (the caller checks first).
    const maxRetries = method === 'POST' ? 0 : (this.options.maxRetries ?? DEFAULTS.ARCADIA_DO_MAX_RETRIES);
    const path = url.pathname + url.search;
    let attempt = 0;
    for (;;) {
      attempt += 1;
      const pace = this.budget.paceMs();
      if (pace > 0) await sleep(pace);
      try {
        return await this.attempt(url, path, attempt, method, payload);
      } catch (err) {
        if (!(err instanceof RetryableFailure)) throw err;
        if (attempt > maxRetries) {
          throw new DoApiError(err.message, {
            status: err.status,
            id: err.id,
            requestId: err.requestId,
            method,
            path,
            attempts: attempt,
          });
        }
        await sleep(err.waitMs ?? this.backoffMs(attempt));
      }
    }
  }

  private backoffMs(attempt: number): number {
    const base = this.options.retryBaseMs ?? DEFAULTS.ARCADIA_DO_RETRY_BASE_MS;
    const ceiling = Math.min(MAX_BACKOFF_MS, base * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private async attempt(
    url: URL,
    path: string,
    attempt: number,
    method: 'GET' | 'POST' | 'DELETE',
    payload: string | undefined,
  ): Promise<{ body: unknown; headers: Headers }> {
    this.calls += 1;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        body: payload,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULTS.ARCADIA_DO_TIMEOUT_MS),
      });
    } catch (err) {
      doRequests.inc({ endpoint: endpointClass(url.pathname), method, status: '0' });
      const reason = err instanceof Error && err.name === 'TimeoutError' ? 'request timed out' : networkReason(err);
      throw new RetryableFailure(reason, 0, undefined);
    }
    doRequests.inc({ endpoint: endpointClass(url.pathname), method, status: String(response.status) });
    // A 429's own wait is read below; its `ratelimit-remaining: 0` may speak of the burst limit,
    // and must not make every later request wait for the hourly window.
    if (response.status !== 429) {
      this.budget.observe(response.headers);
      if (this.budget.remaining !== undefined)
        doRateRemaining.set({ account: this.options.account ?? 'default' }, this.budget.remaining);
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;

    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw new RetryableFailure(
        `connection lost while reading the body: ${networkReason(err)}`,
        response.status,
        undefined,
        undefined,
        requestId,
      );
    }
    let body: unknown;
    let parseFailed = false;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      parseFailed = true;
    }

    if (response.status === 204) return { body: undefined, headers: response.headers };
    if (response.ok) {
      // A 200 whose JSON is cut short is a broken transfer, not an answer.
      if (parseFailed || body === undefined)
        throw new RetryableFailure(
          'response body is not complete JSON',
          response.status,
          undefined,
          undefined,
          requestId,
        );
      return { body, headers: response.headers };
    }

    const error = (parseFailed ? {} : (body ?? {})) as { id?: string; message?: string; request_id?: string };
    const id = typeof error.id === 'string' ? error.id : undefined;
    const rid = typeof error.request_id === 'string' ? error.request_id : requestId;
    const message =
      typeof error.message === 'string' ? error.message : response.statusText || `HTTP ${response.status}`;
    if (response.status === 429) {
      const wait = RateBudget.retryAfterMs(response.headers);
      if (wait !== undefined && wait > this.budget.maxWaitMs) {
        throw new DoApiError(`rate limit exhausted; DO asks to wait ${Math.ceil(wait / 1000)} s`, {
          status: 429,
          id,
          requestId: rid,
          method,
          path,
          attempts: attempt,
        });
      }
      throw new RetryableFailure(message, 429, wait, id, rid);
    }
    if (response.status >= 500) throw new RetryableFailure(message, response.status, undefined, id, rid);
    // A refused token is refused again on every retry: permanent, naming what to fix.
    if (response.status === 401 || response.status === 403) {
      throw new DoAuthError(
        message,
        { status: response.status, id, requestId: rid, method, path, attempts: attempt },
        response.status === 403 && method === 'GET' ? (this.options.scopeOf ?? clientScope)(path) : undefined,
        this.tokenName,
      );
    }
    throw new DoApiError(message, { status: response.status, id, requestId: rid, method, path, attempts: attempt });
  }
}

function networkReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `${err.message} (${cause.code})` : err.message;
}
