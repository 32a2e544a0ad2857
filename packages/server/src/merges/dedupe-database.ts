import type { CompiledPlaybook, DedupeInput } from '@mops/core';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from '../db/schema.ts';
import { runInWorker } from '../dedupe/run-in-worker.ts';
import { MopsError } from '../errors.ts';
import { judgedPairs, pairKey, queueReview } from './merge.store.ts';
import { mergePeople } from './merge-people.ts';
import { type ScanResult, scanPeople } from './scan-people.ts';

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

export interface SweepScope {
  /** People created after this (exclusive) and up to `until` (inclusive) are the newcomers. */
  since: Date;
  until: Date;
  /** Existing people sampled in, so the matcher's weights are estimated on more than the candidates. */
  sample?: number;
}

interface PersonLine {
  id: string;
  fresh?: boolean;
  email: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  email_domain: string | null;
  is_free_mail: boolean | null;
  website: string | null;
  title: string | null;
  phone: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
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
  const rows = opts.scope ? await loadSweep(pool, opts.scope) : await loadEveryone(pool);
  const focus = opts.scope ? new Set(rows.filter((r) => r.fresh).map((r) => r.id)) : null;
  // A sweep that found no newcomer has nothing to compare: no thread, no scan of its sample.
  const scan: ScanResult =
    focus?.size === 0
      ? { clusters: 0, pairs: [] }
      : await scanOffThread(
          rows.map(inputOf),
          focus ? rows.map((r) => focus.has(r.id)) : null,
          opts.scope !== undefined,
        );
  const judged = await judgedPairs(
    db,
    scan.pairs.flatMap((p) => [(rows[p.survivor] as PersonLine).id, (rows[p.member] as PersonLine).id]),
  );
  const summary: DedupeDatabaseSummary = {
    people: rows.length,
    ...(focus ? { people_new: focus.size } : {}),
    clusters_with_duplicates: scan.clusters,
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
  for (const pair of scan.pairs) {
    const survivor = rows[pair.survivor] as PersonLine;
    const member = rows[pair.member] as PersonLine;
    summary.pairs_considered += 1;
    if (judged.has(pairKey(survivor.id, member.id))) {
      summary.already_judged += 1;
      continue;
    }
    const evidence = pair.evidence;
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

const COLUMNS = `id, email, first_name, last_name, company, email_domain, is_free_mail, website, title, phone, city,
  state, country, created_at`;

async function loadEveryone(pool: pg.Pool): Promise<PersonLine[]> {
  const { rows } = await pool.query<PersonLine>(
    `SELECT ${COLUMNS} FROM people WHERE merged_into IS NULL ORDER BY created_at, id`,
  );
  return rows;
}

/**
 * The newcomers, everyone sharing a blocking key with one of them (surname, phone tail — both
 * indexed), and a sample of everyone else: weights estimated on a few thousand records are stable,
 * and the candidates are exactly the people a newcomer could be.
 */
async function loadSweep(pool: pg.Pool, scope: SweepScope): Promise<PersonLine[]> {
  const { rows } = await pool.query<PersonLine>(
    `WITH fresh AS (
       SELECT ${COLUMNS} FROM people
        WHERE merged_into IS NULL AND created_at > $1 AND created_at <= $2),
     -- Per key a newcomer holds, its 51 newest holders: every newcomer meets the 50 newest others
     -- sharing its surname or phone tail. A surname or a switchboard shared by thousands says nothing
     -- on its own (the matcher skips blocks that large anyway), and looking each key up once, not
     -- once per newcomer, keeps a sweep over thousands of namesakes to a few index reads.
     candidates AS (
       SELECT c.id FROM (SELECT DISTINCT lower(last_name) AS k FROM fresh WHERE last_name IS NOT NULL) f
        CROSS JOIN LATERAL (
         SELECT p.id FROM people p
          WHERE lower(p.last_name) = f.k AND p.merged_into IS NULL
          ORDER BY p.created_at DESC LIMIT 51) c
       UNION
       SELECT c.id FROM (SELECT DISTINCT right(regexp_replace(phone, '\\D', '', 'g'), 7) AS k FROM fresh WHERE phone IS NOT NULL) f
        CROSS JOIN LATERAL (
         SELECT p.id FROM people p
          WHERE right(regexp_replace(p.phone, '\\D', '', 'g'), 7) = f.k AND p.merged_into IS NULL AND p.phone IS NOT NULL
          ORDER BY p.created_at DESC LIMIT 51) c),
     sample AS (
       -- Block sampling reads a few pages, not the table; small tables are read whole.
       SELECT id FROM people TABLESAMPLE SYSTEM ($3) REPEATABLE (7) WHERE merged_into IS NULL LIMIT $4)
     SELECT ${COLUMNS}, true AS fresh FROM fresh
     UNION ALL
     SELECT ${COLUMNS}, false FROM people
      WHERE id IN (SELECT id FROM candidates UNION SELECT id FROM sample) AND id NOT IN (SELECT id FROM fresh)
     ORDER BY created_at, id`,
    [scope.since, scope.until, await samplePercent(pool, scope.sample ?? 3000), scope.sample ?? 3000],
  );
  return rows;
}

/** The share of the table's pages to sample for about `wanted` people (all of a small table). */
async function samplePercent(pool: pg.Pool, wanted: number): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    "SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'people'::regclass",
  );
  const estimate = rows[0]?.n ?? 0;
  return estimate <= wanted * 2 ? 100 : Math.max(0.01, Math.min(100, (wanted * 200) / estimate));
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

/**
 * Big scans, and every sweep, run on a worker thread. A sweep runs inside the server, where even a
 * small scan on the main thread holds up every request meanwhile (measured: forms at 300/s waited
 * ~0.5 s while 1,545 newcomers were scanned), so it pays for the thread whatever its size, and
 * the thread runs at the lowest CPU priority. A command's scan (`dedupe --db`, `demo`) is the
 * work the user is waiting for: normal priority.
 */
function scanOffThread(
  inputs: DedupeInput[],
  focus: boolean[] | null,
  isSweep: boolean,
): Promise<ScanResult> {
  if (!isSweep && inputs.length < THREAD_AT) return Promise.resolve(scanPeople(inputs, focus));
  return runInWorker<ScanResult>(new URL('./scan.worker.ts', import.meta.url), {
    inputs,
    focus,
    background: isSweep,
  });
}

function inputOf(row: PersonLine): DedupeInput {
  const input: DedupeInput = { email: row.email };
  const set = (field: keyof DedupeInput, value: string | null) => {
    if (value) input[field] = value;
  };
  set('first_name', row.first_name);
  set('last_name', row.last_name);
  set('company', row.company);
  // A work email's domain says where they work; a free-mail domain says nothing about that.
  set('domain', row.is_free_mail ? row.website : (row.email_domain ?? row.website));
  set('title', row.title);
  set('phone', row.phone);
  set('city', row.city);
  set('state', row.state);
  set('country', row.country);
  return input;
}
