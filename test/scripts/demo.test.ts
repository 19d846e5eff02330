import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { repoPath } from '../../src/repo-path.js';
import { collectOutput } from '../helpers/cli.js';
import { isolation, mongoUriFor, useDatabase } from '../helpers/context.js';

const iso = isolation();
// Connected only so the demo's database is dropped afterwards.
useDatabase(iso);

describe('npm run demo', () => {
  it('runs the main job end to end, provisioning included: request, quote, approval, progress, teardown', async () => {
    // On the suite's servers (the demo starts its own only when REDIS_URL and MONGODB_URI are unset).
    const child = spawn(process.execPath, ['--import', 'tsx', repoPath('scripts', 'demo.ts')], {
      cwd: repoPath(),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        REDIS_URL: inject('redisUrl'),
        MONGODB_URI: mongoUriFor(iso.dbName),
        ARCADIA_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = collectOutput(child);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, stderr: output.stderr }).toEqual({ code: 0, stderr: '' });
    const out = output.stdout;

    for (const section of ['First sync', 'Second sync', 'Monthly summary', 'Tenant billing', 'What Arcadia posted'])
      expect(out).toContain(`=== ${section}`);

    const start = out.indexOf('=== Provisioning a web stack for acme (plan, quote, approval, progress, teardown)');
    expect(start).toBeGreaterThan(-1);
    const saga = out.slice(start, out.indexOf('=== What Arcadia posted to Slack'));
    const lines = saga.split('\n').map((l) => l.trim());
    // In the order a person sees them.
    const expected = [
      'U0OPS in #C0OPS: /cloud provision web-stack acme domain=example.com firewall=web-fw project=my-web-api',
      '#C0OPS arcadia: Approve provisioning web-stack for acme? $7.00/month',
      'U0ADMIN clicks Approve',
      '#C0OPS (message ',
      '1/6 droplet acme-web (s-1vcpu-1gb, nyc1): done',
      '6/6 droplet, volume, ip assigned to project my-web-api: done',
      'Created web-stack for acme: web.example.com → ',
      'U0ADMIN in #C0OPS: /cloud deprovision ',
      'arcadia: Tear down web-stack for acme? It costs $7.00/month now; volume data is deleted',
      'U0ADMIN clicks Tear down',
      '6/6 droplet, volume, ip assigned to project my-web-api: removed',
      '1/6 droplet acme-web (s-1vcpu-1gb, nyc1): removed',
      'Removed web-stack for acme: 6 steps undone',
    ];
    let at = -1;
    for (const text of expected) {
      const next = lines.findIndex((l, i) => i > at && l.includes(text));
      expect({ text, found: next > at }).toEqual({ text, found: true });
      at = next;
    }
    expect(saga).toContain('(reply to /cloud) arcadia: Provisioning web-stack for acme requested: $7.00/month');
    expect(saga).toContain('approved by U0ADMIN');
    expect(saga).toMatch(/^saga [a-f0-9]+: succeeded; in the DigitalOcean stand-in: droplet \d+/m);
    expect(saga).toMatch(/^saga [a-f0-9]+: deprovisioned$/m);

    // The daily anomaly check on the stand-in's Billing Insights scenario: the planted resize, explained.
    const anomalies = out.slice(out.indexOf('=== Spend anomalies'), out.indexOf('=== What Arcadia posted to Slack'));
    expect(anomalies).toContain('anomaly check: posted, judged 2026-02-27, posted to C0ALERTS');
    expect(anomalies).toMatch(/2026-02-27 +acme +Droplets +1-DO-DROP-0116 +\$0\.00\/day +\$3\.20\/day/);
    expect(out).toContain('== 1 spend anomaly on Feb 27: +$3.20/day ==');
    expect(out).toContain('[uploaded: Daily spend, acme, to Feb 27]');
  }, 180_000);
});
