import { z } from 'zod';

// The schema pieces settings are written with, shared by src/config.ts and the registry items that
// declare settings of their own (a waste rule's threshold). zod's own messages ("expected number,
// received NaN") are for programmers; these say what to write.

/** A whole number within bounds. */
export const int = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

/** A share from 0 to 1. */
export const ratio = z.coerce
  .number({ error: 'must be a number from 0 to 1, e.g. 0.5' })
  .min(0, { error: 'must be a number from 0 to 1, e.g. 0.5' })
  .max(1, { error: 'must be a number from 0 to 1, e.g. 0.5' });
