import { describe, expect, it } from 'vitest';
import { sagaAudit } from '../../src/saga/saga-audit.js';

const created = new Date('2025-07-01T10:00:00Z');
const decided = new Date('2025-07-01T10:05:00Z');

describe('a saga audit trail', () => {
  it('is the stored one when the saga keeps it', () => {
    const audit = [
      { action: 'requested', by: 'UOPS', at: created, via: 'slash_command' },
      { action: 'approved', by: 'UADMIN', at: decided, via: 'button' },
    ];
    expect(
      sagaAudit({
        audit,
        requestedBy: 'UOPS',
        createdAt: created,
        approvedBy: 'UADMIN',
        rejectedBy: null,
        decidedAt: decided,
        deprovisionedBy: null,
      }),
    ).toEqual([
      { action: 'requested', by: 'UOPS', at: created.toISOString(), via: 'slash_command' },
      { action: 'approved', by: 'UADMIN', at: decided.toISOString(), via: 'button' },
    ]);
  });

  it('is rebuilt from the older fields on a saga stored before it was kept', () => {
    expect(
      sagaAudit({
        requestedBy: 'cli',
        createdAt: created,
        approvedBy: 'UADMIN',
        rejectedBy: null,
        decidedAt: decided,
        deprovisionedBy: 'cli',
      }),
    ).toEqual([
      { action: 'requested', by: 'cli', at: created.toISOString(), via: 'cli' },
      { action: 'approved', by: 'UADMIN', at: decided.toISOString(), via: 'button' },
      { action: 'teardown', by: 'cli', at: null, via: 'cli' },
    ]);
  });
});
