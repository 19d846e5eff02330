import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config.js';
import { repoPath } from '../../src/repo-path.js';
import { JOB_DEFAULTS } from '../../jobs/job-defaults.js';
import { QUEUE_NAMES } from '../../jobs/queues.js';
import { productSources } from '../helpers/product-sources.js';

describe('job defaults', () => {
  it('declares every queue', () => {
    expect(Object.keys(JOB_DEFAULTS).sort()).toEqual(Object.keys(QUEUE_NAMES).sort());
  });

  it.each(Object.entries(JOB_DEFAULTS))(
    '%s: retried with exponential backoff, and kept for a bounded time once completed',
    (_queue, options) => {
      expect(options.attempts).toBeGreaterThanOrEqual(1);
      expect(options.backoff.type).toBe('exponential');
      expect(options.backoff.delay).toBeGreaterThan(0);
      expect(options.removeOnComplete.age).toBeGreaterThan(0);
    },
  );

  it('takes the attempts that are settings from those settings', () => {
    expect(JOB_DEFAULTS.cloudSync).toMatchObject({
      attempts: DEFAULTS.ARCADIA_SYNC_ATTEMPTS,
      backoff: { delay: DEFAULTS.ARCADIA_SYNC_RETRY_DELAY_MS },
    });
    expect(JOB_DEFAULTS.slackOutbox).toMatchObject({
      attempts: DEFAULTS.ARCADIA_SLACK_ATTEMPTS,
      backoff: { delay: DEFAULTS.ARCADIA_SLACK_RETRY_DELAY_MS },
    });
  });

  it('is the only place that says how long a job is kept', () => {
    const writers = productSources().filter((f) =>
      /removeOn(Complete|Fail)\s*:/.test(readFileSync(repoPath(f), 'utf8')),
    );
    expect(writers).toEqual(['jobs/job-defaults.ts']);
  });
});
