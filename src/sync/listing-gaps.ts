/**
 * Why a listing that ran to its end still cannot show which resources are gone, or null when it can.
 * An object the normalizer could not read has no id the run can count as seen, so its stored copy
 * would look deleted; a listing shorter than DO's `meta.total` missed objects that moved across a
 * page boundary while it paged (DO pages by offset), and those would look deleted too.
 */
export function listingGaps(
  kind: string,
  counts: { listed: number; skipped: number },
  reportedTotal: number | null,
): string | null {
  const gaps: string[] = [];
  if (counts.skipped > 0) gaps.push(`${counts.skipped} ${kind}(s) DO listed could not be read (see the log)`);
  const received = counts.listed + counts.skipped;
  if (reportedTotal !== null && received < reportedTotal)
    gaps.push(`DO reported ${reportedTotal} ${kind}(s) but ${received} were listed (objects changed while paging)`);
  return gaps.length > 0 ? gaps.join('; ') : null;
}
