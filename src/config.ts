import cron from 'node-cron';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { SHARED_COST_POLICIES } from './billing/shared-cost-policy.js';
import { routesSchema } from './routing/routes.js';
import { accountsSetting, doAccounts } from './digitalocean/accounts.js';
import { int, ratio } from './setting-schemas.js';
import { WASTE_RULE_SETTINGS } from './waste/rules/index.js';
import { parseThresholds, THRESHOLDS_HINT } from './budget/budget-terms.js';

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

/** A Slack channel id: Arcadia posts by id, and a #name would fail at the first post, not at start. */
export const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
export const CHANNEL_HINT =
  "must be a channel id like C0123456789, not a name (in Slack: the channel's name → About → Channel ID)";
const channelId = z.string().regex(CHANNEL_ID, { error: CHANNEL_HINT });
const channelList = list.refine((ids) => ids.every((id) => CHANNEL_ID.test(id)), {
  error: `${CHANNEL_HINT}; separate several with commas`,
});

/** A Slack user id: access is checked by id, and a @name or display name would match nobody. */
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const userList = list.refine((ids) => ids.every((id) => USER_ID.test(id)), {
  error:
    "must be Slack member ids like U0123456789, not @names (in Slack: a person's profile → ⋯ → Copy member ID); separate several with commas",
});

/**
 * A MongoDB URI names its database in its path; without one the driver would use `test`, so a URI
 * that names none gets `arcadia`.
 */
function withDatabaseName(uri: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/([^?]*))?(\?.*)?$/.exec(uri);
  if (!m || m[2]) return uri;
  return `${m[1]}/arcadia${m[3] ?? ''}`;
}
/** An on/off setting: `true` or `false` (1/0 and yes/no too). */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A node-cron expression (UTC), checked at start-up with everything else rather than when the schedule starts. */
const cronExpression = z.string().refine((v) => cron.validate(v), 'must be a cron expression, e.g. "*/15 * * * *"');

