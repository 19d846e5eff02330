import { describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';
import { generatedAccount } from '../../testkit/digitalocean/account.js';
import { SlackStandin } from '../../testkit/slack/slack-standin.js';
import { freePort } from '../../testkit/local-services.js';
import { enqueueSync } from '../../jobs/enqueue-sync.js';
import { syncQueue, syncQueueEvents } from '../../jobs/queues.js';
import { isolation, testEnv, useDatabase, useDoStandin, useRedis } from '../helpers/context.js';
import { collectOutput, startCli, waitForLog } from '../helpers/cli.js';

const iso = isolation();
useDatabase(iso);
const standin = useDoStandin(new DoStandin(generatedAccount({ droplets: 30 })));
const redisConnection = useRedis();

/** The pids `arcadia start` logged for its worker processes, in order. */
function workerPids(stderr: string): number[] {
  return [...stderr.matchAll(/"pid":(\d+)[^\n]*"msg":"worker process started"/g)].map((m) => Number(m[1]));
}

/** Resolves once the CLI has logged `message` `times` times (waitForLog stops at the first). */
function logged(child: ChildProcess, output: { stderr: string }, message: string, times: number): Promise<void> {
  const count = () => output.stderr.split(`"msg":"${message}"`).length - 1;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (count() < times) return;
      child.stderr!.off('data', check);
      resolve();
    };
    child.once('close', () =>
      reject(new Error(`the CLI exited before logging "${message}" ${times} times:\n${output.stderr}`)),
    );
    child.stderr!.on('data', check);
    check();
  });
}

describe('arcadia start', () => {
  it('runs the workers in a separate process, restarts it when it dies, and its sync hooks still reach Slack', async () => {
    const slack = new SlackStandin();
    await slack.start();
    const settings = { connection: redisConnection(), prefix: iso.prefix };
    const queue = syncQueue(settings);
    const events = syncQueueEvents(settings);
    await events.waitUntilReady();
    const port = await freePort();
    const env = testEnv(iso, {
      DIGITALOCEAN_TOKEN: standin.token,
      DIGITALOCEAN_API_URL: standin.url,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: 'supervision-test-secret',
      SLACK_API_URL: slack.apiUrl,
      ARCADIA_ALERTS_CHANNEL: 'CALERTS',
      PORT: String(port),
      ARCADIA_LOG_LEVEL: 'info',
      // A job the killed worker held is taken over quickly.
      ARCADIA_JOB_LOCK_MS: '1000',
    });
    const child = startCli(['start', '--no-schedule'], env);
    const output = collectOutput(child);
    const exited = once(child, 'exit') as Promise<[number | null]>;
    try {
      await waitForLog(child, output, 'arcadia started');
      const [first] = workerPids(output.stderr);
      expect(first).toBeGreaterThan(0);
      expect(first).not.toBe(child.pid);
      // The worker process runs with the heap cap that keeps its memory flat (ARCADIA_WORKER_HEAP_MB).
      expect(readFileSync(`/proc/${first}/cmdline`, 'utf8').split('\0')).toContain('--max-old-space-size=192');
      // And at a lower CPU priority than the receiver (ARCADIA_WORKER_NICE), so acks get the CPU first.
      expect(getPriority(first!)).toBe(Math.min(19, getPriority(child.pid!) + 10));

      // A first sync stores the droplets (from the worker process, not the receiving one).
      expect(await (await enqueueSync(queue, 'droplet')).waitUntilFinished(events)).toMatchObject({
        status: 'succeeded',
        created: 30,
      });

      process.kill(first!, 'SIGKILL');
      await waitForLog(child, output, 'worker process exited; restarting it');
      await logged(child, output, 'workers started', 2);
      const pids = workerPids(output.stderr);
      expect(pids).toHaveLength(2);
      expect(pids[1]).not.toBe(first);
      // The receiving process lived on.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      // The restarted worker syncs, and its after-run hook posts the stale alert through the outbox.
      const [gone] = standin.account.droplets.splice(0, 1);
      expect(await (await enqueueSync(queue, 'droplet')).waitUntilFinished(events)).toMatchObject({
        status: 'succeeded',
        markedStale: 1,
      });
      const alert = await slack.waitFor(
        'chat.postMessage',
        (c) => c.params.channel === 'CALERTS' && JSON.stringify(c.params).includes('gone stale'),
      );
      expect(JSON.stringify(alert.params)).toContain(String(gone!.name));

      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      // The worker process was stopped with it, not left behind.
      expect(() => process.kill(pids[1]!, 0)).toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await events.close();
      await queue.close();
      await slack.stop();
    }
  });
});
