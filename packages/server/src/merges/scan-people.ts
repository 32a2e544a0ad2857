import {
  type DedupeInput,
  dedupeRecords,
  explainPair,
  type PairExplanation,
  RecordPreparer,
} from '@mops/core';

// The matcher's part of a database scan, with no IO, so it can run on a worker thread: a scan of
// thousands of people takes seconds of CPU, which must not stall the HTTP requests of the process.

export interface ScanPair {
  /** Indexes into the inputs: the cluster's first member (the oldest: inputs come in creation order) and another. */
  survivor: number;
  member: number;
  evidence: PairExplanation;
}

export interface ScanResult {
  clusters: number;
  pairs: ScanPair[];
}

/**
 * Clusters the people and explains, in every cluster of two or more, each member against the
 * first one. With `focus`, only pairs with a focused (newly arrived) member are explained.
 */
export function scanPeople(inputs: DedupeInput[], focus: boolean[] | null): ScanResult {
  const preparer = new RecordPreparer(Math.max(1024, inputs.length));
  for (const input of inputs) preparer.add(input);
  const prepared = preparer.finish();
  const result = dedupeRecords(prepared);
  const members = new Map<number, number[]>();
  for (let i = 0; i < inputs.length; i++) {
    const c = result.clusterOf[i] as number;
    const list = members.get(c);
    if (list) list.push(i);
    else members.set(c, [i]);
  }
  const pairs: ScanPair[] = [];
  let clusters = 0;
  for (const cluster of members.values()) {
    if (cluster.length < 2) continue;
    clusters += 1;
    const [first, ...others] = cluster as [number, ...number[]];
    for (const other of others) {
      if (focus && !focus[other] && !focus[first]) continue;
      pairs.push({
        survivor: first,
        member: other,
        evidence: explainPair(prepared, result.model, first, other),
      });
    }
  }
  return { clusters, pairs };
}

/** Someone in a found pair, as a thread sends them back. */
export interface PairPerson {
  id: string;
  email: string;
}

/** What a scan found, its pairs named by the people's ids and emails rather than input indexes. */
export interface FoundPairs {
  /** People read, newcomers included. */
  people: number;
  /** In a sweep: the newcomers among them. */
  fresh: number | null;
  clusters: number;
  pairs: { survivor: PairPerson; member: PairPerson; evidence: PairExplanation }[];
}

export function namePairs(rows: readonly PairPerson[], scan: ScanResult, fresh: number | null): FoundPairs {
  const person = (i: number): PairPerson => {
    const row = rows[i] as PairPerson;
    return { id: row.id, email: row.email };
  };
  return {
    people: rows.length,
    fresh,
    clusters: scan.clusters,
    pairs: scan.pairs.map((p) => ({
      survivor: person(p.survivor),
      member: person(p.member),
      evidence: p.evidence,
    })),
  };
}
