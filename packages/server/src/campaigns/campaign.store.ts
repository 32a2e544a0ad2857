import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { newId, UUID_PATTERN } from '../ids.ts';
import { scheduleCampaignLinking } from '../jobs/tasks/link-campaign-touches.task.ts';
import type { CampaignInput } from './campaign-input.ts';

export interface CampaignRow {
  id: string;
  name: string;
  utm_campaign: string | null;
  channel: string;
  type: string | null;
  owner_rep_id: string | null;
  start_date: string | null;
  end_date: string | null;
  budget: number | null;
  currency: string;
  status: string;
  source: string;
  parts: Record<string, string>;
  in_playbook: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

// Dates as text: a `date` is a calendar day, and pg would turn it into a local-midnight Date.
export const CAMPAIGN_COLUMNS = sql.raw(`id, name, utm_campaign, channel, type, owner_rep_id,
  start_date::text AS start_date, end_date::text AS end_date, budget, currency, status, source, parts,
  in_playbook, created_by, created_at, updated_at`);

export interface CampaignWriteContext {
  source: 'playbook' | 'api' | 'cli';
  actor: string;
  now: Date;
  playbookVersionId: number | null;
}

/** Stores a new campaign. A taken name or utm_campaign is CAMPAIGN_EXISTS (409), saying which. */
export async function createCampaign(
  db: Kysely<DB>,
  input: CampaignInput,
  ctx: CampaignWriteContext,
): Promise<CampaignRow> {
  await checkOwner(db, input.owner);
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<CampaignRow>`
      INSERT INTO campaigns (id, name, utm_campaign, channel, type, owner_rep_id, start_date, end_date, budget,
                             currency, status, source, parts, in_playbook, playbook_version_id, created_by,
                             created_at, updated_at)
      VALUES (${newId(ctx.now.getTime())}, ${input.name}, ${input.utmCampaign}, ${input.channel}, ${input.type},
              ${input.owner}, ${input.startDate}, ${input.endDate}, ${input.budget}, ${input.currency},
              ${input.status}, ${ctx.source}, ${JSON.stringify(input.parts)}, false, ${ctx.playbookVersionId},
              ${ctx.actor}, ${ctx.now}, ${ctx.now})
      ON CONFLICT DO NOTHING
      RETURNING ${CAMPAIGN_COLUMNS}`.execute(trx);
    const row = rows[0];
    if (!row) throw await conflict(trx, input);
    // Links clicked before the campaign existed: their touches are linked in the background.
    await scheduleCampaignLinking(trx, row.utm_campaign);
    await sql`INSERT INTO audit_log (actor, action, target, details)
              VALUES (${ctx.actor}, 'campaign.create', ${row.id}, ${JSON.stringify({ name: row.name, source: ctx.source })})`.execute(
      trx,
    );
    return row;
  });
}

async function conflict(db: Kysely<DB>, input: CampaignInput): Promise<MopsError> {
  const { rows } = await sql<{ name: string; utm_campaign: string | null }>`
    SELECT name, utm_campaign FROM campaigns WHERE name = ${input.name} OR utm_campaign = ${input.utmCampaign}`.execute(
    db,
  );
  const same = rows.find((r) => r.name === input.name);
  if (same) return new MopsError('CAMPAIGN_EXISTS', `a campaign named "${input.name}" already exists`);
  const other = rows[0];
  return new MopsError(
    'CAMPAIGN_EXISTS',
    `utm_campaign "${input.utmCampaign}" already belongs to campaign "${other?.name ?? '?'}"; links can point at one campaign only`,
  );
}

export async function checkOwner(db: Kysely<DB>, owner: string | null): Promise<void> {
  if (!owner) return;
  const { rows } = await sql<{ id: string }>`SELECT id FROM reps WHERE id = ${owner}`.execute(db);
  if (rows.length === 0) {
    throw new MopsError('VALIDATION_FAILED', `owner "${owner.slice(0, 80)}" is not a rep of the playbook`, [
      { path: 'owner', code: 'UNKNOWN_REP', message: `no rep with id "${owner.slice(0, 80)}"` },
    ]);
  }
}

