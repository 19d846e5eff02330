/** Escapes the three characters Slack treats as markup; everything else is left as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Not markup, but Slack's messages take it from here with the rest of their wording.
export { plural } from '../../plural.js';

/** "3d 4h", "12m", "40s": how long ago, for people. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}

/** "2025-07-05 09:00 UTC": a fixed rendering, so golden files don't depend on the reader's zone. */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `12.5%` with one decimal; "n/a" when there is nothing to divide. */
export function formatPercent(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? 'n/a' : `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`;
}
