import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { newId } from '../ids.ts';
import { scheduleCampaignLinking } from '../jobs/tasks/link-campaign-touches.task.ts';
import { readCampaignInput } from './campaign-input.ts';
import { namingOf, playbookCampaigns, workspaceCurrency } from './campaign-naming.ts';

/**
 * Projects the playbook's `campaigns.registry` into the campaigns table, inside the transaction
 * that applies the playbook (after reps, so owners resolve). Each entry is checked exactly as an
 * API create is — a name that breaks the convention fails the apply with the precise error. A
 * campaign dropped from the registry stays (its costs and touches keep resolving) with
 * `in_playbook = false`; one created over the API earlier is taken over by the playbook entry.
 */
export async function syncPlaybookCampaigns(
  trx: Kysely<DB>,
  source: unknown,
  versionId: number,
  actor: string,
  now: Date,
): Promise<{ synced: number }> {
  const { registry = [] } = playbookCampaigns(source);
  const naming = namingOf(source);
  await sql`UPDATE campaigns SET in_playbook = false WHERE in_playbook`.execute(trx);
  // Touches can only predate a campaign if mops ran under an earlier playbook; on the first apply
  // there is nothing to link.
  const { rows: earlier } = await sql<{ any: boolean }>`
    SELECT EXISTS (SELECT 1 FROM playbook_versions WHERE id <> ${versionId}) AS any`.execute(trx);
  const mayHaveTouches = earlier[0]?.any ?? true;
  const seen = new Map<string, string>();
  for (const [index, entry] of registry.entries()) {
    let input: ReturnType<typeof readCampaignInput>;
    try {
      input = readCampaignInput({ ...entry } as Record<string, unknown>, naming, workspaceCurrency(source));
    } catch (error) {
      if (error instanceof MopsError) {
        throw new MopsError(
          'PLAYBOOK_INVALID',
          `campaigns.registry[${index}]: ${error.message}`,
          error.details,
        );
      }
      throw error;
    }
    if (input.utmCampaign) {
      const previous = seen.get(input.utmCampaign);
      if (previous) {
        throw new MopsError(
          'PLAYBOOK_INVALID',
          `campaigns.registry[${index}] (${input.name}): utm_campaign "${input.utmCampaign}" is already used by ${previous}`,
        );
      }
      seen.set(input.utmCampaign, input.name);
    }
    if (input.owner) {
      const { rows } = await sql`SELECT 1 FROM reps WHERE id = ${input.owner}`.execute(trx);
      if (rows.length === 0) {
        throw new MopsError(
          'PLAYBOOK_INVALID',
          `campaigns.registry[${index}] (${input.name}): owner "${input.owner}" is not one of the playbook's reps`,
        );
      }
    }
    // Another campaign (say, one made over the API) may hold this utm_campaign: free it first,
    // the playbook is the source of truth for its own campaigns.
    await sql`UPDATE campaigns SET utm_campaign = NULL, updated_at = ${now}
               WHERE utm_campaign = ${input.utmCampaign} AND name <> ${input.name}`.execute(trx);
    const { rows: synced } = await sql<{ fresh: boolean }>`
      INSERT INTO campaigns (id, name, utm_campaign, channel, type, owner_rep_id, start_date, end_date, budget,
                             currency, status, source, parts, in_playbook, playbook_version_id, created_by,
                             created_at, updated_at)
      VALUES (${newId(now.getTime())}, ${input.name}, ${input.utmCampaign}, ${input.channel}, ${input.type},
              ${input.owner}, ${input.startDate}, ${input.endDate}, ${input.budget}, ${input.currency},
              ${input.status}, 'playbook', ${JSON.stringify(input.parts)}, true, ${versionId}, ${actor}, ${now}, ${now})
      ON CONFLICT (name) DO UPDATE SET
        utm_campaign = EXCLUDED.utm_campaign, channel = EXCLUDED.channel, type = EXCLUDED.type,
        owner_rep_id = EXCLUDED.owner_rep_id, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
        budget = EXCLUDED.budget, currency = EXCLUDED.currency, status = EXCLUDED.status, source = 'playbook',
        parts = EXCLUDED.parts, in_playbook = true, playbook_version_id = EXCLUDED.playbook_version_id,
        updated_at = EXCLUDED.updated_at
      RETURNING (xmax = 0) AS fresh`.execute(trx);
    // A campaign new to the database may already have touches from links clicked before.
    if (synced[0]?.fresh && mayHaveTouches) await scheduleCampaignLinking(trx, input.utmCampaign);
  }
  return { synced: registry.length };
}
