import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { auditVerdict } from '../../scripts/audit.js';
import { repoPath } from '../../src/repo-path.js';

const counts = (over: Record<string, number> = {}) => ({
  info: 0,
  low: 0,
  moderate: 0,
  high: 0,
  critical: 0,
  total: 0,
  ...over,
});
const clean = JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: counts() } });
const moderateOnly = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: { 'some-lib': { name: 'some-lib', severity: 'moderate', via: [] } },
  metadata: { vulnerabilities: counts({ moderate: 1, total: 1 }) },
});
const high = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {
    'http-lib': { name: 'http-lib', severity: 'high', via: [] },
    'xml-lib': { name: 'xml-lib', severity: 'critical', via: [] },
  },
  metadata: { vulnerabilities: counts({ high: 1, critical: 1, total: 2 }) },
});
// What npm prints when the registry has no advisory endpoint (seen from mirrors that only serve GET).
const refused = JSON.stringify({
  message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  statusCode: 405,
  error: { summary: '' },
});

describe('dependency audit verdict', () => {
  it('passes a clean report and one with only moderate advisories', () => {
    expect(auditVerdict(clean)).toMatchObject({ outcome: 'clean' });
    expect(auditVerdict(moderateOnly)).toMatchObject({ outcome: 'clean', counts: { moderate: 1 } });
  });

  it('fails on high or critical advisories, naming the packages', () => {
    expect(auditVerdict(high)).toEqual(
      expect.objectContaining({ outcome: 'vulnerable', blocking: ['http-lib (high)', 'xml-lib (critical)'] }),
    );
  });

  it("reports a registry without advisories as unavailable, with npm's reason", () => {
    expect(auditVerdict(refused)).toEqual({
      outcome: 'unavailable',
      reason: expect.stringContaining('405 Method Not Allowed'),
    });
    expect(auditVerdict('')).toMatchObject({ outcome: 'unavailable' });
  });

  it('`npm run audit` exits non-zero on a saved report with a high advisory, and when the audit is required but unavailable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcadia-audit-'));
    const run = async (report: string, env: Record<string, string> = {}) => {
      const file = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, report);
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', repoPath('scripts', 'audit.ts'), file],
          { cwd: repoPath(), env: { ...process.env, ...env } },
        );
        return { code: 0, stdout };
      } catch (err) {
        const e = err as { code: number; stdout: string };
        return { code: e.code, stdout: e.stdout };
      }
    };
    expect(await run(clean)).toMatchObject({ code: 0, stdout: expect.stringContaining('no high or critical') });
    expect(await run(high)).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('http-lib (high), xml-lib (critical)'),
    });
    expect(await run(refused)).toMatchObject({ code: 0, stdout: expect.stringContaining('skipped') });
    expect(await run(refused, { ARCADIA_AUDIT_REQUIRED: '1' })).toMatchObject({ code: 1 });
    // Four TypeScript processes: on a busy two-core machine they take longer than vitest's 5 s default.
  }, 60_000);
});