/** Every setting Arcadia reads, with its default. One schema so a bad environment is reported at once. */
const schema = z.object({
  DIGITALOCEAN_TOKEN: z.string().min(1).optional(),
  /** Several DO teams instead of one: `name=token` pairs, comma-separated (see src/digitalocean/accounts.ts). */
  ARCADIA_DO_ACCOUNTS: accountsSetting.optional(),
  DIGITALOCEAN_API_URL: url(['https:', 'http:']).default('https://api.digitalocean.com'),
  MONGODB_URI: url(['mongodb:', 'mongodb+srv:'])
    .default('mongodb://127.0.0.1:27017/arcadia')
    .transform(withDatabaseName),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  SLACK_API_URL: url(['https:', 'http:']).optional(),
  PORT: int(1, 65535).default(3000),
  /** The address the Slack receiver listens on; unset listens on every interface (IPv4 and IPv6). */
  HOST: z.string().min(1).optional(),
  /**
   * The port of the small HTTP server answering /healthz, /readyz and /metrics where the Slack
   * receiver's own port does not: `arcadia worker`, and `arcadia start` in Socket Mode. Unset, there
   * is none (several workers may share a host); 0 takes any free port, which the log names.
   */
  ARCADIA_HEALTH_PORT: int(0, 65535).optional(),
  ARCADIA_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional(),
  ARCADIA_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('arcadia'),
  ARCADIA_SYNC_CONCURRENCY: int(1, 64).default(4),
  /** Sagas one worker drives at once; each spends most of its time waiting on DO actions. */
  ARCADIA_PROVISION_CONCURRENCY: int(1, 64).default(4),
  ARCADIA_DO_TIMEOUT_MS: int(100, 300_000).default(30_000),
  ARCADIA_DO_MAX_RETRIES: int(0, 20).default(5),
  ARCADIA_DO_RETRY_BASE_MS: int(1, 60_000).default(500),
  ARCADIA_SYNC_ATTEMPTS: int(1, 20).default(3),
  ARCADIA_SYNC_RETRY_DELAY_MS: int(0, 3_600_000).default(10_000),
  /**
   * In a full sync, how long a kind that reads another kind's listing (droplet backups read the
   * droplets') waits for that kind's run to hand it over; past this it lists for itself.
   */
  ARCADIA_SYNC_FOLLOW_WAIT_MS: int(1000, 3_600_000).default(900_000),
  /** How long a worker's lock on a job lasts; a worker that dies loses its job to another after this. */
  ARCADIA_JOB_LOCK_MS: int(500, 600_000).default(30_000),
  /**
   * V8's old-space cap (MiB) for the worker process `arcadia start` runs. A sync's garbage is then
   * collected before the process grows, so its memory stays flat with the account's size; what a
   * 100,000-droplet sync keeps is far below it (see bench/RESULTS.md).
   */
  ARCADIA_WORKER_HEAP_MB: int(64, 65_536).default(192),
  /**
   * The scheduling niceness (0-19) of the worker process `arcadia start` runs. Above the receiver's
   * own, so on a busy host the CPU goes to acknowledging Slack within its 3 seconds before a sync's
   * paging and writing, which has minutes; the worker still gets all the CPU nobody else wants.
   */
  ARCADIA_WORKER_NICE: int(0, 19).default(10),
  /** How long SIGTERM waits for running jobs before releasing them to other workers. */
  ARCADIA_SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(30_000),
  /** Slack deliveries tried per message before it is kept as undeliverable, and the first retry delay (doubling). */
  ARCADIA_SLACK_ATTEMPTS: int(1, 50).default(12),
  ARCADIA_SLACK_RETRY_DELAY_MS: int(0, 3_600_000).default(2000),
  ARCADIA_SYNC_SCHEDULE: cronExpression.default('*/15 * * * *'),
  ARCADIA_SNAPSHOT_SCHEDULE: cronExpression.default('33 * * * *'),
  /** When workers look for sagas left running with no live job (besides at start) and queue them again. */
  ARCADIA_SAGA_REDRIVE_SCHEDULE: cronExpression.default('*/10 * * * *'),
  ARCADIA_STALE_GUARD_RATIO: ratio.default(0.5),
  /** A re-upload of a stored invoice with this share fewer lines or less money (or that does not add up) is refused without --replace. */
  ARCADIA_INVOICE_REPLACE_GUARD_RATIO: ratio.default(0.2),
  ARCADIA_ADMIN_USERS: userList,
  ARCADIA_FINANCE_USERS: userList,
  ARCADIA_ALLOWED_CHANNELS: channelList,
  ARCADIA_FINANCE_CHANNEL: channelId.optional(),
  ARCADIA_ALERTS_CHANNEL: channelId.optional(),
  ARCADIA_MAX_UPLOAD_BYTES: int(1, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
  /** How many of the expensive `/cloud` subcommands (whole lists, invoices, statements) one person may run per minute. */
  ARCADIA_COMMAND_RATE_LIMIT: int(1, 10_000).default(6),
  ARCADIA_MONTHLY_SUMMARY_CRON: cronExpression.default('0 9 2 * *'),
  /** Each waste rule's own settings, declared in its file (src/waste/rules/). */
  ...WASTE_RULE_SETTINGS,
  /** When the weekly waste digest goes to the alerts channel (UTC). */
  ARCADIA_WASTE_DIGEST_CRON: cronExpression.default('0 9 * * 1'),
  /** Findings costing less a month (cents) are grouped per rule in waste messages, without buttons. */
  ARCADIA_WASTE_SMALL_CENTS: int(0, 100_000_000).default(100),
  /** Rules sending findings to channels by project, tag or tenant (JSON; see src/routing/routes.ts). Unrouted ones go to the alerts channel. */
  ARCADIA_ROUTES: routesSchema,
  /** When the daily drift check compares DO's month-to-date invoice with the inventory (UTC); DO rebuilds its preview daily. */
  ARCADIA_DRIFT_CHECK_CRON: cronExpression.default('30 7 * * *'),
  /** When the day's month-end forecasts are computed and stored (UTC): after DO's overnight rebuild of its preview. */
  ARCADIA_FORECAST_CRON: cronExpression.default('0 8 * * *'),
  ARCADIA_SPACES_KEY: z.string().optional(),
  ARCADIA_SPACES_SECRET: z.string().optional(),
  ARCADIA_SPACES_REGIONS: list.transform((r) =>
    r.length ? r : ['ams3', 'atl1', 'blr1', 'fra1', 'lon1', 'nyc3', 'sfo2', 'sfo3', 'sgp1', 'syd1', 'tor1'],
  ),
  ARCADIA_SPACES_ENDPOINT: url(['https:', 'http:']).optional(),
  /** Where provisioning blueprints live; relative paths are taken from the repository root. */
  ARCADIA_BLUEPRINTS_DIR: z.string().default('blueprints'),
  /** A provision whose quote is over this (USD per month) is refused before it can be approved. */
  ARCADIA_PROVISION_MAX_MONTHLY_USD: z.coerce.number().min(0).max(1_000_000).default(500),
  /** May the admin who requested a saga approve it too (a one-person team)? By default another admin must. */
  ARCADIA_PROVISION_SELF_APPROVAL: flag.default(false),
  /**
   * A provision is refused when the tenant's live sagas' quotes plus its own would pass this (USD per
   * month). Unset, no cap: what a tenant may spend is its contract's, and upgrading refuses nothing.
   */
  ARCADIA_TENANT_MAX_MONTHLY_USD: z.coerce
    .number({ error: 'must be a number of US dollars, e.g. 2000' })
    .min(0, { error: 'must be a number of US dollars, e.g. 2000' })
    .max(1_000_000, { error: 'must be at most 1000000' })
    .optional(),
  /** Tries of one saga step (or compensation) on 429, 5xx and network errors; 4xx fail at once. */
  ARCADIA_PROVISION_STEP_ATTEMPTS: int(1, 20).default(4),
  /** First wait between a step's tries (doubling). */
  ARCADIA_PROVISION_RETRY_DELAY_MS: int(0, 600_000).default(2000),
  /** How often a DO action (`/v2/actions/{id}`) is polled, and how long it may take. */
  ARCADIA_PROVISION_ACTION_POLL_MS: int(1, 60_000).default(2000),
  ARCADIA_PROVISION_ACTION_TIMEOUT_MS: int(1000, 3_600_000).default(600_000),
  /** The DO tag prefix that names a resource's tenant: `tenant:acme` puts the resource with tenant acme. */
  // DO tag names may hold letters, digits, ':', '-' and '_' only (docs/digitalocean-api.md), and blueprints tag with this prefix.
  ARCADIA_TENANT_TAG_PREFIX: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_:-]+$/, "letters, digits, '_', ':' and '-' only, as in a DigitalOcean tag")
    .default('tenant:'),
  /** How invoice lines no tenant owns are split: by each tenant's direct cost, evenly, or not at all. */
  ARCADIA_SHARED_COST_POLICY: z.enum(SHARED_COST_POLICIES).default('proportional'),
  /** A tenant whose monthly cost grew by more than this percentage is called out in the monthly summary. */
  ARCADIA_TENANT_GROWTH_ALERT: z.coerce.number().min(0).max(10_000).default(25),
  /** When the daily anomaly check reads DO's Billing Insights and posts the anomaly digest (UTC); DO rebuilds its estimates nightly. */
  ARCADIA_ANOMALY_CRON: cronExpression.default('15 8 * * *'),
  /** An anomaly is a day's spend on one SKU at least this many US dollars above its baseline (the dollar floor: cents are noise). */
  ARCADIA_ANOMALY_MIN_USD_PER_DAY: z.coerce.number().min(0).max(1_000_000).default(2),
  /** …and at least this percentage above it. */
  ARCADIA_ANOMALY_MIN_PCT: z.coerce.number().min(0).max(100_000).default(50),
  /** …and more than this many median absolute deviations (scaled to a standard deviation) above it: how unusual, for a series that wobbles. */
  ARCADIA_ANOMALY_MAD_K: z.coerce.number().min(0).max(100).default(4),
  /** The trailing days a SKU's baseline (median and MAD) is taken over. */
  ARCADIA_ANOMALY_BASELINE_DAYS: int(7, 90).default(28),
  /** Days of spend a tenant needs before its SKUs are judged: until then it is noted as new, never anomalous. */
  ARCADIA_ANOMALY_MIN_HISTORY_DAYS: int(1, 60).default(7),
  /** Trailing days read again on each daily run: DO revises its nightly estimates. */
  ARCADIA_ANOMALY_REREAD_DAYS: int(1, 31).default(3),
  /** A budget's alert thresholds when `budget set` gives none: percentages of its amount the forecast is alerted at. */
  ARCADIA_BUDGET_ALERT_AT: z
    .string()
    .default('80,100')
    .transform((text, ctx) => {
      const thresholds = parseThresholds(text);
      if (thresholds) return thresholds;
      ctx.addIssue({ code: 'custom', message: `must be ${THRESHOLDS_HINT}` });
      return z.NEVER;
    }),
  /**
   * A threshold already alerted this month is alerted again only when the day the forecast passes
   * it moved by more than this many days (a higher threshold is always alerted).
   */
  ARCADIA_BUDGET_REALERT_DAYS: int(0, 31).default(3),
  /** When every budget is checked against its forecast (UTC); budgets are also checked after each forecast snapshot. */
  ARCADIA_BUDGET_CHECK_CRON: cronExpression.default('15 8 * * *'),
  /** Who issues the PDF statements a tenant is sent: the name at the top of each. */
  ARCADIA_STATEMENT_ISSUER_NAME: z.string().trim().min(1).default('Arcadia'),
  /** The issuer's postal address on a PDF statement; `;` separates its lines. */
  ARCADIA_STATEMENT_ISSUER_ADDRESS: z.string().trim().optional(),
  /** The issuer's tax id (VAT, GST, ABN, EIN …) on a PDF statement, as it should be printed. */
  ARCADIA_STATEMENT_ISSUER_TAX_ID: z.string().trim().optional(),
});

