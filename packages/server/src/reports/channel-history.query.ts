import type { ChannelHistory, CompiledPlaybook } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { refreshPersonOrigins } from './person-origins.ts';
import { furthestJoin, furthestStage, originJoin, type ReportPeriod } from './report-sql.ts';

// What each channel (or campaign) produced in a window — spend, leads, MQLs, SQLs, opportunities,
// pipeline, wins and revenue — the history ROI reports and budget plans stand on.
//
// People count where their original touch puts them (the playbook's original-source rule).
// An opportunity counts where its primary contact's original touch puts it (the first contact when
// none is primary): one opportunity, one place, so the rows add up to the totals. Attribution
// models that share credit across touches are the attribution report's job.

export type HistoryDimension = 'channel' | 'campaign';

export interface HistoryRow extends ChannelHistory {
  pipeline: number;
  /** Opportunities created in the window that closed won, and days from their contact's first touch. */
  medianDaysFirstTouchToWon: number | null;
}

export interface ChannelHistoryResult {
  rows: HistoryRow[];
  currency: string;
  excluded: {
    costsInOtherCurrencies: number;
    opportunitiesInOtherCurrencies: number;
    opportunitiesWithoutContacts: number;
  };
}

const NO_TOUCH = '(no touch)';
const NO_CAMPAIGN = '(no campaign)';

/** 1-based positions of the MQL (routing) stage and of sql (or two stages after MQL). */
function stageIndexes(playbook: CompiledPlaybook) {
  const stages = playbook.stages;
  const mqlIndex = stages.indexOf(playbook.source.routing.at_stage) + 1;
  const sqlIndex = stages.includes('sql') ? stages.indexOf('sql') + 1 : mqlIndex + 2;
  return { mqlIndex, sqlIndex };
}

/** The row's key over the original touch `o` (and campaign `c`, joined when campaigns are the rows). */
function keyOf(dimension: HistoryDimension) {
  return {
    key:
      dimension === 'channel'
        ? sql<string>`COALESCE(o.original_channel, ${NO_TOUCH})`
        : sql<string>`COALESCE(c.name, ${NO_CAMPAIGN})`,
    campaignJoin:
      dimension === 'campaign' ? sql`LEFT JOIN campaigns c ON c.id = o.original_campaign_id` : sql``,
  };
}

/** `reached`: people created in the window with their key and the furthest main stage they reached. */
function peopleReachedCte(playbook: CompiledPlaybook, period: ReportPeriod, dimension: HistoryDimension) {
  const { key, campaignJoin } = keyOf(dimension);
  return sql`
    reached AS (
      SELECT p.id, p.email, p.created_at, p.stage, ${key} AS key, ${furthestStage(playbook.stages)} AS reached
        FROM people p ${originJoin} ${campaignJoin} ${furthestJoin(playbook.stages)}
       WHERE p.merged_into IS NULL AND p.created_at >= ${period.since} AND p.created_at < ${period.until}
    )`;
}

export const HISTORY_MEASURES = ['leads', 'mqls', 'sqls', 'opportunities', 'cost'] as const;
export type HistoryMeasure = (typeof HISTORY_MEASURES)[number];

