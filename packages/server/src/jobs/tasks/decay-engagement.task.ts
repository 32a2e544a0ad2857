import { type CompiledPlaybook, decayEngagement, gradeOf, type LedgerEntry } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { enqueue } from '../queue.ts';
import { oneByOne, type TaskHandler } from '../worker.ts';

const BATCH = 200;
const DAY_MS = 86_400_000;

/**
 * `decay-engagement`: once a day, books half-life decay into the ledger for everyone whose
 * engagement has not been touched for a day, so stored scores (and segments and reports that read
 * them) stay current between events. People busy in another transaction are skipped; their own
 * next event decays them. Re-enqueues itself for the next day.
 */
export function decayEngagementTask(db: Kysely<DB>, currentPlaybook: () => CompiledPlaybook): TaskHandler {
  return oneByOne(async () => {
    const playbook = currentPlaybook();
    if (playbook.engagementHalfLifeMs !== null) {
      for (;;) {
        const done = await db.transaction().execute(async (trx) => {
          const now = new Date();
          const { rows } = await sql<{
            id: string;
            fit_score: number;
            engagement_score: number;
            engagement_decayed_at: Date;
          }>`
            SELECT id, fit_score, engagement_score, engagement_decayed_at FROM people
             WHERE engagement_score <> 0 AND engagement_decayed_at < ${new Date(now.getTime() - DAY_MS)}
             ORDER BY engagement_decayed_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`.execute(trx);
          const entries: (LedgerEntry & { personId: string; grade: string | null })[] = [];
          for (const row of rows) {
            const entry = decayEngagement(row.engagement_score, row.engagement_decayed_at, now, playbook);
            if (entry) {
              const grade = gradeOf(row.fit_score, row.engagement_score + entry.points, playbook);
              entries.push({ ...entry, personId: row.id, grade });
            }
          }
          await sql`
            WITH ledger AS (
              INSERT INTO score_ledger (person_id, model, rule_id, points, reason, inputs, playbook_version_id, created_at)
              SELECT x."personId", x.model, x."ruleId", x.points, x.reason, x.inputs, ${playbook.version.id}, ${now}
                FROM jsonb_to_recordset(${JSON.stringify(entries)}::jsonb)
                  AS x("personId" uuid, model text, "ruleId" text, points numeric, reason text, inputs jsonb)
            )
            UPDATE people p SET engagement_score = p.engagement_score + x.points, grade = x.grade, engagement_decayed_at = ${now},
                   updated_at = ${now}, version = p.version + 1
              FROM jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) AS x("personId" uuid, points numeric, grade text)
             WHERE p.id = x."personId"`.execute(trx);
          // Rows whose decay rounds to zero still count as decayed now, so they leave the sweep.
          await sql`UPDATE people SET engagement_decayed_at = ${now} WHERE id = ANY(${rows.map((r) => r.id)}::uuid[])`.execute(
            trx,
          );
          return rows.length < BATCH;
        });
        if (done) break;
      }
    }
    await db.transaction().execute((trx) => scheduleDecay(trx, new Date(Date.now() + DAY_MS)));
  });
}

export async function scheduleDecay(trx: Parameters<typeof enqueue>[0], runAt: Date): Promise<void> {
  await enqueue(trx, [
    {
      task: 'decay-engagement',
      payload: {},
      runAt,
      uniqueKey: `decay-engagement:${runAt.toISOString().slice(0, 10)}`,
    },
  ]);
}
