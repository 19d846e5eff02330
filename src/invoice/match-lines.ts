import { deriveKind, type DerivedKind } from './derive-kind.js';
import { InventoryIndex, loadInventoryIndex } from './inventory-index.js';
import { matchLine, type LineMatch } from './match-line.js';
import type { ParsedLine } from './parsed-invoice.js';

export interface MatchedLine extends ParsedLine, LineMatch {
  kind: DerivedKind['kind'];
}

/** Matches every line against an inventory already in memory. */
export function matchAgainst(lines: ParsedLine[], index: InventoryIndex): MatchedLine[] {
  return lines.map((line) => {
    const derived = deriveKind(line.product, line.description);
    const m = matchLine(line, derived, index);
    // One spread, then plain fields: a second spread costs more than the match itself.
    return {
      ...line,
      kind: derived.kind,
      match: m.match,
      reason: m.reason,
      detail: m.detail,
      candidates: m.candidates,
    };
  });
}

/** The fast path: the inventory loaded once into in-memory indexes, then every line matched without a query. */
export async function matchLines(
  lines: ParsedLine[],
  index?: InventoryIndex,
): Promise<{ lines: MatchedLine[]; index: InventoryIndex }> {
  const inventory = index ?? (await loadInventoryIndex());
  return { lines: matchAgainst(lines, inventory), index: inventory };
}
