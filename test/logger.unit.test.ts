import { describe, expect, it } from 'vitest';
import { SECRET_SETTINGS } from '../src/config.js';
import { createLogger, jobLogger } from '../src/logger.js';

/** A logger writing its lines into an array, parsed. */
function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { log, lines };
}

describe('createLogger', () => {
  it('blanks tokens and authorization headers, at the top and one level down', () => {
    const { log, lines } = capture();
    log.info(
      {
        token: 'dop_v1_top',
        client: { token: 'dop_v1_nested' },
        authorization: 'Bearer a',
        req: { headers: { authorization: 'Bearer b', Authorization: 'Bearer c' } },
      },
      'request',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['dop_v1_top', 'dop_v1_nested', 'Bearer a', 'Bearer b', 'Bearer c'])
      expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      token: '[redacted]',
      client: { token: '[redacted]' },
      authorization: '[redacted]',
      req: { headers: { authorization: '[redacted]' } },
    });
  });

  it('blanks every secret setting of a logged configuration, and the Spaces secret key', () => {
    const { log, lines } = capture();
    const config = Object.fromEntries(SECRET_SETTINGS.map((name) => [name, `secret-of-${name}`]));
    log.info({ config, ...config, credentials: { accessKeyId: 'AKID', secretAccessKey: 'spaces-secret' } }, 'started');
    const text = JSON.stringify(lines[0]);
    for (const name of SECRET_SETTINGS) expect(text, name).not.toContain(`secret-of-${name}`);
    expect(text).not.toContain('spaces-secret');
    // What is not a secret is kept: an operator needs it.
    expect(lines[0]).toMatchObject({ credentials: { accessKeyId: 'AKID' }, app: 'arcadia', msg: 'started' });
  });

  it('writes nothing below its level', () => {
    const { log, lines } = capture('warn');
    log.info('quiet');
    log.warn('loud');
    expect(lines.map((l) => l.msg)).toEqual(['loud']);
  });
});

describe('jobLogger', () => {
  it('names the queue, the job and the Slack request that asked for it on every line', () => {
    const { log, lines } = capture();
    const job = {
      id: 'sync-droplet-1',
      queueName: 'cloud_sync_full',
      data: { kind: 'droplet', replyTo: { channel: 'C1', requestId: 'req-1' } },
    };
    jobLogger(log, job).info({ kind: 'droplet' }, 'sync finished');
    expect(lines[0]).toMatchObject({
      queue: 'cloud_sync_full',
      jobId: 'sync-droplet-1',
      requestId: 'req-1',
      msg: 'sync finished',
    });
  });

  it('leaves the request out for a job nobody asked for in Slack (a schedule tick)', () => {
    const { log, lines } = capture();
    jobLogger(log, { id: 'tick-1', queueName: 'cloud_sync_full', data: { kind: 'droplet' } }).info('sync finished');
    expect(lines[0]).toMatchObject({ jobId: 'tick-1' });
    expect(lines[0]).not.toHaveProperty('requestId');
  });
});
