import { describe, expect, it } from 'vitest';
import {
  emptyRawLine,
  RAW_FIELDS,
  validateLine,
  validateLineWithSchema,
  type RawLine,
} from '../../src/invoice/validate-line.js';

const valid: RawLine = {
  ...emptyRawLine(),
  product: 'Droplets',
  description: 'web-1 (s-1vcpu-1gb)',
  amount: '$6.00',
  hours: '720',
  start: '2025-06-01 00:00:00 +0000',
  end: '2025-07-01 00:00:00 +0000',
  project_name: 'default',
  category: 'iaas',
};

/** Cell values that probe each check: blanks, padding, formulas, control characters, lengths, odd numbers and dates. */
const PROBES = [
  '',
  ' ',
  '  padded  ',
  '=1+1',
  '+1',
  '-x',
  '-1',
  '@sum',
  '\tab',
  'a\u0001b',
  'x'.repeat(2000),
  'x'.repeat(2001),
  '$1,234.56',
  '(2.00)',
  '-$1.50',
  '1e3',
  'NaN',
  '-5',
  '10,000,000.01',
  '2025-06-15',
  '2025-06-15T10:00:00Z',
  '2025-06-15 10:00 +02:00',
  '2025-13-40',
  '2025-07-02 00:00:00 +0000',
  'yesterday',
];

function outcome(fn: () => unknown): unknown {
  try {
    return { ok: fn() };
  } catch (err) {
    return { refused: (err as Error).message };
  }
}

describe('validating a line', () => {
  it('the fast path accepts, refuses and reads every probed cell exactly as the schema does', () => {
    let refused = 0;
    for (const field of RAW_FIELDS) {
      for (const probe of PROBES) {
        const raw = { ...valid, [field]: probe };
        const fast = outcome(() => validateLine(raw, 7));
        expect(fast, `${field} = ${JSON.stringify(probe.slice(0, 30))}`).toEqual(
          outcome(() => validateLineWithSchema(raw, 7)),
        );
        if ((fast as { refused?: string }).refused) refused += 1;
      }
    }
    // The probes exercise refusals in every check, not only acceptances.
    expect(refused).toBeGreaterThan(RAW_FIELDS.length * 3);
  });

  it('refuses a line with a non-string cell the way the schema does', () => {
    const raw = { ...valid, amount: 6 as unknown as string };
    expect(() => validateLine(raw, 3)).toThrow(/line 3/);
  });
});
