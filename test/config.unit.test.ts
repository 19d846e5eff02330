import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig, requireSettings, redactUrl, SECRET_SETTINGS } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { ConfigError } from '../src/errors.js';

describe('config', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.DIGITALOCEAN_API_URL).toBe('https://api.digitalocean.com');
    expect(c.ARCADIA_SYNC_SCHEDULE).toBe('*/15 * * * *');
    expect(c.ARCADIA_SNAPSHOT_SCHEDULE).toBe('33 * * * *');
  });

  it('names every offending variable in one error, without echoing secret values', () => {
    const err = (() => {
      try {
        loadConfig({
          MONGODB_URI: 'postgres://nope',
          REDIS_URL: 'not a url',
          SLACK_BOT_TOKEN: 'secret-value-123',
          PORT: 'eighty',
        });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.issues.map((i) => i.variable).sort()).toEqual(['MONGODB_URI', 'PORT', 'REDIS_URL', 'SLACK_BOT_TOKEN']);
    expect(err.message).toContain('MONGODB_URI: must be a URL starting with mongodb:// or mongodb+srv://');
    expect(err.message).not.toContain('secret-value-123');
  });

  it('serves no health port unless ARCADIA_HEALTH_PORT names one (0: any free port), an empty value as unset', () => {
    expect(loadConfig({}).ARCADIA_HEALTH_PORT).toBeUndefined();
    // What `arcadia start` sets for its worker process, which answers through the receiver instead.
    expect(loadConfig({ ARCADIA_HEALTH_PORT: '' }).ARCADIA_HEALTH_PORT).toBeUndefined();
    expect(loadConfig({ ARCADIA_HEALTH_PORT: '0' }).ARCADIA_HEALTH_PORT).toBe(0);
    expect(loadConfig({ ARCADIA_HEALTH_PORT: '9464' }).ARCADIA_HEALTH_PORT).toBe(9464);
    expect(() => loadConfig({ ARCADIA_HEALTH_PORT: '70000' })).toThrow(
      /ARCADIA_HEALTH_PORT: must be a whole number from 0 to 65535/,
    );
  });

  it('checks cron expressions at start-up with everything else', () => {
    expect(() =>
      loadConfig({ ARCADIA_SYNC_SCHEDULE: 'every 15 minutes', ARCADIA_MONTHLY_SUMMARY_CRON: '0 9 32 * *', PORT: '0' }),
    ).toThrow(
      /PORT[\s\S]*ARCADIA_SYNC_SCHEDULE: must be a cron expression[\s\S]*ARCADIA_MONTHLY_SUMMARY_CRON: must be a cron expression/,
    );
  });

  it('keeps every default in the schema', () => {
    expect(DEFAULTS).toEqual(loadConfig({}));
    expect(DEFAULTS.ARCADIA_SYNC_ATTEMPTS).toBe(3);
  });

  it("blanks every secret setting in the logs, by the schema's list", () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    const config = Object.fromEntries(SECRET_SETTINGS.map((name) => [name, `value-of-${name}`]));
    log.info({ config, ...config }, 'config');
    expect(lines.join('')).not.toMatch(/value-of-/);
  });

  it('requires what a command needs, naming each missing setting', () => {
    expect(() => requireSettings(loadConfig({}), ['DIGITALOCEAN_TOKEN', 'SLACK_BOT_TOKEN'])).toThrow(
      /DIGITALOCEAN_TOKEN: is required but not set[\s\S]*SLACK_BOT_TOKEN: is required but not set/,
    );
  });

  it('reads on/off settings as true or false, refusing anything else with what to write', () => {
    expect(loadConfig({}).ARCADIA_PROVISION_SELF_APPROVAL).toBe(false);
    expect(loadConfig({ ARCADIA_PROVISION_SELF_APPROVAL: 'true' }).ARCADIA_PROVISION_SELF_APPROVAL).toBe(true);
    expect(loadConfig({ ARCADIA_PROVISION_SELF_APPROVAL: 'false' }).ARCADIA_PROVISION_SELF_APPROVAL).toBe(false);
    expect(() => loadConfig({ ARCADIA_PROVISION_SELF_APPROVAL: 'maybe' })).toThrow(
      'ARCADIA_PROVISION_SELF_APPROVAL: must be true or false',
    );
  });

  it('takes Slack member ids for the admin and finance users, refusing @names with what to write', () => {
    const c = loadConfig({ ARCADIA_ADMIN_USERS: 'U0123ABC, W0456DEF', ARCADIA_FINANCE_USERS: 'U0FIN' });
    expect(c.ARCADIA_ADMIN_USERS).toEqual(['U0123ABC', 'W0456DEF']);
    expect(c.ARCADIA_FINANCE_USERS).toEqual(['U0FIN']);
    for (const variable of ['ARCADIA_ADMIN_USERS', 'ARCADIA_FINANCE_USERS']) {
      expect(() => loadConfig({ [variable]: '@alice,bob' })).toThrow(
        `${variable}: must be Slack member ids like U0123456789, not @names (in Slack: a person's profile → ⋯ → Copy member ID); separate several with commas`,
      );
      expect(() => loadConfig({ [variable]: 'U0123ABC,alice' })).toThrow(ConfigError);
    }
  });

  it('has no tenant spend cap unless ARCADIA_TENANT_MAX_MONTHLY_USD is set, and says what a bad one should be', () => {
    expect(loadConfig({}).ARCADIA_TENANT_MAX_MONTHLY_USD).toBeUndefined();
    expect(loadConfig({ ARCADIA_TENANT_MAX_MONTHLY_USD: '1500.50' }).ARCADIA_TENANT_MAX_MONTHLY_USD).toBe(1500.5);
    expect(() => loadConfig({ ARCADIA_TENANT_MAX_MONTHLY_USD: 'lots' })).toThrow(
      'ARCADIA_TENANT_MAX_MONTHLY_USD: must be a number of US dollars, e.g. 2000',
    );
  });

  it('blanks passwords in connection strings', () => {
    expect(redactUrl('mongodb://arcadia:hunter2@db.internal:27017/arcadia')).toBe(
      'mongodb://arcadia:***@db.internal:27017/arcadia',
    );
  });

  it('blanks credentials a connection string carries in its query', () => {
    expect(
      redactUrl(
        'mongodb://db.internal/arcadia?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:s3cr3t&tlsCertificateKeyFilePassword=hunter2&retryWrites=true',
      ),
    ).toBe(
      'mongodb://db.internal/arcadia?authMechanism=MONGODB-AWS&authMechanismProperties=***&tlsCertificateKeyFilePassword=***&retryWrites=true',
    );
  });

  it('quotes no value that could be a secret in any configuration error', () => {
    const secret = 's3cr3tv4lue';
    const bad: Record<string, string>[] = [
      { SLACK_BOT_TOKEN: `xoxp-${secret}` },
      { SLACK_APP_TOKEN: `xoxb-${secret}` },
      { MONGODB_URI: `postgres://arcadia:${secret}@db.internal/arcadia` },
      { REDIS_URL: `http://:${secret}@cache.internal:6379` },
      { SLACK_API_URL: `ftp://bot:${secret}@slack.internal` },
      { DIGITALOCEAN_API_URL: `ftp://do:${secret}@api.internal` },
      { ARCADIA_SPACES_ENDPOINT: `ftp://${secret}:${secret}@spaces.internal` },
      { ARCADIA_DO_ACCOUNTS: `dop_v1_${secret}=production` },
      { ARCADIA_DO_ACCOUNTS: `dop_v1_${secret}` },
      { ARCADIA_DO_ACCOUNTS: `production=dop_v1_${secret},staging=dop_v1_${secret}` },
      { DIGITALOCEAN_TOKEN: `dop_v1_${secret}`, ARCADIA_DO_ACCOUNTS: `production=dop_v1_${secret}x` },
    ];
    for (const env of bad) {
      expect(() => loadConfig(env), JSON.stringify(Object.keys(env))).toThrow(ConfigError);
      try {
        loadConfig(env);
      } catch (err) {
        expect((err as ConfigError).message).not.toContain(secret);
      }
    }
  });
});
