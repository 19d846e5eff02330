import { describe, expect, it } from 'vitest';
import { DoApiError, DoAuthError, explainError, ErrorCode, UsageError } from '../src/errors.js';
import { SagaStateError } from '../src/saga/errors.js';
import { tokenScope } from '../src/sync/kinds/index.js';
import { InvoiceFormatError } from '../src/invoice/errors.js';

const infos: { fields: Record<string, unknown>; message: string }[] = [];
function capture() {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  infos.length = 0;
  return {
    lines,
    log: {
      error: (fields: Record<string, unknown>, message: string) => void lines.push({ fields, message }),
      info: (fields: Record<string, unknown>, message: string) => void infos.push({ fields, message }),
    },
  };
}

describe('explainError', () => {
  it('tells people a generic sentence with a reference and logs the details under it', () => {
    const { lines, log } = capture();
    const { sentence, ref } = explainError(
      new Error('E11000 duplicate key in arcadia.resources'),
      log,
      'The sync of droplet failed',
      { kind: 'droplet' },
    );
    expect(sentence).toBe(`The sync of droplet failed (ref ${ref}). The details are in Arcadia's log.`);
    expect(sentence).not.toContain('E11000');
    expect(lines).toEqual([
      {
        fields: { kind: 'droplet', ref, err: 'E11000 duplicate key in arcadia.resources' },
        message: 'The sync of droplet failed',
      },
    ]);
  });

  it('tells a user error (a bad file, a bad argument) in its own sentence alone, no reference, and logs it as information', () => {
    const { lines, log } = capture();
    const err = new InvoiceFormatError(7, 'amount is not a number', 'june.csv');
    const { sentence, ref } = explainError(err, log, 'unused');
    expect(sentence).toBe(
      'june.csv: line 7: amount is not a number. Nothing was stored; fix the file and send it again.',
    );
    expect(lines).toEqual([]);
    expect(infos[0]!.fields).toMatchObject({
      ref,
      code: ErrorCode.InvoiceFormat,
      context: { line: 7, problem: 'amount is not a number' },
    });
    expect(explainError(new UsageError('`waste` takes no arguments.'), log, 'unused').sentence).toBe(
      '`waste` takes no arguments.',
    );
    const state = explainError(new SagaStateError('3f9a1c0b2e', 'succeeded', 'rejected'), log, 'unused');
    expect(state.sentence).toBe('Nothing changed: saga 3f9a1c0b2e is succeeded; it cannot be rejected.');
  });

  it("keeps the reference on a typed error from Arcadia's side (a refused token), whose log someone must read", () => {
    const { lines, log } = capture();
    const err = new DoAuthError(
      'forbidden',
      { method: 'GET', path: '/v2/volumes', attempts: 1, status: 403 },
      'block_storage:read',
    );
    const { sentence, ref } = explainError(err, log, 'unused');
    expect(sentence).toMatch(new RegExp(`lacks the block_storage:read scope.* \\(ref ${ref}\\)\\.$`));
    expect(lines[0]!.fields).toMatchObject({ ref, code: ErrorCode.DoAuth });
  });
});

describe('DoAuthError', () => {
  const ctx = { method: 'GET', path: '/v2/volumes?per_page=200', attempts: 1 };
  it('says what to do about a 401 and a 403, naming the variable and the scope', () => {
    expect(new DoAuthError('Unable to authenticate you', { ...ctx, status: 401 }, undefined).sentence).toMatch(
      /^DigitalOcean refused DIGITALOCEAN_TOKEN \(HTTP 401\)/,
    );
    expect(new DoAuthError('forbidden', { ...ctx, status: 403 }, 'block_storage:read').sentence).toBe(
      'DigitalOcean refused GET /v2/volumes (HTTP 403): DIGITALOCEAN_TOKEN lacks the block_storage:read scope; give the token that scope (or use a read-only token with every scope).',
    );
  });

  it('names the method of a refused write, and points at the write scopes rather than a read scope', () => {
    const refused = new DoAuthError(
      'forbidden',
      { method: 'POST', path: '/v2/droplets', attempts: 1, status: 403 },
      undefined,
    );
    expect(refused.sentence).toBe(
      'DigitalOcean refused POST /v2/droplets (HTTP 403): DIGITALOCEAN_TOKEN lacks a scope this call needs; provisioning needs the write scopes the README lists (Provisioning → Write token scopes).',
    );
    expect(
      new DoApiError('boom', { method: 'DELETE', path: '/v2/volumes/v1', attempts: 4, status: 500 }).sentence,
    ).toBe('DigitalOcean answered HTTP 500 to DELETE /v2/volumes/v1.');
  });
});

describe('tokenScope', () => {
  it('knows the scope of each path Arcadia reads', () => {
    expect(tokenScope('/v2/droplets?per_page=200')).toBe('droplet:read');
    expect(tokenScope('/v2/droplets/3164444/backups')).toBe('image:read');
    expect(tokenScope('/v2/floating_ips')).toBe('reserved_ip:read');
    expect(tokenScope('/v2/customers/my/invoices')).toBe('billing:read');
    expect(tokenScope('/v2/registry/subscription')).toBe('registry:read');
    expect(tokenScope('/v2/reserved_ipv6')).toBe('reserved_ip:read');
    expect(tokenScope('/v2/images?private=true')).toBe('image:read');
    expect(tokenScope('/v2/spaces/keys')).toBeUndefined();
  });
});
