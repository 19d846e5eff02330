import type { ForecastPart } from '../forecast/forecast.js';

/** A part (resource or product) whose month-end forecast grew, from then to now. Integer cents. */
export interface PartGrowth {
  key: string;
  label: string;
  kind: string | null;
  beforeCents: number;
  nowCents: number;
  grewCents: number;
}

const monthEnd = (p: ForecastPart) => p.monthToDateCents + p.restCents;

/**
 * The parts whose month-end forecast grew most between two forecasts of the month, largest first:
 * a part new since then grew by all of it. A part's month-to-date only adds what its forecast
 * already held, so the growth is what changed in what runs (created, resized, a product's rate up).
 */
export function partsThatGrew(before: readonly ForecastPart[], now: readonly ForecastPart[], count = 3): PartGrowth[] {
  const then = new Map(before.map((p) => [p.key, monthEnd(p)]));
  return now
    .map((p) => {
      const beforeCents = then.get(p.key) ?? 0;
      return {
        key: p.key,
        label: p.label,
        kind: p.kind,
        beforeCents,
        nowCents: monthEnd(p),
        grewCents: monthEnd(p) - beforeCents,
      };
    })
    .filter((g) => g.grewCents > 0)
    .sort((a, b) => b.grewCents - a.grewCents || a.key.localeCompare(b.key))
    .slice(0, count);
}

/** What growth is measured from: the snapshot of a week before `day`, or the month's first when the month is younger. */
export function baselineDay(days: readonly string[], day: string): string | null {
  const weekBefore = new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
  const earlier = days.filter((d) => d < day).sort();
  return earlier.filter((d) => d <= weekBefore).at(-1) ?? earlier[0] ?? null;
}
