import type { CompiledPlaybook } from '@mops/core';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from '../db/schema.ts';
import { runInWorker } from '../dedupe/run-in-worker.ts';
import { MopsError } from '../errors.ts';
import { judgedPairs, pairKey, queueReview } from './merge.store.ts';
import { mergePeople } from './merge-people.ts';
import { inputOf, loadEveryone, type SweepScope } from './people-lines.ts';
import { type FoundPairs, namePairs, type ScanResult, scanPeople } from './scan-people.ts';

export interface DedupeDatabaseSummary {
  people: number;
  /** In a sweep: the newcomers checked. */
  people_new?: number;
  clusters_with_duplicates: number;
  pairs_considered: number;
  merged: number;
  queued_for_review: number;
  below_review: number;
  already_judged: number;
  /** Pairs that changed while the scan ran (merged meanwhile, or judged by someone): left alone. */
  skipped_stale: number;
  dry_run: boolean;
  merges: { survivor: string; merged: string; probability: number; merge_id: string | null }[];
  reviews: { a: string; b: string; probability: number }[];
  seconds: number;
}

/**
 * `mops dedupe --db`: the file-mode matcher over everyone in the database (merged records
 * excluded). In each cluster the oldest record survives; every other member is merged into it
 * when the pair's match probability reaches `auto_merge_above`, queued for review above
 * `review_above`, and left alone below. Pairs someone already judged (a rejected review, an undone
 * merge) are never merged again. `dryRun` reports what would happen and writes nothing.
 */
export async function dedupeDatabase(
  db: Kysely<DB>,
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  opts: { dryRun: boolean; actor: string; now: () => Date; scope?: SweepScope },
): Promise<DedupeDatabaseSummary> {
  const started = performance.now();
  const { auto_merge_above: autoMerge, review_above: review } = playbook.source.hygiene.dedupe;
  const found = opts.scope ? await sweepOffThread(pool, opts.scope) : await scanEveryone(pool);
  const judged = await judgedPairs(
    db,
    found.pairs.flatMap((p) => [p.survivor.id, p.member.id]),
  );
  const summary: DedupeDatabaseSummary = {
    people: found.people,
    ...(found.fresh !== null ? { people_new: found.fresh } : {}),
    clusters_with_duplicates: found.clusters,
    pairs_considered: 0,
    merged: 0,
    queued_for_review: 0,
    below_review: 0,
    already_judged: 0,
    skipped_stale: 0,
    dry_run: opts.dryRun,
    merges: [],
    reviews: [],
    seconds: 0,
  };
  for (const { survivor, member, evidence } of found.pairs) {
    summary.pairs_considered += 1;
    if (judged.has(pairKey(survivor.id, member.id))) {
      summary.already_judged += 1;
      continue;
    }
    const probability = evidence.probability;
    if (probability >= autoMerge) {
      let mergeId: string | null = null;
      if (!opts.dryRun) {
        const outcome = await mergeUnlessStale(
          pool,
          playbook,
          {
            personA: survivor.id,
            personB: member.id,
            probability,
            evidence: evidence as unknown as Record<string, unknown>,
            actor: opts.actor,
            respectJudgement: true,
          },
          opts.now(),
        );
        if (!outcome) {
          summary.skipped_stale += 1;
          continue;
        }
        mergeId = outcome.mergeId;
      }
      summary.merged += 1;
      summary.merges.push({
        survivor: survivor.email,
        merged: member.email,
        probability,
        merge_id: mergeId,
      });
    } else if (probability >= review) {
      if (!opts.dryRun) {
        await queueReview(
          db,
          {
            a: survivor.id,
            b: member.id,
            probability,
            evidence: evidence as unknown as Record<string, unknown>,
            foundBy: opts.actor,
          },
          opts.now(),
        );
      }
      summary.queued_for_review += 1;
      summary.reviews.push({ a: survivor.email, b: member.email, probability });
    } else summary.below_review += 1;
  }
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  return summary;
}

/** A merge whose pair changed since the scan read it (MERGE_INVALID) is skipped, not fatal. */
async function mergeUnlessStale(...args: Parameters<typeof mergePeople>) {
  try {
    return await mergePeople(...args);
  } catch (error) {
    if (error instanceof MopsError && error.code === 'MERGE_INVALID') return null;
    throw error;
  }
}

/** Below this many people a scan takes less time than starting a thread for it. */
const THREAD_AT = 5000;

/** `mops dedupe --db` (and the demo's pass): everyone, scanned on a thread when there are many. */
async function scanEveryone(pool: pg.Pool): Promise<FoundPairs> {
  const rows = await loadEveryone(pool);
  const inputs = rows.map(inputOf);
  const scan =
    inputs.length < THREAD_AT
      ? scanPeople(inputs, null)
      : await runInWorker<ScanResult>(new URL('./scan.worker.ts', import.meta.url), { inputs, focus: null });
  return namePairs(rows, scan, null);
}

/**
 * A sweep runs inside the server: its read and its scan both run on a worker thread at the lowest
 * CPU priority, whatever its size. On the main thread a scan of 1,545 newcomers held up forms at
 * 300/s for ~0.5 s, and parsing the ~10,000 people of a big sweep still showed in their p99.
 */
function sweepOffThread(pool: pg.Pool, scope: SweepScope): Promise<FoundPairs> {
  const connectionString = pool.options.connectionString;
  if (!connectionString)
    throw new Error('the dedupe sweep needs the database pool to have a connection string');
  return runInWorker<FoundPairs>(new URL('./sweep.worker.ts', import.meta.url), { connectionString, scope });
}
