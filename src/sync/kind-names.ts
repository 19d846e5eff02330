import { UnknownKindError } from '../errors.js';
import { nearestName } from '../nearest.js';
import { KIND_SPECS } from './kinds/index.js';

/** Other names people use for a kind (DO's current and URN spellings, short forms): each kind's `aliases`. */
const ALIASES: Record<string, string> = Object.fromEntries(
  KIND_SPECS.flatMap((spec) => spec.aliases.map((alias) => [alias, spec.kind])),
);

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
  const nearest = nearestName(name, [...known, ...Object.keys(ALIASES)]);
  const suggestion = nearest === undefined ? undefined : (ALIASES[nearest] ?? nearest);
  throw new UnknownKindError(input, known, suggestion);
}