/** The rows behind one cell of the history: the people, opportunities or cost rows it counted. */
export async function channelHistoryRows(
  db: Kysely<DB>,
  playbook: CompiledPlaybook,
  period: ReportPeriod,
  dimension: HistoryDimension,
  cell: { key: string; measure: HistoryMeasure; limit: number },
): Promise<Record<string, string | number | null>[]> {
  await refreshPersonOrigins(db, playbook);
  const { mqlIndex, sqlIndex } = stageIndexes(playbook);
  const { key, campaignJoin } = keyOf(dimension);
  if (cell.measure === 'cost') {
    const rows = await sql<{
      campaign: string;
      period_start: string;
      period_end: string;
      amount: string;
      currency: string;
    }>`
      SELECT c.name AS campaign, cc.period_start::text, cc.period_end::text, cc.amount::text, cc.currency
        FROM campaign_costs cc JOIN campaigns c ON c.id = cc.campaign_id
       WHERE ${dimension === 'channel' ? sql`c.channel` : sql`c.name`} = ${cell.key}
         AND cc.period_start >= ${period.since} AND cc.period_start < ${period.until}
       ORDER BY cc.period_start, c.name LIMIT ${cell.limit}`.execute(db);
    return rows.rows.map((r) => ({ ...r, amount: Number(r.amount) }));
  }
  if (cell.measure === 'opportunities') {
    const rows = await sql<{
      id: string;
      name: string;
      amount: string | null;
      created_at: Date;
      stage: string;
      is_won: boolean;
    }>`
      WITH opps AS (
        SELECT o.*, (SELECT oc.person_id FROM opportunity_contacts oc WHERE oc.opportunity_id = o.id
                      ORDER BY oc.is_primary DESC, oc.person_id LIMIT 1) AS contact
          FROM opportunities o
         WHERE o.created_at >= ${period.since} AND o.created_at < ${period.until}
           AND o.currency = ${playbook.source.workspace.currency}
      )
      SELECT opps.id, opps.name, opps.amount::text, opps.created_at, opps.stage, opps.is_won
        FROM opps JOIN people c0 ON c0.id = opps.contact
        JOIN people p ON p.id = COALESCE(c0.merged_into, c0.id) ${originJoin} ${campaignJoin}
       WHERE ${key} = ${cell.key}
       ORDER BY opps.created_at, opps.id LIMIT ${cell.limit}`.execute(db);
    return rows.rows.map((r) => ({
      opportunity_id: r.id,
      name: r.name,
      amount: r.amount === null ? null : Number(r.amount),
      created_at: r.created_at.toISOString(),
      stage: r.stage,
      won: r.is_won ? 'yes' : 'no',
    }));
  }
  const least = cell.measure === 'leads' ? 0 : cell.measure === 'mqls' ? mqlIndex : sqlIndex;
  const rows = await sql<{ id: string; email: string; created_at: Date; stage: string }>`
    WITH ${peopleReachedCte(playbook, period, dimension)}
    SELECT id, email, created_at, stage FROM reached
     WHERE key = ${cell.key} AND reached >= ${least}
     ORDER BY created_at, id LIMIT ${cell.limit}`.execute(db);
  return rows.rows.map((r) => ({
    person_id: r.id,
    email: r.email,
    created_at: r.created_at.toISOString(),
    stage: r.stage,
  }));
}

