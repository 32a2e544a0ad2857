import { comparePair, FIELD_COMPARISONS } from './compare-records.ts';
import type { PreparedRecords } from './prepare-records.ts';

// Unsupervised Fellegi–Sunter parameters.
//  - u (P(level | non-match)) comes from RANDOM record pairs, which are almost all non-matches;
//    the exact-level u is computed exactly from value counts (Σ c·(c−1) / N·(N−1)).
//  - m (P(level | match)) and the match share λ come from EM over the blocked candidate pairs,
//    summarised as a histogram of distinct comparison patterns (fast: thousands of patterns, not
//    millions of pairs). EM also fits a u for the blocked pairs, but that one is only a nuisance
//    parameter: blocked non-matches agree on blocking fields far more often than random pairs,
//    so scoring uses the random-pair u (as Splink does).
// Nothing here reads labels; the same code runs on every data set.

export interface PatternTable {
  /** levels[p * F + f] = level of field f in pattern p. */
  levels: Uint8Array;
  counts: Float64Array;
  size: number;
}

export interface FsParameters {
  m: number[][];
  u: number[][];
  /** Match share among the blocked candidate pairs. */
  lambda: number;
  iterations: number;
  converged: boolean;
}

/** Deterministic PRNG (mulberry32): the core takes no randomness from the environment. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRIOR_PAIRS = 2000;
const PRIOR_PARTIAL_U = 0.002;
const PRIOR_EXACT_U: Readonly<Record<string, number>> = {
  generation: 0.3,
  state: 0.1,
  country: 0.3,
  city: 0.02,
  title: 0.02,
  company: 0.005,
  domain: 0.005,
  first_name: 0.01,
  last_name: 0.002,
};
/** Pseudo-pairs of prior belief in EM's M step: decisive for tiny inputs, negligible for big ones. */
const PRIOR_M_PAIRS = 20;

/** u per field and level from random pairs; exact level from value counts. */
export function estimateU(prep: PreparedRecords, samples = 200_000, seed = 1): number[][] {
  const F = FIELD_COMPARISONS.length;
  const n = prep.size;
  const counts = FIELD_COMPARISONS.map((f) => new Float64Array(f.levels.length));
  const out = new Uint8Array(F);
  const rand = seededRandom(seed);
  if (n >= 2) {
    for (let s = 0; s < samples; s++) {
      const i = Math.floor(rand() * n);
      let j = Math.floor(rand() * (n - 1));
      if (j >= i) j++;
      comparePair(prep, i, j, out);
      for (let f = 0; f < F; f++) {
        const cf = counts[f] as Float64Array;
        const l = out[f] as number;
        cf[l] = (cf[l] as number) + 1;
      }
    }
  }
  return FIELD_COMPARISONS.map((field, f) => {
    const c = counts[f] as Float64Array;
    const top = field.levels.length - 1;
    const col = prep.columns[field.column];
    // Exact agreement among pairs where both sides have a value, computed exactly.
    let present = 0;
    let agreePairs = 0;
    for (let v = 1; v < col.counts.length; v++) {
      const k = col.counts[v] as number;
      present += k;
      agreePairs += k * (k - 1);
    }
    // Small inputs cannot estimate u on their own (with three rows, two of them duplicates, most
    // "random" pairs are matches): every estimate is blended with a generic prior worth
    // PRIOR_PAIRS pairs, which large inputs outweigh completely.
    const allPairs = (present * (present - 1)) / 2;
    const exactPrior = PRIOR_EXACT_U[field.name] ?? 0.001;
    const exact = (agreePairs / 2 + PRIOR_PAIRS * exactPrior) / (allPairs + PRIOR_PAIRS);
    let nonNull = 0;
    for (let l = 1; l <= top; l++) nonNull += c[l] as number;
    const u = new Array<number>(field.levels.length).fill(0);
    u[top] = exact;
    let rest = 0;
    for (let l = 2; l < top; l++) {
      u[l] = ((c[l] as number) + PRIOR_PAIRS * PRIOR_PARTIAL_U) / (nonNull + PRIOR_PAIRS);
      rest += u[l] as number;
    }
    u[1] = Math.max(1 - exact - rest, 1e-6);
    return u;
  });
}

