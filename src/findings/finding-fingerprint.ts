import { WasteFinding } from '../../models/waste-finding.js';

/**
 * The current fingerprint of a finding, for the state a button records; null when the finding is
 * unknown (resolved and purged, or a forged key). Stale resources have one state: gone.
 */
export async function currentFingerprint(key: string): Promise<string | null> {
  if (key.startsWith('stale:')) return 'stale';
  const finding = await WasteFinding.findById(key, { fingerprint: 1 }).lean();
  return finding?.fingerprint ?? null;
}
