// Pure helpers for the dedupe bench report: hard-negative checks and the results table.
import type { PairwiseResult } from './pairwise.ts';

export interface NegativeCount {
  total: number;
  merged: number;
}

/**
 * For planted hard negatives (pairs of entities that must stay apart), how many the engine put in
 * one cluster (any record of one sharing a cluster with any record of the other).
 */
export function countMergedNegatives(
  truth: ReadonlyMap<string, string>,
  clusterOf: ReadonlyMap<string, string>,
  negatives: readonly (readonly [string, string, string])[],
): Record<string, NegativeCount> {
  const wanted = new Set<string>();
  for (const [a, b] of negatives) {
    wanted.add(a);
    wanted.add(b);
  }
  const clusters = new Map<string, Set<string>>();
  for (const [id, entity] of truth) {
    if (!wanted.has(entity)) continue;
    const cluster = clusterOf.get(id);
    if (cluster === undefined) continue;
    const set = clusters.get(entity) ?? new Set<string>();
    set.add(cluster);
    clusters.set(entity, set);
  }
  const out: Record<string, NegativeCount> = {};
  for (const [a, b, kind] of negatives) {
    const count = out[kind] ?? { total: 0, merged: 0 };
    out[kind] = count;
    count.total++;
    const ca = clusters.get(a);
    const cb = clusters.get(b);
    if (ca !== undefined && cb !== undefined && [...ca].some((c) => cb.has(c))) count.merged++;
  }
  return out;
}

export interface SetResult {
  set: string;
  rows: number;
  score?: PairwiseResult;
  wallSec?: number;
  peakMb?: number;
  /** F1 target, and for the million-row run the time and memory targets. */
  target: { f1?: number; seconds?: number; peakMb?: number };
  met?: boolean;
  error?: string;
  /** The CLI's own --json summary (mapping, blocking, timings), kept for the results file. */
  cli?: Record<string, unknown>;
}

export function judge(r: SetResult): boolean | undefined {
  if (r.error !== undefined || r.score === undefined) return false;
  const checks: boolean[] = [r.score.valid];
  if (r.target.f1 !== undefined) checks.push(r.score.f1 >= r.target.f1);
  if (r.target.seconds !== undefined) checks.push((r.wallSec ?? Infinity) <= r.target.seconds);
  if (r.target.peakMb !== undefined) checks.push((r.peakMb ?? Infinity) <= r.target.peakMb);
  if (checks.length === 1) return undefined;
  return checks.every(Boolean);
}

const HEADER = [
  'set',
  'rows',
  'true pairs',
  'pred pairs',
  'P',
  'R',
  'F1',
  'time s',
  'peak MB',
  'target',
  'met?',
];

export function formatTable(results: readonly SetResult[]): string {
  const rows = results.map((r) => {
    const s = r.score;
    const target = [
      r.target.f1 === undefined ? '' : `F1≥${r.target.f1}`,
      r.target.seconds === undefined ? '' : `≤${r.target.seconds}s`,
      r.target.peakMb === undefined ? '' : `≤${r.target.peakMb / 1024}GB`,
    ]
      .filter(Boolean)
      .join(' ');
    const met = r.met === undefined ? '—' : r.met ? 'yes' : 'NO';
    return [
      r.set,
      String(r.rows),
      s === undefined ? '' : String(s.truePairs),
      s === undefined ? '' : String(s.predictedPairs),
      s === undefined ? '' : s.precision.toFixed(4),
      s === undefined ? '' : s.recall.toFixed(4),
      s === undefined ? '' : s.f1.toFixed(4),
      r.wallSec === undefined ? '' : r.wallSec.toFixed(1),
      r.peakMb === undefined ? '' : r.peakMb.toFixed(0),
      target || '(none)',
      r.error === undefined ? (s?.valid === false ? `${met} INVALID OUTPUT` : met) : `ERROR`,
    ];
  });
  const widths = HEADER.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(HEADER), ...rows.map(line)].join('\n');
}
