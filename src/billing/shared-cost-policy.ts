/** How lines no tenant owns are split (ARCADIA_SHARED_COST_POLICY): by direct cost, evenly, or left unallocated. */
export const SHARED_COST_POLICIES = ['proportional', 'even', 'none'] as const;
export type SharedCostPolicy = (typeof SHARED_COST_POLICIES)[number];
