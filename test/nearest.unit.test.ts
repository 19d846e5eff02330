import { describe, expect, it } from 'vitest';
import { editDistance, nearestName } from '../src/nearest.js';

describe('the nearest name', () => {
  it('counts edits', () => {
    expect(editDistance('inventroy', 'inventory')).toBe(2);
    expect(editDistance('acmee', 'acme')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('names a near miss, case aside, and nothing for a word far from every name', () => {
    expect(nearestName('Inventroy', ['help', 'inventory', 'invoice'])).toBe('inventory');
    expect(nearestName('acmee', ['acme', 'initech'])).toBe('acme');
    expect(nearestName('destroy', ['help', 'inventory', 'invoice'])).toBeUndefined();
    expect(nearestName('x', [])).toBeUndefined();
  });
});
