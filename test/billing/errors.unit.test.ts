import { describe, expect, it } from 'vitest';
import { BillingPeriodNotFoundError } from '../../src/billing/errors.js';
import { TenantNotFoundError } from '../../src/billing/tenant-store.js';
import { SagaNotFoundError } from '../../src/saga/errors.js';

/** Each refusal in two front ends' words: the message for the command line, the sentence for Slack. */
describe('billing refusals', () => {
  it('no invoice for the month: the CLI is told to ingest it, Slack which months there are', () => {
    const err = new BillingPeriodNotFoundError('2025-04', ['2025-06', '2025-05']);
    expect(err.message).toBe(
      'No invoice is stored for 2025-04; ingest it first (`arcadia invoice fetch 2025-04` or upload its CSV)',
    );
    expect(err.sentence).toBe(
      'No invoice is stored for 2025-04. Stored: 2025-06, 2025-05; `/cloud billing 2025-06` shows the latest.',
    );
    const many = ['2025-08', '2025-07', '2025-06', '2025-05', '2025-04', '2025-03', '2025-02', '2025-01'];
    expect(new BillingPeriodNotFoundError('2024-01', many).sentence).toContain('2025-03 and 2 earlier months;');
    expect(new BillingPeriodNotFoundError('2025-04').sentence).toBe(
      'No invoice is stored for 2025-04, nor for any month yet.',
    );
  });

  it('an unknown tenant: a near miss gets the name meant, in each front end’s command', () => {
    const err = new TenantNotFoundError('acmee', ['acme', 'globex']);
    expect(err.message).toBe('No tenant named "acmee"; did you mean "acme"? `arcadia tenant list` shows the tenants');
    expect(err.sentence).toBe('No tenant named "acmee"; did you mean `/cloud tenant acme`?');
    const far = new TenantNotFoundError('nobody', ['acme', 'globex']);
    expect(far.message).toBe('No tenant named "nobody"; `arcadia tenant list` shows the tenants');
    expect(far.sentence).toBe('No tenant named "nobody". Tenants: acme, globex.');
  });

  it('an unknown saga is looked up where Slack shows it', () => {
    expect(new SagaNotFoundError('3f9a').sentence).toBe(
      'There is no saga with id 3f9a; its approval message in Slack names it.',
    );
  });
});
