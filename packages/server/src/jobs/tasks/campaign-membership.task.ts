import type { CompiledPlaybook } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import { findCampaign } from '../../campaigns/campaign.store.ts';
import { recordMembers } from '../../campaigns/campaign-members.store.ts';
import type { Clock } from '../../clock.ts';
import { PREPARE } from '../../db/preparing-client.ts';
import type { DB } from '../../db/schema.ts';
import { oneByOne, PermanentJobError, type TaskHandler } from '../worker.ts';

export const CAMPAIGN_MEMBERSHIP_TASK = 'campaign-membership';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `campaign-membership` ({ personId }): first stitches any of the person's browsers' events that
 * arrived anonymous after the browser was identified; then a known person's touches that carry a campaign make them a
 * member of it — engaged by a visit or click, responded by a form submission — recomputed from the
 * stitched history (every browser, every merged record), so it is right however late a page view
 * was stitched. Status only moves forward; each change is a decision (campaign-members.store.ts).
 * Enqueued by the form path when a submission stitches a browser or names a campaign, and by the
 * tracking ingest for known visitors' campaign touches.
 */
export function campaignMembershipTask(
  db: Kysely<DB>,
  opts: { currentPlaybook: () => CompiledPlaybook; clock: Clock },
): TaskHandler {
  return oneByOne(
    async (job) => {
      const personId = (job.payload as { personId?: unknown }).personId;
      if (typeof personId !== 'string' || !UUID.test(personId)) {
        throw new PermanentJobError('campaign-membership needs { personId }');
      }
      await refreshMembership(db, personId, opts);
      // One job per person at most is pending or running (its unique key), so jobs of a batch never
      // share a person; each is a dozen short round trips, so a few at once keep the database busy.
    },
    { concurrency: 4 },
  );
}

/** Stitches the person's late page views, then records their membership of every campaign they touched. */
export async function refreshMembership(
  db: Kysely<DB>,
  personId: string,
  opts: { currentPlaybook: () => CompiledPlaybook; clock: Clock },
): Promise<void> {
  // Page views the browser sent while its form was being recorded were committed after the
  // form's statement stitched the browser: they arrive anonymous. Stitch them now.
  // Prepared: planning these over every monthly partition of events took ~12 ms each, several
  // times their execution, and a demo or a campaign launch runs thousands of them.
  await sql`${sql.raw(PREPARE)}
      WITH person AS (SELECT COALESCE(merged_into, id) AS id FROM people WHERE id = ${personId}),
      records AS (SELECT id FROM person UNION SELECT p.id FROM people p, person WHERE p.merged_into = person.id)
      UPDATE events SET person_id = v.person_id
        FROM visitors v
       WHERE v.person_id IN (SELECT id FROM records) AND events.visitor_id = v.id AND events.person_id IS NULL`.execute(
    db,
  );
  const { rows } = await sql<{ campaign_id: string; responded: boolean; last_at: Date }>`${sql.raw(PREPARE)}
      WITH person AS (SELECT COALESCE(merged_into, id) AS id FROM people WHERE id = ${personId}),
      records AS (SELECT id FROM person UNION SELECT p.id FROM people p, person WHERE p.merged_into = person.id)
      SELECT campaign_id, bool_or(type = 'form_submit') AS responded, max(occurred_at) AS last_at
        FROM touches WHERE person_id IN (SELECT id FROM records) AND campaign_id IS NOT NULL
       GROUP BY campaign_id ORDER BY campaign_id`.execute(db);
  const survivor = await sql<{ id: string }>`
      SELECT COALESCE(merged_into, id) AS id FROM people WHERE id = ${personId}`.execute(db);
  const memberId = survivor.rows[0]?.id;
  if (!memberId) throw new PermanentJobError(`no person ${personId}`);
  for (const row of rows) {
    const campaign = await findCampaign(db, row.campaign_id);
    if (!campaign) continue;
    await recordMembers(
      db,
      campaign,
      [{ personId: memberId, status: row.responded ? 'responded' : 'engaged', at: row.last_at }],
      { source: 'touches', now: opts.clock(), playbookVersionId: opts.currentPlaybook().version.id },
    );
  }
}
