import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { AccountClients, accountClients } from '../../src/digitalocean/account-clients.js';
import { DEFAULT_ACCOUNT } from '../../src/digitalocean/accounts.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { UnknownAccountError } from '../../src/errors.js';

/** No path needs a scope here: these tests never reach DO. */
const noScopes = () => undefined;
const BASE = 'http://127.0.0.1:1';
/** Only what accountClients reads from the configuration. */
const config = (over: Partial<Config>): Config =>
  ({
    DIGITALOCEAN_API_URL: BASE,
    ARCADIA_DO_TIMEOUT_MS: 1000,
    ARCADIA_DO_MAX_RETRIES: 0,
    ARCADIA_DO_RETRY_BASE_MS: 1,
    ...over,
  }) as Config;

describe('accountClients', () => {
  it('is undefined when no DO team is configured', () => {
    expect(accountClients(config({}), noScopes)).toBeUndefined();
    expect(accountClients(config({ ARCADIA_DO_ACCOUNTS: [] }), noScopes)).toBeUndefined();
  });

  it('makes the default account from DIGITALOCEAN_TOKEN, its refusals naming that variable', () => {
    const clients = accountClients(config({ DIGITALOCEAN_TOKEN: 'dop_v1_a' }), noScopes)!;
    expect(clients.names).toEqual([DEFAULT_ACCOUNT]);
    expect(clients.several).toBe(false);
    expect(clients.primary.tokenName).toBe('DIGITALOCEAN_TOKEN');
  });

  it('makes one client per team of ARCADIA_DO_ACCOUNTS, in order, each naming its own entry', () => {
    const clients = accountClients(
      config({
        DIGITALOCEAN_TOKEN: 'dop_v1_ignored',
        ARCADIA_DO_ACCOUNTS: [
          { name: 'production', token: 'dop_v1_p' },
          { name: 'staging', token: 'dop_v1_s' },
        ],
      }),
      noScopes,
    )!;
    expect(clients.names).toEqual(['production', 'staging']);
    expect(clients.primaryName).toBe('production');
    expect(clients.client('staging').tokenName).toBe('the staging token in ARCADIA_DO_ACCOUNTS');
    expect(clients.client('staging')).not.toBe(clients.primary);
  });
});

describe('AccountClients', () => {
  const two = () =>
    AccountClients.create(
      [
        { name: 'production', token: 'dop_v1_p' },
        { name: 'staging', token: 'dop_v1_s' },
      ],
      { baseUrl: BASE },
    );

  it('sends work that names no account to the first one', () => {
    const clients = two();
    expect(clients.client(undefined)).toBe(clients.primary);
    expect(clients.client('production')).toBe(clients.primary);
  });

  it('says an unknown account is unknown, listing the configured ones', () => {
    const err = (() => {
      try {
        two().client('qa');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(UnknownAccountError);
    expect((err as UnknownAccountError).sentence).toBe(
      'No DO account is named "qa"; the accounts are production, staging.',
    );
  });

  it('checks a typed name, passing "every account" (undefined) through', () => {
    expect(two().check('staging')).toBe('staging');
    expect(two().check(undefined)).toBeUndefined();
  });

  it('wraps a lone client as the one account, under the name given, and passes AccountClients through', () => {
    const client = new DoClient({ token: 't', baseUrl: BASE });
    const wrapped = AccountClients.from(client);
    expect(wrapped.names).toEqual([DEFAULT_ACCOUNT]);
    expect(wrapped.primary).toBe(client);
    expect(AccountClients.single(client, 'ops').client('ops')).toBe(client);
    const clients = two();
    expect(AccountClients.from(clients)).toBe(clients);
  });
});