export async function channelHistory(
  db: Kysely<DB>,
  playbook: CompiledPlaybook,
  period: ReportPeriod,
  dimension: HistoryDimension,
): Promise<ChannelHistoryResult> {
  await refreshPersonOrigins(db, playbook);
  const currency = playbook.source.workspace.currency;
  const { mqlIndex, sqlIndex } = stageIndexes(playbook);
  const { key, campaignJoin } = keyOf(dimension);

  const peopleQuery = sql<{ key: string; leads: number; mqls: number; sqls: number }>`
    WITH ${peopleReachedCte(playbook, period, dimension)}
    SELECT key, count(*)::int AS leads, count(*) FILTER (WHERE reached >= ${mqlIndex})::int AS mqls,
           count(*) FILTER (WHERE reached >= ${sqlIndex})::int AS sqls
      FROM reached GROUP BY key`;

  const opportunitiesQuery = sql<{
    key: string | null;
    opportunities: number;
    won: number;
    won_revenue: string | null;
    pipeline: string | null;
    median_days_to_close: number | null;
    median_days_first_touch_to_won: number | null;
    other_currency: number;
    no_contact: number;
  }>`
    WITH opps AS (
      SELECT o.id, o.amount, o.is_won, o.created_at, o.closed_at, o.currency,
             (SELECT oc.person_id FROM opportunity_contacts oc WHERE oc.opportunity_id = o.id
               ORDER BY oc.is_primary DESC, oc.person_id LIMIT 1) AS contact
        FROM opportunities o
       WHERE o.created_at >= ${period.since} AND o.created_at < ${period.until}
    ),
    keyed AS (
      SELECT opps.*, CASE WHEN opps.contact IS NULL THEN NULL ELSE ${key} END AS key, o.first_touch_at
        FROM opps
        LEFT JOIN people c0 ON c0.id = opps.contact
        LEFT JOIN people p ON p.id = COALESCE(c0.merged_into, c0.id)
        ${originJoin}
        ${campaignJoin}
    )
    SELECT key,
           count(*) FILTER (WHERE currency = ${currency} AND key IS NOT NULL)::int AS opportunities,
           count(*) FILTER (WHERE currency = ${currency} AND key IS NOT NULL AND is_won)::int AS won,
           sum(amount) FILTER (WHERE currency = ${currency} AND key IS NOT NULL AND is_won)::text AS won_revenue,
           sum(amount) FILTER (WHERE currency = ${currency} AND key IS NOT NULL)::text AS pipeline,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - created_at) / 86400)
             FILTER (WHERE currency = ${currency} AND key IS NOT NULL AND is_won) AS median_days_to_close,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - first_touch_at) / 86400)
             FILTER (WHERE currency = ${currency} AND is_won AND first_touch_at IS NOT NULL) AS median_days_first_touch_to_won,
           count(*) FILTER (WHERE currency <> ${currency})::int AS other_currency,
           count(*) FILTER (WHERE currency = ${currency} AND key IS NULL)::int AS no_contact
      FROM keyed GROUP BY key`;

  const costsQuery = sql<{ key: string; cost: string; other_currency: number }>`
    SELECT ${dimension === 'channel' ? sql`c.channel` : sql`c.name`} AS key,
           COALESCE(sum(cc.amount) FILTER (WHERE cc.currency = ${currency}), 0)::text AS cost,
           count(*) FILTER (WHERE cc.currency <> ${currency})::int AS other_currency
      FROM campaign_costs cc JOIN campaigns c ON c.id = cc.campaign_id
     WHERE cc.period_start >= ${period.since} AND cc.period_start < ${period.until}
     GROUP BY 1`;
  // Three independent counts, on three connections at once.
  const [people, opportunities, costs] = await Promise.all([
    peopleQuery.execute(db),
    opportunitiesQuery.execute(db),
    costsQuery.execute(db),
  ]);

  const rows = new Map<string, HistoryRow>();
  const row = (k: string): HistoryRow => {
    let r = rows.get(k);
    if (!r) {
      r = {
        channel: k,
        cost: 0,
        leads: 0,
        mqls: 0,
        sqls: 0,
        opportunities: 0,
        won: 0,
        wonRevenue: 0,
        pipeline: 0,
        medianDaysToClose: null,
        medianDaysFirstTouchToWon: null,
      };
      rows.set(k, r);
    }
    return r;
  };
  for (const p of people.rows) Object.assign(row(p.key), { leads: p.leads, mqls: p.mqls, sqls: p.sqls });
  const excluded = {
    costsInOtherCurrencies: 0,
    opportunitiesInOtherCurrencies: 0,
    opportunitiesWithoutContacts: 0,
  };
  for (const o of opportunities.rows) {
    excluded.opportunitiesInOtherCurrencies += o.other_currency;
    excluded.opportunitiesWithoutContacts += o.no_contact;
    if (o.key === null) continue;
    Object.assign(row(o.key), {
      opportunities: o.opportunities,
      won: o.won,
      wonRevenue: Number(o.won_revenue ?? 0),
      pipeline: Number(o.pipeline ?? 0),
      medianDaysToClose: o.median_days_to_close === null ? null : Number(o.median_days_to_close),
      medianDaysFirstTouchToWon:
        o.median_days_first_touch_to_won === null ? null : Number(o.median_days_first_touch_to_won),
    });
  }
  for (const c of costs.rows) {
    excluded.costsInOtherCurrencies += c.other_currency;
    row(c.key).cost = Number(c.cost);
  }
  return {
    rows: [...rows.values()].sort(
      (a, b) => b.wonRevenue - a.wonRevenue || b.leads - a.leads || a.channel.localeCompare(b.channel),
    ),
    currency,
    excluded,
  };
}
