import { type BlockingStats, blockRecords, type CandidatePairs } from './block-records.ts';
import { clusterRecords } from './cluster-records.ts';
import { compareIdentity, compareRest, FIELD_COMPARISONS } from './compare-records.ts';
import { estimateM, estimateU, type FsParameters, type PatternTable } from './estimate-weights.ts';
import { PairIndex } from './pair-index.ts';
import type { PreparedRecords } from './prepare-records.ts';
import { buildModel, hardConflict, type MatchModel, scorePair, weighLevels } from './score-pairs.ts';

// The whole matcher: block → compare → estimate (u from random pairs, m by EM) → score →
// cluster. Pure; the server may run `compareCandidates` on slices of the pairs in worker threads
// and hand the merged pattern table back to `finishDedupe`.

export interface DedupeOptions {
  /** Minimum log2 odds for a pair to be a match edge (0 = probability 0.5). */
  matchWeight?: number;
  /** Minimum average cross-pair probability for two clusters to merge. */
  clusterAverage?: number;
  maxBlockSize?: number;
  uSamples?: number;
  seed?: number;
}

export interface DedupeStats {
  records: number;
  candidatePairs: number;
  matchEdges: number;
  clusters: number;
  mergesRejected: number;
  blocking: BlockingStats[];
  em: { iterations: number; converged: boolean; lambda: number };
}

export interface DedupeResult {
  clusterOf: Int32Array;
  model: MatchModel;
  stats: DedupeStats;
}

/** Comparison patterns of candidate pairs [from, to): interned pattern ids plus the table. */
export interface ComparedPairs {
  patternOf: Int32Array;
  patterns: PatternTable;
}

const F = FIELD_COMPARISONS.length;

export function compareCandidates(
  prep: PreparedRecords,
  pairs: CandidatePairs,
  from = 0,
  to = pairs.count,
): ComparedPairs {
  const levels = new Uint8Array(F);
  const index = new PairIndex();
  const patternLevels: number[] = [];
  const counts: number[] = [];
  const patternOf = new Int32Array(to - from);
  const half = F >> 1;
  const create = () => {
    counts.push(0);
    for (let f = 0; f < F; f++) patternLevels.push(levels[f] as number);
    return counts.length - 1;
  };
  for (let k = from; k < to; k++) {
    const i = pairs.left[k] as number;
    const j = pairs.right[k] as number;
    compareIdentity(prep, i, j, levels);
    // A hard conflict (different people by rule) can never match: the rest of its fields are not
    // compared and it takes no part in EM, which then models the plausible pairs only.
    if (hardConflict(levels) !== null) {
      patternOf[k - from] = -1;
      continue;
    }
    compareRest(prep, i, j, levels);
    // Levels are < 8: three bits each, at most 24 bits per half.
    let h = 0;
    for (let f = 0; f < half; f++) h = (h << 3) | (levels[f] as number);
    let l = 0;
    for (let f = half; f < F; f++) l = (l << 3) | (levels[f] as number);
    const p = index.find(h, l, create);
    counts[p] = (counts[p] as number) + 1;
    patternOf[k - from] = p;
  }
  return {
    patternOf,
    patterns: {
      levels: Uint8Array.from(patternLevels),
      counts: Float64Array.from(counts),
      size: counts.length,
    },
  };
}

