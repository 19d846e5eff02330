import { stringify } from 'csv-stringify/sync';

/** A cell a spreadsheet would run as a formula: `=`, `+`, `-`, `@`, tab or carriage return first. */
const FORMULA = /^[=+\-@\t\r]/;
/** A plain number (a money amount such as `-3.00`): a spreadsheet reads it as a number, never a formula. */
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

export type CsvCell = string | number | null | undefined;

/**
 * RFC 4180 CSV with a header row. Text a spreadsheet would run as a formula gets a leading quote,
 * but a number stays a number: a credit written as `-3.00` must add up in the sheet, which
 * csv-stringify's own `escape_formulas` (it quotes every cell starting with `-`) would break.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((r) => [...r]),
    {
      header: true,
      columns: [...header],
      cast: { string: (s) => (FORMULA.test(s) && !NUMBER.test(s) ? `'${s}` : s) },
    },
  );
}
