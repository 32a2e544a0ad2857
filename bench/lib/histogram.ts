// Latency recorder that keeps every sample. Benchmarks here are short (seconds to minutes at a few
// thousand req/s), so exact percentiles from the raw samples are cheaper to trust than a bucketed
// HDR histogram, and a Float64Array of 1M samples is only 8 MB.

/** All values in milliseconds; every field is 0 when count is 0. */
export type LatencySummary = {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
};

export const emptySummary: LatencySummary = {
  count: 0,
  min: 0,
  mean: 0,
  p50: 0,
  p90: 0,
  p95: 0,
  p99: 0,
  p999: 0,
  max: 0,
};

export class Histogram {
  #values = new Float64Array(1024);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  record(ms: number): void {
    if (this.#count === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#count++] = ms;
  }

  summary(): LatencySummary {
    const n = this.#count;
    if (n === 0) return { ...emptySummary };
    // Float64Array#sort is numeric (not lexicographic like Array#sort), and slice copies so
    // recording can continue after a summary.
    const sorted = this.#values.slice(0, n).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: n,
      min: round(sorted[0]!),
      mean: round(sum / n),
      p50: round(nearestRank(sorted, 50)),
      p90: round(nearestRank(sorted, 90)),
      p95: round(nearestRank(sorted, 95)),
      p99: round(nearestRank(sorted, 99)),
      p999: round(nearestRank(sorted, 99.9)),
      max: round(sorted[n - 1]!),
    };
  }
}

/**
 * Nearest-rank percentile: the smallest sample such that at least p% of samples are <= it.
 * It is always an observed value, never an interpolation between two.
 */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  // The epsilon stops float error from bumping an exact rank up by one
  // (99.9 / 100 * 1000 is 999.0000000000001 in binary floating point).
  const rank = Math.min(n, Math.max(1, Math.ceil((p * n) / 100 - 1e-9)));
  return sorted[rank - 1]!;
}

// Microsecond resolution is below the noise floor of a shared 2-core machine; rounding keeps the
// JSON output readable.
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