/** Generic m: a match mostly agrees exactly, sometimes partially, rarely disagrees. */
function priorM(levels: number): number[] {
  const top = levels - 1;
  const m = new Array<number>(levels).fill(0);
  m[top] = 0.8;
  m[1] = 0.05;
  for (let l = 2; l < top; l++) m[l] = 0.15 / Math.max(1, top - 2);
  if (top === 2) m[top] = 0.95;
  return m;
}

/** EM over the pattern histogram. `u0` seeds u; m starts optimistic on the top levels. */
export function estimateM(patterns: PatternTable, u0: number[][], maxIterations = 60): FsParameters {
  const F = FIELD_COMPARISONS.length;
  let m = FIELD_COMPARISONS.map((field) => {
    const top = field.levels.length - 1;
    const arr = new Array<number>(field.levels.length).fill(0);
    for (let l = 1; l <= top; l++) arr[l] = l === top ? 0.7 : 0.3 / (top - 1);
    return arr;
  });
  let u = u0.map((row) => [...row]);
  let lambda = 0.1;
  const post = new Float64Array(patterns.size);
  let converged = false;
  let it = 0;
  for (; it < maxIterations; it++) {
    // E step.
    let matched = 0;
    let total = 0;
    for (let p = 0; p < patterns.size; p++) {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let f = 0; f < F; f++) {
        const l = patterns.levels[p * F + f] as number;
        if (l === 0) continue;
        lm += Math.log((m[f] as number[])[l] as number);
        lu += Math.log((u[f] as number[])[l] as number);
      }
      const g = 1 / (1 + Math.exp(lu - lm));
      post[p] = g;
      const c = patterns.counts[p] as number;
      matched += g * c;
      total += c;
    }
    // M step (with a tiny pseudo-count so no level collapses to exactly 0).
    const mNext = FIELD_COMPARISONS.map((f) => priorM(f.levels.length).map((x) => x * PRIOR_M_PAIRS));
    const uNext = FIELD_COMPARISONS.map((f) => new Array<number>(f.levels.length).fill(1e-3));
    for (let p = 0; p < patterns.size; p++) {
      const c = patterns.counts[p] as number;
      const g = post[p] as number;
      for (let f = 0; f < F; f++) {
        const l = patterns.levels[p * F + f] as number;
        if (l === 0) continue;
        const mf = mNext[f] as number[];
        const uf = uNext[f] as number[];
        mf[l] = (mf[l] as number) + g * c;
        uf[l] = (uf[l] as number) + (1 - g) * c;
      }
    }
    let delta = 0;
    for (let f = 0; f < F; f++) {
      const mf = mNext[f] as number[];
      const uf = uNext[f] as number[];
      let sm = 0;
      let su = 0;
      for (let l = 1; l < mf.length; l++) {
        sm += mf[l] as number;
        su += uf[l] as number;
      }
      for (let l = 1; l < mf.length; l++) {
        mf[l] = (mf[l] as number) / sm;
        uf[l] = (uf[l] as number) / su;
        delta = Math.max(delta, Math.abs((mf[l] as number) - ((m[f] as number[])[l] as number)));
      }
    }
    const nextLambda = Math.min(Math.max(total > 0 ? matched / total : 0.5, 1e-6), 1 - 1e-6);
    delta = Math.max(delta, Math.abs(nextLambda - lambda));
    m = mNext;
    u = uNext;
    lambda = nextLambda;
    if (delta < 1e-5) {
      converged = true;
      it++;
      break;
    }
  }
  return { m, u, lambda, iterations: it, converged };
}
