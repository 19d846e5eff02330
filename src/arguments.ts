import { z } from 'zod';
import { ArcadiaError, ErrorCode, UnknownKindError, UsageError } from './errors.js';
import { isPeriod } from './invoice/period.js';
import { resolveKindName } from './sync/kind-names.js';
import { BUDGET_SCOPES, parseThresholds, THRESHOLDS_HINT, type BudgetScopeKind } from './budget/budget-terms.js';
import { CHANNEL_HINT, CHANNEL_ID } from './config.js';
import { parseCents } from './invoice/money.js';

/**
 * The arguments both front ends take, parsed once: kind names (plurals and aliases through the kind
 * registry's resolver), `key=value` pairs, periods, `--account` and a budget's scope, amount,
 * thresholds and channel. Each parser throws a typed error
 * whose sentence says what to write instead. `/cloud` takes them as zod schemas (`zodArgument`: the
 * refusal becomes the issue it answers with); the command line calls them on what commander collected,
 * inside its `action`, which prints the refusal as its one `arcadia: …` line and exits 1.
 */

/** Argument text → words; Slack sends everything after `/cloud <sub>` as one string. */
export function words(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** `all`, nothing (= all) or one or more kinds of `known`, each once, in the order asked. */
export function kindList<K extends string>(asked: readonly string[], known: readonly K[]): K[] {
  if (asked.length === 0 || asked.some((a) => a.toLowerCase() === 'all')) return [...known];
  const resolved: K[] = [];
  const unknown: UnknownKindError[] = [];
  for (const a of asked) {
    try {
      resolved.push(resolveKindName(a, known));
    } catch (err) {
      if (!(err instanceof UnknownKindError)) throw err;
      unknown.push(err);
    }
  }
  if (unknown.length) {
    const names = [...new Set(unknown.flatMap((u) => u.kinds))];
    throw new UnknownKindError(names, known, names.length === 1 ? unknown[0]!.suggestion : undefined, true);
  }
  return [...new Set(resolved)];
}

/** No kind or one kind of `known`. */
export function optionalKind<K extends string>(asked: readonly string[], known: readonly K[]): K | undefined {
  if (asked.length > 1) throw new UsageError(`Expected at most one kind, got "${asked.join(' ')}".`);
  return asked[0] === undefined ? undefined : resolveKindName(asked[0], known);
}

/** `key=value` words → their map; a word without a key and `=` is refused, naming it. */
export function keyValuePairs(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`Parameters are key=value; "${pair}" is not.`, ErrorCode.BadParam, { pair });
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

/** A period as written (`YYYY-MM`, or `current` where month to date is meant), else the sentence saying how to write it. */
export function parsePeriod(text: string, refusal: string, code: ErrorCode = ErrorCode.Usage): string {
  if (!isPeriod(text)) throw new UsageError(refusal, code, { period: text });
  return text;
}

/**
 * `--account NAME` (or `--account=NAME`) anywhere in the text, for commands about one DO team of
 * several, and the rest of the text. Whether the team exists is for the use case to check (it has
 * the configuration): `commander` takes the option itself.
 */
export function accountFlag(text: string): { account: string | undefined; rest: string } {
  const m = /(?:^|\s)--account(?:=|\s+|$)(\S*)/.exec(text);
  if (m && !m[1]) throw new UsageError('Say which DO team after --account, e.g. --account staging.');
  return { account: m?.[1]?.toLowerCase(), rest: m ? text.replace(m[0], ' ') : text };
}

/** A parser of the text after `/cloud <sub>` as a zod schema: a refusal becomes the issue, in its sentence. */
export function zodArgument<T>(parse: (text: string) => T): z.ZodType<T, string> {
  return z.string().transform((text, ctx): T => {
    try {
      return parse(text);
    } catch (err) {
      if (!(err instanceof ArcadiaError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.sentence ?? err.message });
      return z.NEVER;
    }
  });
}

/** `tenant acme`, `project my-web-api`, `account staging`: what a budget covers. */
export function budgetScope(
  kind: string | undefined,
  name: string | undefined,
): { scope: BudgetScopeKind; name: string } {
  const scope = kind?.toLowerCase();
  if (!BUDGET_SCOPES.includes(scope as BudgetScopeKind) || !name)
    throw new UsageError(
      'Say what the budget covers: `tenant NAME`, `project NAME` or `account NAME`.',
      ErrorCode.BudgetUsage,
      { scope: kind },
    );
  return { scope: scope as BudgetScopeKind, name };
}

/** A monthly amount in US dollars (`500`, `$1,250.50`), as integer cents, parsed exactly (src/invoice/money.ts). */
export function budgetAmount(text: string | undefined): number {
  const cents = text === undefined ? null : parseCents(text);
  if (cents === null || cents <= 0)
    throw new UsageError(
      `${text === undefined ? 'No amount given' : `"${text}" is not an amount of US dollars`}; write the monthly budget, e.g. 500 or $1,250.50.`,
      ErrorCode.BudgetUsage,
    );
  return cents;
}

/** `--alert-at 80,100`: the percentages of the budget the forecast is alerted at. */
export function alertThresholds(text: string): number[] {
  const thresholds = parseThresholds(text);
  if (!thresholds)
    throw new UsageError(`--alert-at "${text}" is not a list of ${THRESHOLDS_HINT}.`, ErrorCode.BudgetUsage);
  return thresholds;
}

/** `--channel C0123456789` (or Slack's `<#C0123456789|name>`): a channel id, as every setting names channels. */
export function channelArgument(text: string): string {
  const id = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text)?.[1] ?? text;
  if (!CHANNEL_ID.test(id)) throw new UsageError(`--channel "${text}" ${CHANNEL_HINT}.`, ErrorCode.BudgetUsage);
  return id;
}

