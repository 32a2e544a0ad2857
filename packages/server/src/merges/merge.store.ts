import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { newId, UUID_PATTERN } from '../ids.ts';

export interface MergeListItem {
  id: string;
  survivor: { id: string; email: string };
  merged: { id: string; email: string };
  probability: number | null;
  actor: string;
  created_at: Date;
  undone_at: Date | null;
}

export async function listMerges(db: Kysely<DB>, limit = 100): Promise<MergeListItem[]> {
  const rows = await db
    .selectFrom('person_merges as m')
    .innerJoin('people as s', 's.id', 'm.survivor_id')
    .innerJoin('people as d', 'd.id', 'm.merged_id')
    .select([
      'm.id',
      's.id as survivor_id',
      's.email as survivor_email',
      'd.id as merged_id',
      'd.email as merged_email',
      'm.probability',
      'm.actor',
      'm.created_at',
      'm.undone_at',
    ])
    .orderBy('m.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    survivor: { id: r.survivor_id, email: r.survivor_email },
    merged: { id: r.merged_id, email: r.merged_email },
    probability: r.probability,
    actor: r.actor,
    created_at: r.created_at,
    undone_at: r.undone_at,
  }));
}

export async function getMerge(db: Kysely<DB>, id: string) {
  const row = UUID_PATTERN.test(id)
    ? await db.selectFrom('person_merges').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row)
    throw new MopsError('MERGE_NOT_FOUND', `no merge ${id.slice(0, 80)}; \`mops merge list\` shows them`);
  return row;
}

export interface ReviewItem {
  id: string;
  a: { id: string; email: string };
  b: { id: string; email: string };
  probability: number;
  evidence: unknown;
  status: string;
  found_by: string;
  created_at: Date;
}

export async function listReviews(
  db: Kysely<DB>,
  status: 'open' | 'merged' | 'rejected' = 'open',
  limit = 100,
) {
  const rows = await db
    .selectFrom('merge_reviews as r')
    .innerJoin('people as a', 'a.id', 'r.person_a')
    .innerJoin('people as b', 'b.id', 'r.person_b')
    .select([
      'r.id',
      'a.id as a_id',
      'a.email as a_email',
      'b.id as b_id',
      'b.email as b_email',
      'r.probability',
      'r.evidence',
      'r.status',
      'r.found_by',
      'r.created_at',
    ])
    .where('r.status', '=', status)
    .orderBy('r.probability', 'desc')
    .limit(limit)
    .execute();
  return rows.map(
    (r): ReviewItem => ({
      id: r.id,
      a: { id: r.a_id, email: r.a_email },
      b: { id: r.b_id, email: r.b_email },
      probability: r.probability,
      evidence: r.evidence,
      status: r.status,
      found_by: r.found_by,
      created_at: r.created_at,
    }),
  );
}

export async function getReview(db: Kysely<DB>, id: string) {
  const row = UUID_PATTERN.test(id)
    ? await db.selectFrom('merge_reviews').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row)
    throw new MopsError(
      'REVIEW_NOT_FOUND',
      `no review ${id.slice(0, 80)}; \`mops merge reviews\` lists them`,
    );
  return row;
}

/**
 * Queues a pair for review unless the pair was already reviewed or queued (a rejected pair is
 * never queued again). Returns true when a new review was created.
 */
export async function queueReview(
  db: Kysely<DB>,
  pair: { a: string; b: string; probability: number; evidence: Record<string, unknown>; foundBy: string },
  now: Date,
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO merge_reviews (id, person_a, person_b, probability, evidence, found_by, created_at)
    VALUES (${newId(now.getTime())}, ${pair.a}, ${pair.b}, ${pair.probability}, ${JSON.stringify(pair.evidence)},
            ${pair.foundBy}, ${now})
    ON CONFLICT (LEAST(person_a, person_b), GREATEST(person_a, person_b)) DO NOTHING
    RETURNING id`.execute(db);
  return rows.length > 0;
}

/** Pairs someone (or an undo) already judged: never merged or queued again automatically. */
export async function judgedPairs(db: Kysely<DB>, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  // One array parameter, not one per id: a whole-database pass asks about more people than a
  // statement can carry parameters (65,535; it failed at 200,000 demo people).
  const { rows } = await sql<{ person_a: string; person_b: string }>`
    SELECT person_a, person_b FROM merge_reviews
     WHERE person_a = ANY(${ids}::uuid[]) OR person_b = ANY(${ids}::uuid[])`.execute(db);
  return new Set(rows.map((r) => pairKey(r.person_a, r.person_b)));
}

export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

export async function rejectReview(db: Kysely<DB>, id: string, actor: string, now: Date): Promise<void> {
  const review = await getReview(db, id);
  if (review.status !== 'open')
    throw new MopsError('MERGE_INVALID', `review ${id} is already ${review.status}`);
  await db
    .updateTable('merge_reviews')
    .set({ status: 'rejected', decided_at: now, decided_by: actor })
    .where('id', '=', id)
    .execute();
}
