import { defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `npm test`:
 * - `unit` (`*.unit.test.ts`): pure code, no servers, no global setup; runs in seconds
 *   (`npx vitest run --project unit`).
 * - `integration` (every other `*.test.ts`): against the real Redis and MongoDB-wire server that the
 *   global setup starts, with the DO and Slack stand-ins from testkit/.
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.unit.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.unit.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          // Real servers and child processes: generous limits, no timing assertions.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
    ],
  },
});
