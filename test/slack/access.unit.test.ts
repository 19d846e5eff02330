import { describe, expect, it } from 'vitest';
import { AccessPolicy } from '../../src/slack/access.js';

const policy = (over: Partial<ConstructorParameters<typeof AccessPolicy>[0]> = {}) =>
  new AccessPolicy({
    ARCADIA_ADMIN_USERS: ['UADMIN'],
    ARCADIA_FINANCE_USERS: ['UFIN'],
    ARCADIA_ALLOWED_CHANNELS: ['COPS', 'CDEV'],
    ARCADIA_FINANCE_CHANNEL: 'CFIN',
    ...over,
  });

describe('AccessPolicy', () => {
  it('answers /cloud in the allowed channels and the finance channel, and says where to go elsewhere', () => {
    const p = policy();
    expect(p.commandChannel('COPS')).toBeNull();
    expect(p.commandChannel('CFIN')).toBeNull();
    expect(p.commandChannel('CRANDOM')).toBe('/cloud is not enabled in this channel. Use it in <#COPS>, <#CDEV>.');
  });

  it('answers /cloud anywhere when no channel allowlist is set', () => {
    expect(policy({ ARCADIA_ALLOWED_CHANNELS: [] }).commandChannel('CRANDOM')).toBeNull();
  });

  it('lets only admins run admin subcommands and only finance users run finance ones', () => {
    const p = policy();
    expect(p.mayRun('everyone', 'UANY', 'inventory')).toBeNull();
    expect(p.mayRun('admin', 'UADMIN', 'sync')).toBeNull();
    expect(p.mayRun('admin', 'UFIN', 'sync')).toBe(
      'Only Arcadia admins may run `sync` (ARCADIA_ADMIN_USERS). Ask an admin to run it.',
    );
    expect(p.mayRun('finance', 'UFIN', 'invoice')).toBeNull();
    // Being an admin does not make one finance.
    expect(p.mayRun('finance', 'UADMIN', 'invoice')).toBe(
      'Only finance users may see invoices (ARCADIA_FINANCE_USERS). Ask finance for the summary.',
    );
  });

  it("checks the channel before the subcommand's audience", () => {
    const p = policy();
    expect(p.mayRunIn({ name: 'sync', audience: 'admin' }, 'UFIN', 'CRANDOM')).toMatch(
      /^\/cloud is not enabled in this channel/,
    );
    expect(p.mayRunIn({ name: 'sync', audience: 'admin' }, 'UFIN', 'COPS')).toMatch(
      /^Only Arcadia admins may run `sync`/,
    );
    expect(p.mayRunIn({ name: 'sync', audience: 'admin' }, 'UADMIN', 'COPS')).toBeNull();
  });

  it('lets a button be clicked by any of its audiences, and names them all when refusing', () => {
    const p = policy();
    expect(p.mayClick('everyone', 'UANY', 'refresh')).toBeNull();
    expect(p.mayClick(['admin', 'finance'], 'UFIN', 'approve provisioning')).toBeNull();
    expect(p.mayClick(['admin', 'finance'], 'UADMIN', 'approve provisioning')).toBeNull();
    expect(p.mayClick(['admin', 'finance'], 'UANY', 'approve provisioning')).toBe(
      'Only Arcadia admins (ARCADIA_ADMIN_USERS) and finance users (ARCADIA_FINANCE_USERS) may approve provisioning; nothing was changed. Ask one of them to click it.',
    );
    expect(p.mayClick('finance', 'UADMIN', 'replace the invoice')).toBe(
      'Only finance users (ARCADIA_FINANCE_USERS) may replace the invoice; nothing was changed. Ask one of them to click it.',
    );
    expect(p.mayClick('admin', 'UFIN', 'dismiss')).toMatch(/^Only Arcadia admins \(ARCADIA_ADMIN_USERS\) may dismiss;/);
  });

  it('takes invoice uploads only from finance users, only in the finance channel, and not at all without one', () => {
    const p = policy();
    expect(p.mayUpload('UFIN', 'CFIN')).toBeNull();
    expect(p.mayUpload('UFIN', 'COPS')).toBe('invoices are only taken in <#CFIN>');
    expect(p.mayUpload('UADMIN', 'CFIN')).toBe('only finance users (ARCADIA_FINANCE_USERS) may upload invoices');
    expect(policy({ ARCADIA_FINANCE_CHANNEL: undefined }).mayUpload('UFIN', 'CFIN')).toBe(
      'invoice uploads are not enabled (ARCADIA_FINANCE_CHANNEL is not set)',
    );
  });

  it('knows admins and finance users from their allowlists only', () => {
    const p = policy({ ARCADIA_ADMIN_USERS: [], ARCADIA_FINANCE_USERS: [] });
    expect(p.isAdmin('UADMIN')).toBe(false);
    expect(p.isFinance('UFIN')).toBe(false);
  });
});