/** A campaign by id or by name (the CLI takes either; so does the API). */
export async function findCampaign(db: Kysely<DB>, idOrName: string): Promise<CampaignRow | null> {
  const byId = UUID_PATTERN.test(idOrName);
  const { rows } = await sql<CampaignRow>`
    SELECT ${CAMPAIGN_COLUMNS} FROM campaigns
     WHERE ${byId ? sql`id = ${idOrName.toLowerCase()}::uuid` : sql`name = ${idOrName}`}`.execute(db);
  return rows[0] ?? null;
}

export async function getCampaign(db: Kysely<DB>, idOrName: string): Promise<CampaignRow> {
  const row = await findCampaign(db, idOrName);
  if (!row) {
    throw new MopsError(
      'CAMPAIGN_NOT_FOUND',
      `no campaign "${idOrName.slice(0, 200)}" (by id or name); \`mops campaign list\` shows them`,
    );
  }
  return row;
}

export async function listCampaigns(
  db: Kysely<DB>,
  filters: { status?: string; channel?: string; limit?: number } = {},
): Promise<CampaignRow[]> {
  const { rows } = await sql<CampaignRow>`
    SELECT ${CAMPAIGN_COLUMNS} FROM campaigns
     WHERE (${filters.status ?? null}::text IS NULL OR status = ${filters.status ?? null})
       AND (${filters.channel ?? null}::text IS NULL OR channel = ${filters.channel ?? null})
     ORDER BY start_date DESC NULLS LAST, name
     LIMIT ${filters.limit ?? 500}`.execute(db);
  return rows;
}

export interface CampaignDetail {
  campaign: CampaignRow;
  members: { targeted: number; engaged: number; responded: number; total: number };
  costs: {
    period_start: string;
    period_end: string;
    amount: number;
    currency: string;
    source: string;
    note: string | null;
    updated_at: Date;
  }[];
  totals: { cost: number; budget: number | null; budget_remaining: number | null; currency: string };
}

/** A campaign with its members by status, its costs by period and the totals against its budget. */
export async function campaignDetail(db: Kysely<DB>, idOrName: string): Promise<CampaignDetail> {
  const campaign = await getCampaign(db, idOrName);
  // Counted per person as they are now: a member merged into another member is one person, at
  // the further of the two statuses (merges repoint chains, so one hop reaches the survivor).
  const members = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM (
      SELECT DISTINCT ON (COALESCE(p.merged_into, p.id)) m.status
        FROM campaign_members m JOIN people p ON p.id = m.person_id
       WHERE m.campaign_id = ${campaign.id}
       ORDER BY COALESCE(p.merged_into, p.id),
                CASE m.status WHEN 'responded' THEN 2 WHEN 'engaged' THEN 1 ELSE 0 END DESC
    ) AS people GROUP BY status`.execute(db);
  const costs = await sql<CampaignDetail['costs'][number]>`
    SELECT period_start::text AS period_start, period_end::text AS period_end, amount, currency, source, note, updated_at
      FROM campaign_costs WHERE campaign_id = ${campaign.id} ORDER BY period_start, period_end`.execute(db);
  const count = (status: string) => members.rows.find((r) => r.status === status)?.n ?? 0;
  // Costs are stored in the campaign's currency (others are refused), so they add up.
  const cost = Math.round(costs.rows.reduce((sum, c) => sum + c.amount * 100, 0)) / 100;
  return {
    campaign,
    members: {
      targeted: count('targeted'),
      engaged: count('engaged'),
      responded: count('responded'),
      total: members.rows.reduce((sum, r) => sum + r.n, 0),
    },
    costs: costs.rows,
    totals: {
      cost,
      budget: campaign.budget,
      budget_remaining: campaign.budget === null ? null : Math.round((campaign.budget - cost) * 100) / 100,
      currency: campaign.currency,
    },
  };
}
