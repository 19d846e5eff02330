import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { listSpacesBuckets, SpacesApiError, spacesEndpoint } from '../../src/digitalocean/spaces.js';
import { emptyAccount } from '../../testkit/digitalocean/account.js';
import { DoStandin } from '../../testkit/digitalocean/do-standin.js';

const standin = new DoStandin(emptyAccount(), 'dop_v1_standin', 'STANDINKEY');
const keys = { accessKeyId: 'STANDINKEY', secretAccessKey: 'very-secret-value' };

beforeAll(async () => {
  await standin.start();
  standin.account.spaces_buckets = {
    nyc3: [
      { Name: 'assets', CreationDate: '2024-03-01T10:00:00.000Z' },
      { Name: 'backups', CreationDate: '2024-05-02T00:00:00.000Z' },
    ],
    ams3: [{ Name: 'eu-assets', CreationDate: '2025-01-15T08:30:00.000Z' }],
  };
});
afterAll(() => standin.stop());
// Every warning the listings below make the process emit (the AWS SDK warns once a process, at its first client).
const warnings = vi.spyOn(process, 'emitWarning');

describe('spacesEndpoint', () => {
  it("is DO's regional endpoint unless overridden", () => {
    expect(spacesEndpoint('fra1')).toBe('https://fra1.digitaloceanspaces.com');
    expect(spacesEndpoint('fra1', 'http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
  });
});

describe('listSpacesBuckets', () => {
  it("lists the asked region's buckets with their creation times, in one request", async () => {
    const nyc3 = await listSpacesBuckets('nyc3', keys, standin.url);
    expect(nyc3).toEqual({
      buckets: [
        { name: 'assets', createdAt: '2024-03-01T10:00:00.000Z' },
        { name: 'backups', createdAt: '2024-05-02T00:00:00.000Z' },
      ],
      requests: 1,
    });
    expect((await listSpacesBuckets('ams3', keys, standin.url)).buckets.map((b) => b.name)).toEqual(['eu-assets']);
    expect((await listSpacesBuckets('sgp1', keys, standin.url)).buckets).toEqual([]);
  });

  it('says which region and endpoint refused, with the S3 error and status, and never the keys', async () => {
    let err: unknown;
    try {
      await listSpacesBuckets('nyc3', { accessKeyId: 'WRONGKEY', secretAccessKey: 'very-secret-value' }, standin.url);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpacesApiError);
    const e = err as SpacesApiError;
    expect(e.code).toBe(ErrorCode.SpacesApi);
    expect(e.message).toBe(`Spaces ListBuckets in nyc3 (${standin.url}) failed: InvalidAccessKeyId (HTTP 403)`);
    expect(e.context).toEqual({ region: 'nyc3', endpoint: standin.url });
    expect(JSON.stringify({ message: e.message, context: e.context })).not.toMatch(/WRONGKEY|very-secret-value/);
  });
});

describe('the AWS SDK under Node 20', () => {
  it("printed no Node-version warning for any of the listings above (in the middle of a command's output)", () => {
    const texts = warnings.mock.calls.map((c) => String(c[0]));
    expect(texts.filter((t) => t.includes('NodeVersionSupportWarning'))).toEqual([]);
  });
});
