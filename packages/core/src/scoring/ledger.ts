/** One row of the append-only score ledger. The current score is always the sum of its rows. */
export interface LedgerEntry {
  model: 'fit' | 'engagement';
  ruleId: string;
  points: number;
  reason: string;
  inputs: Record<string, unknown>;
}

/** A rule that matched but added nothing (a daily limit, a cap): no ledger row, but explained. */
export interface SkippedRule {
  model: 'fit' | 'engagement';
  ruleId: string;
  reason: string;
}

/** Ledger rows that are not rules: the cap adjustment and engagement decay. */
export const CAP_ADJUSTMENT = '_cap';
export const DECAY = '_decay';

/** Points are kept to hundredths so sums are exact in `numeric(12,2)`. */
export const roundPoints = (n: number): number => Math.round(n * 100) / 100;

export const clamp = (n: number, floor: number, cap: number | undefined): number =>
  Math.max(floor, cap === undefined ? n : Math.min(cap, n));

export const signed = (n: number): string => (n >= 0 ? `+${n}` : `${n}`);
