import { z } from 'zod';
import { AccountNotNamedError, UnknownAccountError } from '../errors.js';

/**
 * The DO teams ("accounts") a deployment watches. One team is configured with DIGITALOCEAN_TOKEN
 * and is called `default`; several with ARCADIA_DO_ACCOUNTS, `name=token` pairs separated by commas
 * (`production=dop_v1_…,staging=dop_v1_…`). DO tells teams apart by the token alone, so every
 * account calls the same API origin with its own token, and gets its own rate budget.
 */
export const DEFAULT_ACCOUNT = 'default';

export interface DoAccount {
  name: string;
  token: string;
  /** How people configure the token, named when DO refuses it (DIGITALOCEAN_TOKEN, or one team's entry of ARCADIA_DO_ACCOUNTS). */
  setting?: string;
}

const ACCOUNT_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const NAME_HINT = 'account names are lower-case letters, digits and -, starting with a letter (e.g. production)';
const FORMAT_HINT = 'must be name=token pairs separated by commas, e.g. production=dop_v1_…,staging=dop_v1_…';

/**
 * ARCADIA_DO_ACCOUNTS, parsed and checked. Messages quote only names that passed the name check (a
 * token never does), and point at any other entry by its place: what sits before an `=` that is not
 * a valid name may be a token written first (`dop_v1_…=production`).
 */
export const accountsSetting = z.string().transform((raw, ctx): DoAccount[] => {
  const accounts: DoAccount[] = [];
  for (const [i, pair] of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .entries()) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? '' : pair.slice(0, eq).trim();
    const token = eq < 0 ? '' : pair.slice(eq + 1).trim();
    if (!name || !token) {
      ctx.addIssue({ code: 'custom', message: FORMAT_HINT });
      return z.NEVER;
    }
    if (!ACCOUNT_NAME.test(name)) {
      const entry = `entry ${i + 1}`;
      const message = ACCOUNT_NAME.test(token)
        ? `${entry} has the token before the "=": write name=token, the name first (e.g. production=dop_v1_…)`
        : `${entry} does not start with a valid account name: ${NAME_HINT}`;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    if (accounts.some((a) => a.name === name)) {
      ctx.addIssue({ code: 'custom', message: `names the account "${name}" twice` });
      return z.NEVER;
    }
    if (accounts.some((a) => a.token === token)) {
      ctx.addIssue({
        code: 'custom',
        message: `gives "${name}" the same token as "${accounts.find((a) => a.token === token)!.name}": each DO team has its own`,
      });
      return z.NEVER;
    }
    accounts.push({ name, token });
  }
  if (accounts.length === 0) {
    ctx.addIssue({ code: 'custom', message: FORMAT_HINT });
    return z.NEVER;
  }
  return accounts;
});

/** The accounts a configuration names, in the order given: the first is where provisioning creates by default. */
export function doAccounts(config: {
  DIGITALOCEAN_TOKEN?: string | undefined;
  ARCADIA_DO_ACCOUNTS?: DoAccount[] | undefined;
}): DoAccount[] {
  if (config.ARCADIA_DO_ACCOUNTS?.length)
    return config.ARCADIA_DO_ACCOUNTS.map((a) => ({ ...a, setting: `the ${a.name} token in ARCADIA_DO_ACCOUNTS` }));
  return config.DIGITALOCEAN_TOKEN
    ? [{ name: DEFAULT_ACCOUNT, token: config.DIGITALOCEAN_TOKEN, setting: 'DIGITALOCEAN_TOKEN' }]
    : [];
}

/**
 * The prefix of every stored key of an account's objects (resources, project maps). The default
 * account keeps the single-team keys Arcadia always used, so a single-team database upgrades without
 * one id changing; any other account is qualified by its name, so ids never collide across teams.
 */
export function accountKeyPrefix(account: string): string {
  return account === DEFAULT_ACCOUNT ? 'digitalocean' : `digitalocean@${account}`;
}

/**
 * `named`, if the configuration has a team of that name; else UnknownAccountError listing them. With
 * no team configured (a command that reads only stored data), any name stands.
 */
export function checkAccount(configured: readonly string[], named: string): string {
  if (configured.length > 0 && !configured.includes(named)) throw new UnknownAccountError(named, configured);
  return named;
}

/**
 * The account an invoice file bills: the one named, else the only one configured (`default` when
 * none is, since stored invoices need no token). A file does not say which team it is from, so with
 * several teams it must be named; `how` says where (a CLI option, the Slack message).
 */
export function invoiceAccount(configured: readonly string[], named: string | undefined, how: string): string {
  if (named !== undefined) return checkAccount(configured, named);
  if (configured.length > 1) throw new AccountNotNamedError(configured, how);
  return configured[0] ?? DEFAULT_ACCOUNT;
}

/**
 * The configured account a Slack message names, as a word of its text ("staging invoice for June"),
 * or undefined when it names none; two named is as good as none (the uploader is asked).
 */
export function accountNamedIn(text: string | undefined, configured: readonly string[]): string | undefined {
  const words = new Set(
    (text ?? '')
      .toLowerCase()
      .split(/[^a-z0-9-]+/)
      .filter(Boolean),
  );
  const named = configured.filter((name) => words.has(name));
  return named.length === 1 ? named[0] : undefined;
}

/** How messages name what a run covered: the kind, and its team unless there is only the default one ("droplet in staging"). */
export function inAccount(kind: string, account: string | undefined): string {
  return account === undefined || account === DEFAULT_ACCOUNT ? kind : `${kind} in ${account}`;
}

/**
 * The accounts to queue per-team work for, as jobs name them: each configured team, or, for the
 * single default team, none (its jobs keep the ids they had before teams existed).
 */
export function jobAccounts(config: Parameters<typeof doAccounts>[0]): (string | undefined)[] {
  const names = doAccounts(config).map((a) => a.name);
  // None configured is the single team whose token is missing: its jobs fail saying so.
  return names.length === 0 || (names.length === 1 && names[0] === DEFAULT_ACCOUNT) ? [undefined] : names;
}
