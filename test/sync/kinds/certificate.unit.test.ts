import { describe, expect, it } from 'vitest';
import { certificate } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';
import { shownStatus } from '../../../src/inventory/shown-status.js';

describe('certificate kind', () => {
  const normalized = kindParts(certificate);

  it('reads the first certificate of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: '892071a0-bb95-49bc-8021-3afd67a210bf',
      name: 'static-example-le',
      status: 'verified',
    });
  });

  it('is not priced (Arcadia keeps no price for it)', () => {
    const first = normalized()[0]!;
    expect(certificate.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(
      null,
    );
  });

  it('shows a certificate past its not_after as expired, though DO still says verified', () => {
    const legacy = normalized()[1]!;
    const stored = { kind: 'certificate', status: legacy.status ?? null, attrs: legacy.attrs ?? {} };
    expect(legacy.status).toBe('verified');
    expect(shownStatus(stored, new Date('2025-07-20T11:59:59Z'))).toBe('verified');
    expect(shownStatus(stored, new Date('2025-07-20T12:00:00Z'))).toBe('expired');
    expect(shownStatus({ kind: 'droplet', status: 'active', attrs: {} }, new Date())).toBe('active');
  });
});
