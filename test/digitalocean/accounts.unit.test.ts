import { describe, expect, it } from 'vitest';
import { loadConfig, requireStartSettings } from '../../src/config.js';
import { accountKeyPrefix, DEFAULT_ACCOUNT, doAccounts } from '../../src/digitalocean/accounts.js';
import { AccountClients } from '../../src/digitalocean/account-clients.js';
import { DoClient } from '../../src/digitalocean/client.js';
import { ConfigError, UnknownAccountError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).issues.map((i) => `${i.variable}: ${i.problem}`);
  }
};

describe('DO accounts', () => {
  it('one team from DIGITALOCEAN_TOKEN is the default account', () => {
    expect(doAccounts(loadConfig({ DIGITALOCEAN_TOKEN: 'dop_v1_a' }))).toEqual([
      { name: DEFAULT_ACCOUNT, token: 'dop_v1_a', setting: 'DIGITALOCEAN_TOKEN' },
    ]);
    expect(doAccounts(loadConfig({}))).toEqual([]);
  });

  it('several teams from ARCADIA_DO_ACCOUNTS, in the order given', () => {
    const config = loadConfig({ ARCADIA_DO_ACCOUNTS: 'production=dop_v1_a, staging=dop_v1_b' });
    expect(doAccounts(config)).toEqual([
      { name: 'production', token: 'dop_v1_a', setting: 'the production token in ARCADIA_DO_ACCOUNTS' },
      { name: 'staging', token: 'dop_v1_b', setting: 'the staging token in ARCADIA_DO_ACCOUNTS' },
    ]);
    expect(() =>
      requireStartSettings({ ...config, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }),
    ).not.toThrow();
  });

  it('refuses a malformed list, naming the account and never echoing a token', () => {
    expect(problems({ ARCADIA_DO_ACCOUNTS: 'dop_v1_secret' })).toEqual([
      'ARCADIA_DO_ACCOUNTS: must be name=token pairs separated by commas, e.g. production=dop_v1_…,staging=dop_v1_…',
    ]);
    // What precedes the "=" of a bad entry may be a token: the entry is named by its place, not quoted.
    expect(problems({ ARCADIA_DO_ACCOUNTS: 'Prod Team=dop_v1_secret' })).toEqual([
      'ARCADIA_DO_ACCOUNTS: entry 1 does not start with a valid account name: account names are lower-case letters, digits and -, starting with a letter (e.g. production)',
    ]);
    expect(problems({ ARCADIA_DO_ACCOUNTS: 'staging=dop_v1_b,dop_v1_secret=production' })).toEqual([
      'ARCADIA_DO_ACCOUNTS: entry 2 has the token before the "=": write name=token, the name first (e.g. production=dop_v1_…)',
    ]);
    expect(problems({ ARCADIA_DO_ACCOUNTS: 'a=dop_v1_x,a=dop_v1_y' })).toEqual([
      'ARCADIA_DO_ACCOUNTS: names the account "a" twice',
    ]);
    expect(problems({ ARCADIA_DO_ACCOUNTS: 'a=dop_v1_secret,b=dop_v1_secret' })[0]).toMatch(
      /gives "b" the same token as "a"/,
    );
    expect(problems({ DIGITALOCEAN_TOKEN: 'dop_v1_x', ARCADIA_DO_ACCOUNTS: 'a=dop_v1_y' })[0]).toMatch(/not both/);
    for (const env of [
      { ARCADIA_DO_ACCOUNTS: 'Prod Team=dop_v1_secret' },
      { ARCADIA_DO_ACCOUNTS: 'dop_v1_secret=production' },
      { ARCADIA_DO_ACCOUNTS: 'dop_v1_secret=dop_v1_other' },
      { ARCADIA_DO_ACCOUNTS: 'a=dop_v1_secret,b=dop_v1_secret' },
    ]) {
      expect(problems(env).join(' ')).not.toContain('dop_v1_secret');
    }
  });

  it('keeps the single-team keys for the default account and qualifies every other', () => {
    expect(accountKeyPrefix(DEFAULT_ACCOUNT)).toBe('digitalocean');
    expect(accountKeyPrefix('staging')).toBe('digitalocean@staging');
  });

  it('gives each account its own client and rate budget, and names the accounts when asked for an unknown one', () => {
    const accounts = AccountClients.create(
      [
        { name: 'production', token: 'dop_v1_a' },
        { name: 'staging', token: 'dop_v1_b' },
      ],
      { baseUrl: 'http://127.0.0.1:1' },
    );
    expect(accounts.primaryName).toBe('production');
    expect(accounts.several).toBe(true);
    expect(accounts.client('staging').budget).not.toBe(accounts.client('production').budget);
    expect(() => accounts.client('qa')).toThrow(UnknownAccountError);
    expect(() => accounts.check('qa')).toThrow('No DO account is named "qa"; the accounts are production, staging.');
    expect(AccountClients.single(new DoClient({ token: 't', baseUrl: 'http://127.0.0.1:1' })).names).toEqual([
      DEFAULT_ACCOUNT,
    ]);
  });

  it('never logs the tokens of ARCADIA_DO_ACCOUNTS', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    const config = loadConfig({ ARCADIA_DO_ACCOUNTS: 'production=dop_v1_topsecret' });
    log.info({ config }, 'config');
    expect(lines.join('')).not.toContain('topsecret');
  });
});
