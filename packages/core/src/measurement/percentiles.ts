/**
 * Percentiles that agree with the database. Reports compute some figures in SQL
 * (`percentile_cont(p) WITHIN GROUP (ORDER BY x)`) and some here; both must print the same number
 * for the same data, so this is PostgreSQL's `percentile_cont`: linear interpolation between the
 * two closest ranks at position `p * (n - 1)`.
 */
export interface DistributionSummary {
  /** Values summarised (NaN values are ignored and not counted). */
  count: number;
  p50: number | null;
  p75: number | null;
  p90: number | null;
  p95: number | null;
  mean: number | null;
}

/**
 * The `p`-th percentile of values that are already sorted ascending, or null when there are none.
 * Sorting is the caller's job so that one sorted copy serves several percentiles.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`percentile: p must be a fraction between 0 and 1 (got ${p}); write 0.9 for p90`);
  }
  const n = sorted.length;
  if (n === 0) return null;
  const position = p * (n - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  if (below === above) return low;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

/** Count, p50/p75/p90/p95 and mean of unsorted values (the input is not modified). */
export function summarize(values: ArrayLike<number>): DistributionSummary {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) count++;
  // A typed array sorts numerically (not as strings) and without a comparator call per pair.
  const sorted = new Float64Array(count);
  let sum = 0;
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    sorted[at++] = value;
    sum += value;
  }
  sorted.sort();
  return {
    count,
    p50: percentile(sorted, 0.5),
    p75: percentile(sorted, 0.75),
    p90: percentile(sorted, 0.9),
    p95: percentile(sorted, 0.95),
    mean: count === 0 ? null : sum / count,
  };
}
