// Pairwise precision / recall / F1 of a clustering against ground truth, from the contingency
// table of (entity, cluster) counts — never by listing pairs, which for a million rows can run to
// millions. A pair is a true positive when both records share an entity and a predicted cluster.

export interface PairwiseResult {
  /** Records in the truth. */
  records: number;
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Truth ids the output did not list; scored as singletons (the contract lists every row). */
  missing: number;
  /** Ids listed more than once (the first listing is scored). */
  duplicated: number;
  /** Ids in the output that are not in the input. */
  unknown: number;
  /** False when the output broke the contract: not exactly the input ids, each once. */
  valid: boolean;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * truth: record id → entity; predicted: [record id, cluster id] as the engine listed them.
 */
export function scorePairwise(
  truth: ReadonlyMap<string, string>,
  predicted: Iterable<readonly [string, string]>,
): PairwiseResult {
  const clusterOf = new Map<string, string>();
  let duplicated = 0;
  let unknown = 0;
  for (const [id, cluster] of predicted) {
    if (!truth.has(id)) {
      unknown++;
      continue;
    }
    if (clusterOf.has(id)) {
      duplicated++;
      continue;
    }
    clusterOf.set(id, cluster);
  }
  const entitySizes = new Map<string, number>();
  const clusterSizes = new Map<string, number>();
  const cellSizes = new Map<string, number>();
  let missing = 0;
  for (const [id, entity] of truth) {
    entitySizes.set(entity, (entitySizes.get(entity) ?? 0) + 1);
    const cluster = clusterOf.get(id);
    if (cluster === undefined) {
      // A record the engine left out is alone in its own cluster: it can only cost recall.
      missing++;
      continue;
    }
    clusterSizes.set(cluster, (clusterSizes.get(cluster) ?? 0) + 1);
    // NUL cannot occur in CSV ids we read, so it keeps the cell key unambiguous.
    const cell = `${entity}\u0000${cluster}`;
    cellSizes.set(cell, (cellSizes.get(cell) ?? 0) + 1);
  }
  const sum = (m: Map<string, number>) => {
    let total = 0;
    for (const n of m.values()) total += pairs(n);
    return total;
  };
  const truePairs = sum(entitySizes);
  const predictedPairs = sum(clusterSizes);
  const truePositives = sum(cellSizes);
  // No predicted pairs means no wrong merges: precision 1 by convention (recall then says it all).
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    records: truth.size,
    truePairs,
    predictedPairs,
    truePositives,
    precision,
    recall,
    f1,
    missing,
    duplicated,
    unknown,
    valid: missing === 0 && duplicated === 0 && unknown === 0,
  };
}
