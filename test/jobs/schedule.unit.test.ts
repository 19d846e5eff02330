import { readFileSync } from 'node:fs';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config.js';
import { repoPath } from '../../src/repo-path.js';
import { SCHEDULES } from '../../jobs/schedule.js';
import { productSources } from '../helpers/product-sources.js';

describe('schedules', () => {
  it('declares every cron setting', () => {
    const settings = Object.keys(DEFAULTS).filter((k) => /_(SCHEDULE|CRON)$/.test(k));
    expect(Object.values(SCHEDULES).sort()).toEqual(settings.sort());
  });

  it.each(Object.entries(SCHEDULES))(
    '%s: its setting defaults to a valid expression and is in the README Configuration table',
    (_name, setting) => {
      expect(cron.validate(DEFAULTS[setting])).toBe(true);
      expect(readFileSync(repoPath('README.md'), 'utf8')).toMatch(new RegExp(`^\\|[^\\n]*\`${setting}\``, 'm'));
    },
  );

  it('is the only module that starts a cron task', () => {
    const starters = productSources().filter((f) => /cron\.schedule\(/.test(readFileSync(repoPath(f), 'utf8')));
    expect(starters).toEqual(['jobs/schedule.ts']);
  });
});