export type Config = z.infer<typeof schema>;
export type SettingName = keyof Config;

/** Every setting's name, as the environment spells it (deploy files are checked against these). */
export const SETTING_NAMES: readonly SettingName[] = Object.freeze(Object.keys(schema.shape) as SettingName[]);

/** Every setting's default, from the schema: code that takes a setting as an option falls back to these, never to a number of its own. */
export const DEFAULTS: Readonly<Config> = Object.freeze(schema.parse({}));

/** Settings whose values must never be printed. */
export const SECRET_SETTINGS = [
  'DIGITALOCEAN_TOKEN',
  'ARCADIA_DO_ACCOUNTS',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'ARCADIA_SPACES_SECRET',
] as const satisfies readonly SettingName[];

/** Parses the environment; throws one ConfigError naming every bad variable (never echoing values). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) {
    if (parsed.data.DIGITALOCEAN_TOKEN && parsed.data.ARCADIA_DO_ACCOUNTS) {
      throw new ConfigError([
        {
          variable: 'ARCADIA_DO_ACCOUNTS',
          problem:
            'is set together with DIGITALOCEAN_TOKEN: use DIGITALOCEAN_TOKEN for one DO team or ARCADIA_DO_ACCOUNTS for several, not both',
        },
      ]);
    }
    return parsed.data;
  }
  throw new ConfigError(
    parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      problem: issue.message,
    })),
  );
}

/**
 * What `arcadia start` needs, all reported at once: a DO token, a bot token, and either the signing
 * secret (HTTP mode) or an app-level token (Socket Mode).
 */
