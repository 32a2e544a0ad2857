import os from 'node:os';
import {
  blockRecords,
  type ComparedPairs,
  compareCandidates,
  type DedupeOptions,
  type DedupeResult,
  finishDedupe,
  mergeCompared,
  type PreparedRecords,
} from '@mops/core';
import type { CompareJob } from './compare.worker.ts';
import { runInWorker } from './run-in-worker.ts';

// Runs the pure dedupe engine with the pair comparisons (the bulk of the work on big inputs)
// split between this thread and one worker thread per extra core. Blocking, EM and clustering
// stay on this thread. Small inputs skip the workers: starting one costs more than it saves.

const MIN_PAIRS_FOR_WORKERS = 300_000;

const runWorker = (job: CompareJob) =>
  runInWorker<ComparedPairs>(new URL('./compare.worker.ts', import.meta.url), job);

export async function dedupeParallel(
  prep: PreparedRecords,
  options: DedupeOptions & { threads?: number; minPairsForWorkers?: number } = {},
): Promise<DedupeResult> {
  const pairs = blockRecords(prep, { maxBlockSize: options.maxBlockSize });
  const threads = Math.max(1, Math.min(options.threads ?? os.availableParallelism(), 8));
  if (threads === 1 || pairs.count < (options.minPairsForWorkers ?? MIN_PAIRS_FOR_WORKERS))
    return finishDedupe(prep, pairs, compareCandidates(prep, pairs), options);
  // Equal slices; this thread takes the first and works while the workers take the rest.
  const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((pairs.count * k) / threads));
  const jobs = bounds.slice(1, -1).map((from, k) =>
    runWorker({
      prep,
      left: pairs.left.slice(from, bounds[k + 2]),
      right: pairs.right.slice(from, bounds[k + 2]),
    }),
  );
  const mine = compareCandidates(prep, pairs, 0, bounds[1]);
  const theirs = await Promise.all(jobs);
  return finishDedupe(prep, pairs, mergeCompared([mine, ...theirs]), options);
}
