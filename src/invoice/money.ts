/**
 * Money as integer cents, parsed from DO's decimal strings without ever going through a float.
 * Accepts `12.34`, `$12.34`, `-$1.00`, `$-1.00`, `(1.00)` and thousands separators (`$1,234.56`).
 */
const AMOUNT = /^(?<neg1>-)?\$?(?<neg2>-)?(?<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?<frac>\d+))?$/;

/** Cents for a decimal amount, or null when the text is not one. Digits past the cent are rounded half away from zero. */
export function parseCents(text: string): number | null {
  let value = text.trim();
  let negative = false;
  const parenthesized = /^\((.*)\)$/.exec(value);
  if (parenthesized) {
    negative = true;
    value = parenthesized[1]!.trim();
  }
  const m = AMOUNT.exec(value);
  if (!m?.groups) return null;
  if (m.groups.neg1 && m.groups.neg2) return null;
  negative = negative !== Boolean(m.groups.neg1 || m.groups.neg2);
  const whole = m.groups.int!.replace(/,/g, '');
  const frac = m.groups.frac ?? '';
  if (whole.length > 13) return null;
  let cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  if (frac.length > 2 && Number(frac[2]) >= 5) cents += 1;
  return negative && cents !== 0 ? -cents : cents;
}

/** `1234` → `"12.34"`, `-5` → `"-0.05"`: DO's own notation. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `$1,234.56`: for people. */
export function formatUsd(cents: number): string {
  const [whole, frac] = formatCents(Math.abs(cents)).split('.');
  return `${cents < 0 ? '-' : ''}$${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}
