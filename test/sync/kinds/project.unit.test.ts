import { describe, expect, it } from 'vitest';
import { project } from '../../../src/sync/kinds/index.js';
import { PriceBook } from '../../../src/pricing/price-book.js';
import { kindParts } from './kind-unit.js';

describe('project kind', () => {
  const normalized = kindParts(project);

  it('reads the first project of its sample', () => {
    expect(normalized()).toHaveLength(2);
    expect(normalized()[0]).toMatchObject({
      providerId: '4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679',
      name: 'my-web-api',
      status: 'active',
    });
  });

  it('is free', () => {
    const first = normalized()[0]!;
    expect(project.monthlyCost({ status: first.status ?? null, attrs: first.attrs ?? {} }, new PriceBook())).toBe(0);
  });
});