export function requireStartSettings(config: Config): void {
  const issues: { variable: string; problem: string }[] = [];
  if (doAccounts(config).length === 0) issues.push(DO_TOKEN_MISSING);
  if (!config.SLACK_BOT_TOKEN)
    issues.push({
      variable: 'SLACK_BOT_TOKEN',
      problem: "is required but not set (the app's Bot User OAuth Token, xoxb-…, under OAuth & Permissions)",
    });
  if (!config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    issues.push({
      variable: 'SLACK_SIGNING_SECRET',
      problem:
        "is required for HTTP mode (the app's Basic Information → Signing Secret), or set SLACK_APP_TOKEN (xapp-…) to use Socket Mode instead",
    });
  }
  if (issues.length) throw new ConfigError(issues);
}

const DO_TOKEN_MISSING = {
  variable: 'DIGITALOCEAN_TOKEN',
  problem:
    'is required but not set (a read-only API token: DigitalOcean → API → Tokens; or ARCADIA_DO_ACCOUNTS for several teams)',
};

/** Fails unless the configuration names at least one DO team (DIGITALOCEAN_TOKEN or ARCADIA_DO_ACCOUNTS). */
export function requireDoAccounts(config: Config): Config {
  if (doAccounts(config).length === 0) throw new ConfigError([DO_TOKEN_MISSING]);
  return config;
}

/** Fails with one message naming every setting that a command needs but the environment lacks. */
export function requireSettings<K extends SettingName>(
  config: Config,
  names: readonly K[],
): Config & { [P in K]-?: NonNullable<Config[P]> } {
  const missing = names.filter((n) => config[n] === undefined || config[n] === '');
  if (missing.length)
    throw new ConfigError(missing.map((variable) => ({ variable, problem: 'is required but not set' })));
  return config as Config & { [P in K]-?: NonNullable<Config[P]> };
}

/** Query options by which MongoDB and Redis URIs can carry a credential (an AWS session token, a key file's password). */
const SECRET_QUERY_OPTION = /password|secret|token|authmechanismproperties/i;

/** Replaces credentials in a connection string so it can be shown to people. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    // Set as a string: URLSearchParams would percent-encode the mask.
    if ([...u.searchParams.keys()].some((k) => SECRET_QUERY_OPTION.test(k))) {
      u.search = [...u.searchParams]
        .map(([k, v]) => `${encodeURIComponent(k)}=${SECRET_QUERY_OPTION.test(k) ? '***' : encodeURIComponent(v)}`)
        .join('&');
    }
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
