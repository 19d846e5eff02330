import { describe, expect, it } from 'vitest';
import { loadConfig, requireSettings, redactUrl } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

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

  it('requires what a command needs, naming each missing setting', () => {
    expect(() => requireSettings(loadConfig({}), ['DIGITALOCEAN_TOKEN', 'SLACK_BOT_TOKEN'])).toThrow(
      /DIGITALOCEAN_TOKEN: is required but not set[\s\S]*SLACK_BOT_TOKEN: is required but not set/,
    );
  });

  it('blanks passwords in connection strings', () => {
    expect(redactUrl('mongodb://arcadia:hunter2@db.internal:27017/arcadia')).toBe('mongodb://arcadia:***@db.internal:27017/arcadia');
  });
});
