import { UnknownAccountError } from '../errors.js';
import { checkAccount, DEFAULT_ACCOUNT, doAccounts, type DoAccount } from './accounts.js';
import type { Config } from '../config.js';
import { DoClient, type DoClientOptions } from './client.js';
import type { ScopeOf } from './token-scope.js';

/**
 * One DO client per watched team, in configuration order. Each has its own token and so its own
 * rate budget: DO counts requests per token, and one busy team must not slow another's syncs.
 */
export class AccountClients {
  private constructor(private readonly clients: ReadonlyMap<string, DoClient>) {}

  static create(
    accounts: readonly DoAccount[],
    options: Omit<DoClientOptions, 'token' | 'budget' | 'tokenName' | 'account'>,
  ): AccountClients {
    return new AccountClients(
      new Map(
        accounts.map((a) => [
          a.name,
          new DoClient({ ...options, token: a.token, tokenName: a.setting, account: a.name }),
        ]),
      ),
    );
  }

  /** One client as the only account (`default`): what single-team code and tests hand over. */
  static single(client: DoClient, name = DEFAULT_ACCOUNT): AccountClients {
    return new AccountClients(new Map([[name, client]]));
  }

  static from(source: DoClient | AccountClients): AccountClients {
    return source instanceof AccountClients ? source : AccountClients.single(source);
  }

  get names(): string[] {
    return [...this.clients.keys()];
  }

  /** The first account: where work that names none goes (provisioning, a job queued before accounts existed). */
  get primaryName(): string {
    return this.names[0]!;
  }

  get primary(): DoClient {
    return this.clients.get(this.primaryName)!;
  }

  /** Several teams configured: messages then say which team each number is about. */
  get several(): boolean {
    return this.clients.size > 1;
  }

  /** The account's client; an unknown name is the person's mistake, said as such. */
  client(account: string | undefined): DoClient {
    const name = account ?? this.primaryName;
    const client = this.clients.get(name);
    if (!client) throw new UnknownAccountError(name, this.names);
    return client;
  }

  /** Checks a name a person typed (`--account`), returning it; undefined stays undefined (every account). */
  check(account: string | undefined): string | undefined {
    return account === undefined ? undefined : checkAccount(this.names, account);
  }

  /** The team work about one team goes to (a new saga): the one named, checked, else the first. */
  chosen(account: string | undefined): string {
    return this.check(account) ?? this.primaryName;
  }

  /** The teams a command about every team (or the one named) covers, each in turn. */
  asked(account: string | undefined): string[] {
    const named = this.check(account);
    return named !== undefined ? [named] : this.names;
  }
}

/**
 * The configured teams' clients, with the configured timeouts and retries, naming scopes from
 * `scopeOf` (the kind registry's `tokenScope`); undefined when no team is configured.
 */
export function accountClients(config: Config, scopeOf: ScopeOf): AccountClients | undefined {
  const accounts = doAccounts(config);
  if (accounts.length === 0) return undefined;
  return AccountClients.create(accounts, {
    baseUrl: config.DIGITALOCEAN_API_URL,
    timeoutMs: config.ARCADIA_DO_TIMEOUT_MS,
    maxRetries: config.ARCADIA_DO_MAX_RETRIES,
    retryBaseMs: config.ARCADIA_DO_RETRY_BASE_MS,
    scopeOf,
  });
}