/** Merges compared slices (in order) into one pattern table with remapped ids. */
export function mergeCompared(parts: readonly ComparedPairs[]): ComparedPairs {
  if (parts.length === 1) return parts[0] as ComparedPairs;
  const index = new Map<string, number>();
  const levels: number[] = [];
  const counts: number[] = [];
  const total = parts.reduce((s, p) => s + p.patternOf.length, 0);
  const patternOf = new Int32Array(total);
  let offset = 0;
  for (const part of parts) {
    const remap = new Int32Array(part.patterns.size);
    for (let p = 0; p < part.patterns.size; p++) {
      const row = part.patterns.levels.subarray(p * F, p * F + F);
      const key = row.join(',');
      let id = index.get(key);
      if (id === undefined) {
        id = counts.length;
        index.set(key, id);
        counts.push(0);
        for (const l of row) levels.push(l);
      }
      counts[id] = (counts[id] as number) + (part.patterns.counts[p] as number);
      remap[p] = id;
    }
    for (let k = 0; k < part.patternOf.length; k++) {
      const p = part.patternOf[k] as number;
      patternOf[offset + k] = p < 0 ? -1 : (remap[p] as number);
    }
    offset += part.patternOf.length;
  }
  return {
    patternOf,
    patterns: { levels: Uint8Array.from(levels), counts: Float64Array.from(counts), size: counts.length },
  };
}

export function estimateModel(
  prep: PreparedRecords,
  compared: ComparedPairs,
  candidatePairs: number,
  options: DedupeOptions = {},
): MatchModel {
  const u = estimateU(prep, options.uSamples ?? 100_000, options.seed ?? 1);
  const params: FsParameters = estimateM(compared.patterns, u);
  return buildModel(prep, u, params, candidatePairs);
}

/** Scores candidate pairs with the model and clusters the records. */
export function finishDedupe(
  prep: PreparedRecords,
  pairs: CandidatePairs,
  compared: ComparedPairs,
  options: DedupeOptions = {},
): DedupeResult {
  // EM saw only the pairs without a hard conflict: λ is their match share.
  let plausible = 0;
  for (let k = 0; k < compared.patternOf.length; k++) if ((compared.patternOf[k] as number) >= 0) plausible++;
  const model = estimateModel(prep, compared, plausible, options);
  const threshold = options.matchWeight ?? 0;
  const levels = new Uint8Array(F);
  // Edges: only pairs above the threshold are kept, so memory follows matches, not candidates.
  const left: number[] = [];
  const right: number[] = [];
  const weight: number[] = [];
  const patternWeight = new Float64Array(compared.patterns.size);
  for (let p = 0; p < compared.patterns.size; p++) {
    // Upper bound per pattern (TF adjustments add at most TF_CAP per exact field): a quick reject.
    levels.set(compared.patterns.levels.subarray(p * F, p * F + F));
    patternWeight[p] = weighLevels(prep, { ...model, present: model.present.map(() => 0) }, 0, levels);
  }
  const slack = 6 * F;
  for (let k = 0; k < pairs.count; k++) {
    const p = compared.patternOf[k] as number;
    if (p < 0) continue;
    const base = patternWeight[p] as number;
    if (base === Number.NEGATIVE_INFINITY || base + slack < threshold) continue;
    const i = pairs.left[k] as number;
    levels.set(compared.patterns.levels.subarray(p * F, p * F + F));
    const w = weighLevels(prep, model, i, levels);
    if (w >= threshold) {
      left.push(i);
      right.push(pairs.right[k] as number);
      weight.push(w);
    }
  }
  const result = clusterRecords(
    prep.size,
    {
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      weight: Float64Array.from(weight),
      count: left.length,
    },
    (i, j) => scorePair(prep, model, i, j),
    { minEdgeWeight: threshold, minAverage: options.clusterAverage ?? 0.35, maxCrossPairs: 400 },
  );
  return {
    clusterOf: result.clusterOf,
    model,
    stats: {
      records: prep.size,
      candidatePairs: pairs.count,
      matchEdges: left.length,
      clusters: result.clusters,
      mergesRejected: result.mergesRejected,
      blocking: pairs.stats,
      em: {
        iterations: model.parameters.iterations,
        converged: model.parameters.converged,
        lambda: model.parameters.lambda,
      },
    },
  };
}

/** Single-threaded end to end. */
export function dedupeRecords(prep: PreparedRecords, options: DedupeOptions = {}): DedupeResult {
  const pairs = blockRecords(prep, { maxBlockSize: options.maxBlockSize });
  const compared = compareCandidates(prep, pairs);
  return finishDedupe(prep, pairs, compared, options);
}
