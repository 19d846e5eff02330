import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// The servers and child processes the integration and scale projects need: generous limits, no timing assertions.
const withServices = {
  globalSetup: ['test/setup/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
};

/**
 * Three projects:
 * - `unit` (`*.unit.test.ts`): pure code, no servers, no global setup; runs in seconds
 *   (`npm run test:unit`).
 * - `integration` (every other `*.test.ts`): against the real Redis and MongoDB-wire server that the
 *   global setup starts once for the run (every worker shares them; each file takes its own database
 *   and queue prefix), with the DO and Slack stand-ins from testkit/.
 * - `scale` (`*.scale.test.ts`): the same servers, with inputs sized to prove a limit holds (tens of
 *   thousands of invoice lines) rather than a behaviour, which the other two cover with small inputs.
 *   Minutes rather than seconds, so `npm test` runs `unit` and `integration` and `npm run test:scale`
 *   runs this one; CI runs both.
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    // One worker per core, and at least two: vitest's default (cores - 1) is one worker on 2 cores, and
    // the integration files spend much of their time waiting on the servers and stand-ins, not computing.
    maxWorkers: Math.max(2, availableParallelism()),
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
          exclude: ['test/**/*.unit.test.ts', 'test/**/*.scale.test.ts'],
          ...withServices,
        },
      },
      {
        extends: true,
        test: {
          name: 'scale',
          include: ['test/**/*.scale.test.ts'],
          ...withServices,
          // Each file is a heavy write load on the one database server; side by side they only contend.
          fileParallelism: false,
          testTimeout: 600_000,
        },
      },
    ],
  },
});
