import { Resource, resourceKey } from '../models/resource.js';
import { deriveKind } from '../src/invoice/derive-kind.js';
import {
  INDEX_PROJECTION,
  InventoryIndex,
  inventorySurfaces,
  withDefaults,
  type IndexedResource,
} from '../src/invoice/inventory-index.js';
import { ipFromDescription, matchLine, nameFromLine, targetKind } from '../src/invoice/match-line.js';
import type { MatchedLine } from '../src/invoice/match-lines.js';
import type { ParsedLine } from '../src/invoice/parsed-invoice.js';

/**
 * The baseline the benchmark compares against: the same decisions, but each line looks its
 * resource up with its own database query, as a straightforward implementation would.
 */
export async function matchLinesNaively(lines: ParsedLine[]): Promise<MatchedLine[]> {
  const surfaces = await inventorySurfaces();
  const out: MatchedLine[] = [];
  for (const line of lines) {
    const derived = deriveKind(line.product, line.description);
    const kind = targetKind(derived.kind);
    const found: IndexedResource[] = [];
    if (kind && !derived.tax && !derived.accountLevel && surfaces.has(kind)) {
      const ids = [line.resourceId, line.resourceUuid].filter(Boolean);
      if (kind === 'floating_ip') ids.push(ipFromDescription(line.description) ?? '');
      const name = nameFromLine(kind, line);
      const or: Record<string, unknown>[] = [{ _id: { $in: ids.map((id) => resourceKey(kind, id)) } }];
      if (name) or.push({ kind, name });
      found.push(...(await Resource.find({ $or: or }, INDEX_PROJECTION).lean<IndexedResource[]>()));
      if (line.projectName)
        found.push(
          ...(await Resource.find({ kind: 'project', name: line.projectName }, INDEX_PROJECTION).lean<
            IndexedResource[]
          >()),
        );
    }
    const index = new InventoryIndex(found.map(withDefaults), surfaces);
    out.push({ ...line, kind: derived.kind, ...matchLine(line, derived, index) });
  }
  return out;
}
