/**
 * `npm run audit`: fails when a production dependency has a high or critical advisory.
 *
 * Runs `npm audit --omit=dev --json`, or reads a saved report given as the first argument (for a
 * machine whose registry has no advisory service, audit elsewhere and pass the file). When the
 * registry cannot answer, the check says so and passes, unless ARCADIA_AUDIT_REQUIRED=1: a mirror
 * without the advisory endpoint should not block every build, but a release build can insist.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';
const BLOCKING: Severity[] = ['high', 'critical'];

export type AuditVerdict =
  | { outcome: 'clean' | 'vulnerable'; counts: Partial<Record<Severity, number>>; blocking: string[] }
  | { outcome: 'unavailable'; reason: string };

interface NpmAuditReport {
  metadata?: { vulnerabilities?: Partial<Record<Severity, number>> };
  vulnerabilities?: Record<string, { severity?: Severity; via?: unknown[] }>;
  message?: string;
  statusCode?: number;
  error?: { summary?: string; code?: string };
}

/** Reads an `npm audit --json` report (npm 7+ format) into a verdict. */
export function auditVerdict(reportText: string): AuditVerdict {
  let report: NpmAuditReport;
  try {
    report = JSON.parse(reportText) as NpmAuditReport;
  } catch {
    return { outcome: 'unavailable', reason: 'npm audit printed no JSON report' };
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) {
    const reason =
      report.message ?? report.error?.summary ?? report.error?.code ?? 'the registry returned no advisory data';
    return { outcome: 'unavailable', reason };
  }
  const blocking = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => v.severity && BLOCKING.includes(v.severity))
    .map(([name, v]) => `${name} (${v.severity})`)
    .sort();
  const blockingCount = BLOCKING.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  return { outcome: blockingCount > 0 || blocking.length > 0 ? 'vulnerable' : 'clean', counts, blocking };
}

async function npmAuditReport(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('npm', ['audit', '--omit=dev', '--json'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    // npm audit exits 1 when it finds anything, and on registry errors; the JSON tells which.
    return (err as { stdout?: string }).stdout ?? '';
  }
}

async function main(): Promise<number> {
  const file = process.argv[2];
  const verdict = auditVerdict(file ? readFileSync(file, 'utf8') : await npmAuditReport());
  if (verdict.outcome === 'unavailable') {
    const required = process.env.ARCADIA_AUDIT_REQUIRED === '1';
    console.log(`audit: could not check advisories (${verdict.reason})${required ? '' : '; skipped'}`);
    return required ? 1 : 0;
  }
  const summary = Object.entries(verdict.counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  if (verdict.outcome === 'clean') {
    console.log(`audit: no high or critical advisories in production dependencies${summary ? ` (${summary})` : ''}`);
    return 0;
  }
  console.log(
    `audit: high or critical advisories in production dependencies (${summary}): ${verdict.blocking.join(', ')}`,
  );
  return 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
