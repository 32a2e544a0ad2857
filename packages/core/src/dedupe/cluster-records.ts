// Clustering that does not chain unrelated people through weak edges.
//
// Plain connected components over "match" edges are transitive: A~B and B~C put A and C together
// even when A and C are clearly different people (two colleagues who each resemble a third record
// with a half-filled name). Here edges are merged strongest first, and two clusters join only when
// the merge is net-positive in the correlation-clustering sense: the AVERAGE match probability
// over ALL cross pairs (every member of one cluster against every member of the other, scored on
// demand — not just the pairs blocking happened to compare) must be at least `minAverage`, and no
// cross pair may be a hard conflict (Jr vs Sr, clearly different names …). A single strong edge
// therefore cannot drag a whole cluster along. Average linkage rather than complete linkage keeps
// real clusters with one sloppy record (a lone "jim" among "james smith"s) together.

export interface ClusterOptions {
  /** Edges below this log2-odds weight are not considered at all. */
  minEdgeWeight: number;
  /** Minimum average cross-pair match probability for a merge (0.5 = correlation clustering). */
  minAverage: number;
  /** Cross pairs examined per merge at most (larger merges are judged on a deterministic sample). */
  maxCrossPairs: number;
}

/** Weight (log2 odds) of a pair, or -Infinity for a hard conflict. */
export type PairScorer = (i: number, j: number) => number;

export interface ClusterResult {
  clusterOf: Int32Array;
  clusters: number;
  mergesRejected: number;
}

const probability = (w: number): number => (w === Number.NEGATIVE_INFINITY ? 0 : 1 / (1 + 2 ** -w));

export function clusterRecords(
  n: number,
  edges: { left: Int32Array; right: Int32Array; weight: Float64Array; count: number },
  score: PairScorer,
  options: ClusterOptions,
): ClusterResult {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const members: (number[] | undefined)[] = new Array(n);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) {
      const next = parent[x] as number;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const order = Array.from({ length: edges.count }, (_, k) => k).filter(
    (k) => (edges.weight[k] as number) >= options.minEdgeWeight,
  );
  order.sort((x, y) => (edges.weight[y] as number) - (edges.weight[x] as number));
  let rejected = 0;
  for (const k of order) {
    const a = edges.left[k] as number;
    const b = edges.right[k] as number;
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    const A = members[ra] ?? [ra];
    const B = members[rb] ?? [rb];
    if (A.length > 1 || B.length > 1) {
      const total = A.length * B.length;
      const step = total > options.maxCrossPairs ? total / options.maxCrossPairs : 1;
      let sum = 0;
      let seen = 0;
      let conflict = false;
      for (let t = 0; t < total && !conflict; t += step) {
        const idx = Math.floor(t);
        const x = A[Math.floor(idx / B.length)] as number;
        const y = B[idx % B.length] as number;
        const w = x === a && y === b ? (edges.weight[k] as number) : score(x, y);
        if (w === Number.NEGATIVE_INFINITY) conflict = true;
        sum += probability(w);
        seen++;
      }
      if (conflict || sum / seen < options.minAverage) {
        rejected++;
        continue;
      }
    }
    // Union: the larger member list absorbs the smaller.
    const [big, small, bigList, smallList] = A.length >= B.length ? [ra, rb, A, B] : [rb, ra, B, A];
    parent[small] = big;
    for (const x of smallList) bigList.push(x);
    members[big] = bigList;
    members[small] = undefined;
  }
  const clusterOf = new Int32Array(n);
  const label = new Int32Array(n).fill(-1);
  let clusters = 0;
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (label[r] === -1) label[r] = clusters++;
    clusterOf[i] = label[r] as number;
  }
  return { clusterOf, clusters, mergesRejected: rejected };
}
