import { UnknownKindError } from '../errors.js';
import { KIND_SPECS } from './kinds/index.js';

/** Other names people use for a kind (DO's current and URN spellings, short forms): each kind's `aliases`. */
const ALIASES: Record<string, string> = Object.fromEntries(
  KIND_SPECS.flatMap((spec) => spec.aliases.map((alias) => [alias, spec.kind])),
);

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * A kind as a person typed it → the kind's name: case and dashes do not matter, plurals and aliases
 * are taken (`reserved_ip` is `floating_ip`); anything else is refused with the nearest name.
 */
export function resolveKindName<K extends string>(input: string, known: readonly K[]): K {
  const name = input
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '_');
  const candidates = [name, name.replace(/e?s$/, ''), name.replace(/s$/, '')];
  for (const c of candidates) {
    if (known.includes(c as K)) return c as K;
    const alias = ALIASES[c] ?? ALIASES[c.replace(/_/g, '')];
    if (alias && known.includes(alias as K)) return alias as K;
  }
  const nearest = [...known, ...Object.keys(ALIASES)]
    .map((k) => ({ k, d: editDistance(name, k) }))
    .sort((a, b) => a.d - b.d)[0];
  const suggestion =
    nearest && nearest.d <= Math.max(2, Math.floor(name.length / 3)) ? (ALIASES[nearest.k] ?? nearest.k) : undefined;
  throw new UnknownKindError(input, known, suggestion);
}