/** What a forecast is asked about: a tenant, a project (id or name) or a DO team; nothing is the whole picture. */
export type ScopeAsked =
  { kind: 'tenant'; tenant: string } | { kind: 'project'; project: string } | { kind: 'account'; account: string };

/** `--tenant T`, `--project P` or `--account A`, at most one; none: undefined. */
export function forecastScope(options: {
  tenant?: string;
  project?: string;
  account?: string;
}): ScopeAsked | undefined {
  const given = (['tenant', 'project', 'account'] as const).filter((k) => options[k] !== undefined);
  if (given.length > 1)
    throw new UsageError(
      `Ask about one of --tenant, --project or --account, not ${given.map((k) => `--${k}`).join(' and ')}.`,
    );
  const kind = given[0];
  if (kind === undefined) return undefined;
  const value = options[kind]!.trim();
  if (!value)
    throw new UsageError(
      `Say which after --${kind}, e.g. --${kind} ${kind === 'tenant' ? 'acme' : kind === 'project' ? 'web-api' : 'staging'}.`,
    );
  if (kind === 'tenant') return { kind, tenant: value.toLowerCase() };
  if (kind === 'project') return { kind, project: value };
  return { kind, account: value.toLowerCase() };
}

/** The words after `/cloud forecast`: a tenant's name alone, or the command line's `--tenant`, `--project`, `--account`. */
export function forecastScopeWords(text: string): ScopeAsked | undefined {
  const w = words(text);
  if (w.length === 0) return undefined;
  if (w.length === 1 && !w[0]!.startsWith('--')) return forecastScope({ tenant: w[0] });
  const flag = /^--(tenant|project|account)(?:=(.*))?$/;
  const options: { tenant?: string; project?: string; account?: string } = {};
  for (let i = 0; i < w.length; i += 1) {
    const m = flag.exec(w[i]!);
    if (!m)
      throw new UsageError(
        `Expected a tenant's name, or --tenant, --project or --account and a name; "${w[i]}" is neither.`,
      );
    const value = m[2] ?? w[(i += 1)] ?? '';
    options[m[1] as 'tenant' | 'project' | 'account'] = value;
  }
  return forecastScope(options);
}
