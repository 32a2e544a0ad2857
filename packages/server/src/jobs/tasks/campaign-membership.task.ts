import type { CompiledPlaybook } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import { findCampaign } from '../../campaigns/campaign.store.ts';
import { type MemberInput, recordMembers } from '../../campaigns/campaign-members.store.ts';
import type { Clock } from '../../clock.ts';
import { PREPARE } from '../../db/preparing-client.ts';
import type { DB } from '../../db/schema.ts';
import { UUID_PATTERN } from '../../ids.ts';
import { PermanentJobError, type TaskHandler } from '../worker.ts';

export const CAMPAIGN_MEMBERSHIP_TASK = 'campaign-membership';

interface MembershipOptions {
  currentPlaybook: () => CompiledPlaybook;
  clock: Clock;
}

/**
 * `campaign-membership` ({ personId }): first stitches any of the person's browsers' events that
 * arrived anonymous after the browser was identified; then a known person's touches that carry a
 * campaign make them a member of it — engaged by a visit or click, responded by a form submission —
 * recomputed from the stitched history (every browser, every merged record), so it is right
 * however late a page view was stitched. Status only moves forward; each change is a decision
 * (campaign-members.store.ts). Enqueued by the form path when a submission stitches a browser or
 * names a campaign, and by the tracking ingest for known visitors' campaign touches.
 *
 * A batch of jobs is worked out together (one stitch, one read, one transaction per campaign);
 * if that fails, each person goes again on their own, so one person's problem stays theirs.
 */
export function campaignMembershipTask(db: Kysely<DB>, opts: MembershipOptions): TaskHandler {
  return async (jobs) => {
    const outcomes: (Error | null)[] = jobs.map(() => null);
    const asked: { personId: string; job: number }[] = [];
    for (const [i, job] of jobs.entries()) {
      const personId = (job.payload as { personId?: unknown }).personId;
      if (typeof personId === 'string' && UUID_PATTERN.test(personId))
        asked.push({ personId: personId.toLowerCase(), job: i });
      else outcomes[i] = new PermanentJobError('campaign-membership needs { personId }');
    }
    const settle = (missing: Set<string>, of: typeof asked) => {
      for (const { personId, job } of of) {
        if (missing.has(personId)) outcomes[job] = new PermanentJobError(`no person ${personId}`);
      }
    };
    try {
      settle(
        await refreshMemberships(
          db,
          asked.map((a) => a.personId),
          opts,
        ),
        asked,
      );
    } catch {
      for (const one of asked) {
        try {
          settle(await refreshMemberships(db, [one.personId], opts), [one]);
        } catch (error) {
          outcomes[one.job] = error instanceof Error ? error : new Error(String(error));
        }
      }
    }
    return outcomes;
  };
}

/**
 * Stitches these people's late page views, then records their membership of every campaign they
 * touched. Returns the ids that name nobody. Prepared: planning these over every monthly partition
 * of events took ~12 ms each, several times their execution.
 */
export async function refreshMemberships(
  db: Kysely<DB>,
  personIds: readonly string[],
  opts: MembershipOptions,
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const ids = [...new Set(personIds.map((id) => id.toLowerCase()))];
  // Page views the browser sent while its form was being recorded were committed after the
  // form's statement stitched the browser: they arrive anonymous. Stitch them now.
  await sql`${sql.raw(PREPARE)}
      WITH person AS (SELECT COALESCE(merged_into, id) AS id FROM people WHERE id = ANY(${ids}::uuid[])),
      records AS (SELECT id FROM person UNION SELECT p.id FROM people p JOIN person ON p.merged_into = person.id)
      UPDATE events SET person_id = v.person_id
        FROM visitors v
       WHERE v.person_id IN (SELECT id FROM records) AND events.visitor_id = v.id AND events.person_id IS NULL`.execute(
    db,
  );
  const found = await sql<{ id: string }>`${sql.raw(PREPARE)}
      SELECT id FROM people WHERE id = ANY(${ids}::uuid[])`.execute(db);
  const known = new Set(found.rows.map((r) => r.id));
  // Per survivor and campaign, in (campaign, person) order: concurrent jobs lock members alike.
  const { rows } = await sql<{
    member_id: string;
    campaign_id: string;
    responded: boolean;
    last_at: Date;
  }>`${sql.raw(PREPARE)}
      WITH person AS (SELECT DISTINCT COALESCE(merged_into, id) AS survivor FROM people WHERE id = ANY(${ids}::uuid[])),
      records AS (SELECT survivor, survivor AS id FROM person
                  UNION SELECT person.survivor, p.id FROM people p JOIN person ON p.merged_into = person.survivor)
      SELECT r.survivor AS member_id, t.campaign_id, bool_or(t.type = 'form_submit') AS responded,
             max(t.occurred_at) AS last_at
        FROM records r JOIN touches t ON t.person_id = r.id
       WHERE t.campaign_id IS NOT NULL
       GROUP BY t.campaign_id, r.survivor
       ORDER BY t.campaign_id, r.survivor`.execute(db);
  const byCampaign = Map.groupBy(rows, (row) => row.campaign_id);
  for (const [campaignId, members] of byCampaign) {
    const campaign = await findCampaign(db, campaignId);
    if (!campaign) continue;
    await recordMembers(
      db,
      campaign,
      members.map(
        (row): MemberInput => ({
          personId: row.member_id,
          status: row.responded ? 'responded' : 'engaged',
          at: row.last_at,
        }),
      ),
      { source: 'touches', now: opts.clock(), playbookVersionId: opts.currentPlaybook().version.id },
    );
  }
  return new Set(ids.filter((id) => !known.has(id)));
}
