import type { CompiledPlaybook } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import { oneByOne, PermanentJobError, type TaskHandler } from '../worker.ts';
import { refreshMemberships } from './campaign-membership.task.ts';

export const LINK_CAMPAIGN_TOUCHES_TASK = 'link-campaign-touches';

/** Asks for the touches that named a campaign before it was registered to be linked to it. */
export async function scheduleCampaignLinking(db: Kysely<DB>, utmCampaign: string | null): Promise<void> {
  if (!utmCampaign) return;
  await sql`
    INSERT INTO jobs (task, payload, unique_key)
    VALUES (${LINK_CAMPAIGN_TOUCHES_TASK}, ${JSON.stringify({ utmCampaign })}, ${`${LINK_CAMPAIGN_TOUCHES_TASK}:${utmCampaign}`})
    ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running') DO NOTHING`.execute(
    db,
  );
}

/**
 * `link-campaign-touches` ({ utmCampaign }): a campaign registered after links to it were already
 * clicked gets those touches — every unlinked event whose normalised utm_campaign names it — and
 * their known people get their membership worked out. One pass over the events (it runs in the
 * background; a campaign is registered once).
 */
export function linkCampaignTouchesTask(
  db: Kysely<DB>,
  opts: { currentPlaybook: () => CompiledPlaybook; clock: Clock },
): TaskHandler {
  return oneByOne(async (job) => {
    const utmCampaign = (job.payload as { utmCampaign?: unknown }).utmCampaign;
    if (typeof utmCampaign !== 'string' || utmCampaign === '') {
      throw new PermanentJobError('link-campaign-touches needs { utmCampaign }');
    }
    const { rows } = await sql<{ person_id: string }>`
      WITH linked AS (
        UPDATE events e SET campaign_id = c.id
          FROM campaigns c
         WHERE c.utm_campaign = ${utmCampaign} AND e.campaign_id IS NULL AND e.utm->>'campaign' = ${utmCampaign}
        RETURNING e.person_id
      )
      SELECT DISTINCT person_id FROM linked WHERE person_id IS NOT NULL ORDER BY person_id`.execute(db);
    // Their membership now, here: a membership job already running for one of them may have read
    // the touches before this link.
    await refreshMemberships(
      db,
      rows.map((row) => row.person_id),
      opts,
    );
  });
}
