// Worker thread: compares one slice of the candidate pairs (the core stays pure; this file is
// the only place that knows about threads). Receives the prepared columns and the pair slice,
// answers with the slice's pattern ids and pattern table.
import { parentPort, workerData } from 'node:worker_threads';
import { type CandidatePairs, compareCandidates, type PreparedRecords } from '@mops/core';

export interface CompareJob {
  prep: PreparedRecords;
  left: Int32Array;
  right: Int32Array;
}

const job = workerData as CompareJob;
const pairs: CandidatePairs = { count: job.left.length, left: job.left, right: job.right, stats: [] };
const compared = compareCandidates(job.prep, pairs);
parentPort?.postMessage(compared, [
  compared.patternOf.buffer as ArrayBuffer,
  compared.patterns.levels.buffer as ArrayBuffer,
  compared.patterns.counts.buffer as ArrayBuffer,
]);
