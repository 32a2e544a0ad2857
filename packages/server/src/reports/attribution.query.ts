import type { CompiledPlaybook } from '@mops/core';
import {
  type AttributeOptions,
  type AttributionDimension,
  type AttributionLevel,
  type AttributionModel,
  type AttributionSettings,
  attribute,
  attributionSettings,
  buildJourneyPathSet,
  buildJourneys,
  type ConversionKind,
  type ConversionRow,
  creditByJourney,
  isAttributionModel,
  type Journey,
  type JourneyIndexEntry,
  type TouchRow,
} from '@mops/core/attribution';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { refreshPersonOrigins } from './person-origins.ts';

// The database mode of attribution: journeys from the touches and opportunities mops stores, run
// through the same models as a path file (docs/attribution.md). A journey belongs to a person or an
// account (the playbook's `attribution.level`); merged-away people are read as their survivor, since
// a merge leaves their events on the tombstone. Identified touches are read from their narrow
// projection, `journey_touches` (migration 0014, refreshed first from the change log), once,
// ordered by key and time, so memory grows with the touches of the window and nothing else.

export interface AttributionParams {
  model?: AttributionModel;
  since: Date;
  until: Date;
  level?: AttributionLevel;
  dimension?: AttributionDimension;
  lookbackMs?: number;
  /** markov */
  order?: number;
  /** markov: count journeys that did not convert */
  nulls?: boolean;
  /** ISO 4217; default the workspace currency */
  currency?: string;
}

export interface AttributionRow {
  /** the channel or the campaign name */
  key: string;
  conversions: number;
  value: number;
  share_of_value: number;
  /** markov only */
  removal_effect?: number;
}

export interface AttributionExclusions {
  /** converting opportunities with no touch of their person/account in the lookback window */
  opportunities_without_touches: number;
  /** up to 100 of them, to look at */
  opportunity_ids_without_touches: string[];
  /** converting opportunities in another currency than the report's */
  currency_mismatch: number;
  /** converting opportunities with no account (account level) or no contact (person level) */
  opportunities_without_key: number;
  /** converting opportunities with no amount: they count as conversions worth 0 */
  opportunities_without_amount: number;
  /** touches after their key's last conversion: they cannot have caused it */
  touches_after_conversion: number;
  /** touches of a converting key older than the lookback window */
  touches_before_lookback: number;
  /** touches of visitors who never identified: no person, so no journey */
  anonymous_touches: number;
  /** touches of people without an account (account level only) */
  touches_without_account: number;
}

export interface AttributionReport {
  model: AttributionModel;
  level: AttributionLevel;
  dimension: AttributionDimension;
  window: { since: Date; until: Date };
  settings: {
    conversion: ConversionKind;
    lookback_ms: number;
    touch_types: string[] | null;
    half_life_ms: number;
    markov: { order: number; nulls: boolean };
  };
  totals: { conversions: number; value: number; nulls: number; currency: string };
  rows: AttributionRow[];
  excluded: AttributionExclusions;
  /** what is counted, in plain words */
  denominators: string[];
}

export interface AttributionDrillRow {
  opportunity_id: string;
  name: string;
  amount: number | null;
  closed_at: Date | null;
  created_at: Date;
  /** the conversions and value this opportunity's journey gives the row's key under the model */
  credit: { conversions: number; value: number };
}

interface Resolved {
  model: AttributionModel;
  level: AttributionLevel;
  dimension: AttributionDimension;
  conversion: ConversionKind;
  lookbackMs: number;
  touchTypes: string[] | null;
  halfLifeMs: number;
  order: number;
  nulls: boolean;
  currency: string;
}

/** What no journey holds, counted over the window's touches (see `leftQuery`). */
interface LeftOut {
  anonymous: number;
  without_account: number;
  n: number;
  keys: string[] | null;
}

interface Loaded {
  /** Keys with touches and no conversion, when they were counted rather than read (not markov). */
  nullKeys?: number;
  /** Every channel (or campaign) touched in the window, read or not. */
  touchedKeys: string[];
  journeys: Journey[];
  index: JourneyIndexEntry[];
  excluded: AttributionExclusions;
  options: AttributeOptions;
}

/** Credit per channel (or campaign) for the opportunities that converted in the window. */
export async function attributionReport(
  db: Kysely<DB>,
  playbook: CompiledPlaybook,
  params: AttributionParams,
  /**
   * `countLeftOut: false` (ROI, which only needs the credit): skip the pass over every touch of
   * the window that counts what no journey holds — the `excluded` touch counts stay 0, the
   * non-converting journeys are not counted, and keys without credit are not listed.
   */
  options: { countLeftOut?: boolean } = {},
): Promise<AttributionReport> {
  const r = resolve(playbook, params);
  await refreshPersonOrigins(db, playbook);
  const loaded = await loadJourneys(db, r, params, options.countLeftOut ?? true);
  const report: AttributionReport = {
    model: r.model,
    level: r.level,
    dimension: r.dimension,
    window: { since: params.since, until: params.until },
    settings: {
      conversion: r.conversion,
      lookback_ms: r.lookbackMs,
      touch_types: r.touchTypes,
      half_life_ms: r.halfLifeMs,
      markov: { order: r.order, nulls: r.nulls },
    },
    totals: { conversions: 0, value: 0, nulls: 0, currency: r.currency },
    rows: [],
    excluded: loaded.excluded,
    denominators: [],
  };
  const paths = buildJourneyPathSet(loaded.journeys);
  const hasConversion = loaded.journeys.some((j) => j.conversions > 0);
  if (hasConversion) {
    const result = attribute(paths, loaded.options);
    if (!result.ok) throw MopsError.from(result.error);
    const a = result.value;
    report.totals = { ...a.totals, nulls: loaded.nullKeys ?? a.totals.nulls, currency: r.currency };
    report.rows = a.channels
      .map((key, c) => ({
        key,
        conversions: a.conversions[c]!,
        value: a.value[c]!,
        share_of_value: a.totals.value > 0 ? a.value[c]! / a.totals.value : 0,
        ...(a.removalEffect ? { removal_effect: a.removalEffect[c]! } : {}),
      }))
      .concat(
        loaded.touchedKeys
          .filter((key) => !a.channels.includes(key))
          .map((key) => ({
            key,
            conversions: 0,
            value: 0,
            share_of_value: 0,
            ...(a.removalEffect ? { removal_effect: 0 } : {}),
          })),
      )
      // Ties within rounding noise (0.3 × 10 000 is not exactly 3 000) are ordered by name.
      .sort(
        (x, y) =>
          byMagnitude(y.value, x.value) ||
          byMagnitude(y.conversions, x.conversions) ||
          x.key.localeCompare(y.key),
      );
  } else {
    report.totals.nulls = loaded.nullKeys ?? loaded.journeys.reduce((sum, j) => sum + (j.nulls ?? 0), 0);
  }
  report.denominators = denominators(r, params, loaded, report);
  return report;
}

/**
 * The opportunities behind one row of the report (drill-down), most credit first: each with the
 * conversions and value its journey gives `key` under the model. Markov has no credit per journey.
 */
export async function attributionRows(
  db: Kysely<DB>,
  playbook: CompiledPlaybook,
  params: AttributionParams,
  key: string,
  limit: number,
): Promise<AttributionDrillRow[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new MopsError('INVALID_QUERY', `limit must be a whole number of at least 1, got ${limit}`);
  }
  const r = resolve(playbook, params);
  if (r.model === 'markov') {
    // Refuse before reading anything: the answer would be the same after reading everything.
    const refused = creditByJourney([], key, { model: 'markov' });
    if (!refused.ok) throw MopsError.from(refused.error);
  }
  await refreshPersonOrigins(db, playbook);
  // The drill-down needs the converting journeys only, not the counts of what no journey holds.
  const loaded = await loadJourneys(db, r, params, false);
  const credits = creditByJourney(loaded.journeys, key, loaded.options);
  if (!credits.ok) throw MopsError.from(credits.error);
  const top = credits.value
    .sort((x, y) => y.value - x.value || y.conversions - x.conversions)
    .slice(0, limit);
  const ids = top.map((c) => loaded.index[c.journey]!.opportunityId!);
  if (ids.length === 0) return [];
  const opportunities = await sql<{
    id: string;
    name: string;
    amount: number | null;
    closed_at: Date | null;
    created_at: Date;
  }>`SELECT id, name, amount::float8 AS amount, closed_at, created_at FROM opportunities WHERE id = ANY(${ids}::uuid[])`.execute(
    db,
  );
  const byId = new Map(opportunities.rows.map((o) => [o.id, o]));
  return top.map((c, i) => {
    const o = byId.get(ids[i]!)!;
    return {
      opportunity_id: o.id,
      name: o.name,
      amount: o.amount,
      closed_at: o.closed_at,
      created_at: o.created_at,
      credit: { conversions: c.conversions, value: c.value },
    };
  });
}

function resolve(playbook: CompiledPlaybook, params: AttributionParams): Resolved {
  const s: AttributionSettings = attributionSettings(playbook.source);
  const model = params.model ?? s.defaultModel;
  if (!isAttributionModel(model)) {
    throw new MopsError(
      'INVALID_QUERY',
      `model must be one of the attribution models, got "${String(model)}"`,
    );
  }
  if (
    !(params.since instanceof Date) ||
    !(params.until instanceof Date) ||
    Number.isNaN(params.since.getTime())
  ) {
    throw new MopsError('INVALID_QUERY', 'since and until must be dates');
  }
  if (params.until.getTime() < params.since.getTime()) {
    throw new MopsError(
      'INVALID_QUERY',
      `the window ends (${params.until.toISOString()}) before it starts (${params.since.toISOString()})`,
    );
  }
  const lookbackMs = params.lookbackMs ?? s.lookbackMs;
  if (!(lookbackMs >= 0) || !Number.isFinite(lookbackMs)) {
    throw new MopsError('INVALID_QUERY', `the lookback must be a positive duration, got ${lookbackMs} ms`);
  }
  const currency = (params.currency ?? playbook.source.workspace.currency ?? 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new MopsError('INVALID_QUERY', `currency must be an ISO 4217 code such as USD, got "${currency}"`);
  }
  return {
    model,
    level: params.level ?? s.level,
    dimension: params.dimension ?? s.dimension,
    conversion: s.conversion,
    lookbackMs,
    touchTypes: s.touchTypes,
    halfLifeMs: s.halfLifeMs,
    order: params.order ?? s.markov.order,
    nulls: params.nulls ?? s.markov.nulls,
    currency,
  };
}

async function loadJourneys(
  db: Kysely<DB>,
  r: Resolved,
  params: AttributionParams,
  countLeftOut = true,
): Promise<Loaded> {
  const { since, until } = params;
  const from = new Date(since.getTime() - r.lookbackMs);
  const account = r.level === 'account';
  const convertedAt = r.conversion === 'won' ? sql`o.closed_at` : sql`o.created_at`;
  const converting = r.conversion === 'won' ? sql`o.is_won AND o.closed_at IS NOT NULL AND` : sql``;
  // The opportunity's contact: its primary one, else the first; read as the survivor of a merge.
  const opportunitiesQuery = sql<{
    id: string;
    key: string | null;
    created_at: Date;
    closed_at: Date | null;
    is_won: boolean;
    amount: number | null;
    currency: string;
    lead_created_at: Date | null;
  }>`
    WITH opp AS (
      SELECT o.id, o.account_id, o.created_at, o.closed_at, o.is_won, o.amount::float8 AS amount, o.currency,
             (SELECT COALESCE(p.merged_into, p.id) FROM opportunity_contacts oc JOIN people p ON p.id = oc.person_id
               WHERE oc.opportunity_id = o.id ORDER BY oc.is_primary DESC, oc.person_id LIMIT 1) AS contact_id,
             (SELECT min(p.created_at) FROM opportunity_contacts oc JOIN people p ON p.id = oc.person_id
               WHERE oc.opportunity_id = o.id) AS first_contact_at
        FROM opportunities o
       WHERE ${converting} ${convertedAt} >= ${since} AND ${convertedAt} < ${until}
    ), keyed AS (
      SELECT opp.*, ${account ? sql`COALESCE(opp.account_id, s.account_id)` : sql`opp.contact_id`} AS key
        FROM opp LEFT JOIN people s ON s.id = opp.contact_id
    )
    SELECT id, key::text, created_at, closed_at, is_won, amount, currency,
           ${
             account
               ? sql`COALESCE(first_contact_at, (SELECT min(created_at) FROM people WHERE account_id = keyed.key))`
               : sql`(SELECT min(created_at) FROM people WHERE id = keyed.key OR merged_into = keyed.key)`
           } AS lead_created_at
      FROM keyed ORDER BY key, id`.execute(db);

  const types = r.touchTypes ? sql`AND t.type = ANY(${r.touchTypes}::text[])` : sql``;
  const inWindow = sql`t.occurred_at >= ${from} AND t.occurred_at < ${until} ${types}`;
  const credited =
    r.dimension === 'campaign'
      ? sql`COALESCE(c.name, '(no campaign)')`
      : sql`COALESCE(t.channel, c.channel, 'unassigned')`;
  const keyOf = account ? sql`s.account_id` : sql`s.id`;
  // The window's identified touches with their survivor `s` (a merge leaves events on the
  // tombstone `p`) and campaign `c`: what `keyOf` and `credited` read.
  const identifiedTouches = sql`journey_touches t
      JOIN people p ON p.id = t.person_id
      JOIN people s ON s.id = COALESCE(p.merged_into, p.id)
      LEFT JOIN campaigns c ON c.id = t.campaign_id`;
  // The converting keys' touches, every one: the journeys the models credit.
  const touchesOf = (keys: string[]) =>
    sql<{
      key: string;
      /** occurred_at in epoch milliseconds: a number parses far cheaper than a timestamp, row by row. */
      at_ms: number;
      channel: string;
      type: string;
      event_id: string;
      person_id: string;
    }>`
    SELECT ${keyOf}::text AS key, floor(extract(epoch FROM t.occurred_at) * 1000)::float8 AS at_ms, ${credited} AS channel,
           t.type, t.event_id, s.id AS person_id
      FROM ${identifiedTouches}
     WHERE ${inWindow} AND ${keyOf} = ANY(${keys}::uuid[])
     ORDER BY 1, t.occurred_at, t.event_id`.execute(db);
  // Touches of visitors who never identified: no join needed to count them. Read after the
  // projection's refresh, so a browser stitched in between is in neither count for this one run.
  // (Touches naming a person id that people does not hold, which nothing writes, are in neither.)
  const countAnonymous = () =>
    sql<{ anonymous: number }>`
    SELECT count(*)::int AS anonymous FROM touches t WHERE ${inWindow} AND t.person_id IS NULL`.execute(db);
  // What no journey holds when only the converting keys' touches are read, counted in one pass over
  // the window's identified touches (two passes, one per question, cost 40 % more at 2 million
  // touches): touches of people without an account, and the keys and channels of the journeys
  // that did not convert. The touches are first grouped by key and channel (a hash aggregate, a
  // few rows per key) and only those groups are matched against the converting keys:
  // count(DISTINCT …) over the touches themselves sorted all of them, and checking each touch
  // against the array of converting keys cost a search per touch (1.9–2.1 s against 2.3–3.2 s
  // at 2 million touches). Anonymous touches are counted apart (countAnonymous), at the same time.
  const leftQuery = (convertingKeys: string[]) =>
    sql<Omit<LeftOut, 'anonymous'>>`
    WITH grouped AS (
      SELECT ${keyOf} AS key, ${credited} AS channel,
             count(*) FILTER (WHERE s.account_id IS NULL) AS without_account
        FROM ${identifiedTouches}
       WHERE ${inWindow}
       GROUP BY 1, 2
    ), converting AS (
      SELECT DISTINCT key FROM unnest(${convertingKeys}::uuid[]) AS k(key)
    )
    SELECT COALESCE(sum(g.without_account), 0)::int AS without_account,
           count(DISTINCT g.key) FILTER (WHERE g.key IS NOT NULL AND v.key IS NULL)::int AS n,
           array_agg(DISTINCT g.channel) FILTER (WHERE g.key IS NOT NULL AND v.key IS NULL) AS keys
      FROM grouped g LEFT JOIN converting v ON v.key = g.key`.execute(db);
  // The journeys that did not convert, for markov with nulls, as their distinct paths: Markov
  // states collapse consecutive repeats, so a journey is its sequence of channel changes, and
  // journeys with the same sequence are one path weighing as many nulls. PostgreSQL builds them
  // from the window's identified touches instead of sending every touch (891,000 at 100,000
  // people) to be grouped here. The touches without a key (people without an account, at account
  // level) come back as the one row without a path.
  const nullPathsQuery = (convertingKeys: string[]) =>
    sql<{ path: string[] | null; keys: number; touches: number }>`
    WITH converting AS (SELECT DISTINCT key FROM unnest(${convertingKeys}::uuid[]) AS k(key)),
    steps AS (
      SELECT ${keyOf} AS key, ${credited} AS channel, t.occurred_at, t.event_id
        FROM ${identifiedTouches}
       WHERE ${inWindow} AND NOT EXISTS (SELECT 1 FROM converting v WHERE v.key = ${keyOf})
    ),
    marked AS (
      SELECT key, channel, occurred_at, event_id,
             channel IS DISTINCT FROM lag(channel) OVER (PARTITION BY key ORDER BY occurred_at, event_id) AS starts
        FROM steps
    ),
    paths AS (
      SELECT key, count(*) AS touches,
             array_agg(channel ORDER BY occurred_at, event_id) FILTER (WHERE starts AND key IS NOT NULL) AS path
        FROM marked GROUP BY key
    )
    SELECT path, count(*)::int AS keys, sum(touches)::int AS touches FROM paths GROUP BY path ORDER BY path`.execute(
      db,
    );
  // Every model reads the converting keys' touches. Journeys that did not convert only matter to
  // markov with nulls, which gets them as their distinct paths; the other models have them counted.
  const needsNulls = r.model === 'markov' && r.nulls;
  const countLeft = async (keys: string[]): Promise<LeftOut | null> => {
    if (!countLeftOut) return null;
    const [identified, anonymous] = await Promise.all([leftQuery(keys), countAnonymous()]);
    const row = identified.rows[0];
    return {
      anonymous: anonymous.rows[0]?.anonymous ?? 0,
      without_account: row?.without_account ?? 0,
      n: row?.n ?? 0,
      keys: row?.keys ?? null,
    };
  };
  const opportunities = await opportunitiesQuery;
  const keys = [...new Set(opportunities.rows.flatMap((o) => (o.key === null ? [] : [o.key])))];
  // Independent reads at once: PostgreSQL sorts the touches while the rest is counted.
  let touches: Awaited<ReturnType<typeof touchesOf>>;
  let left: LeftOut | null;
  let nullKeys: number | undefined;
  let touchedKeys: string[] = [];
  let nullPaths: { path: string[]; keys: number }[] = [];
  if (needsNulls) {
    let paths: Awaited<ReturnType<typeof nullPathsQuery>>;
    let anonymous: Awaited<ReturnType<typeof countAnonymous>> | null;
    [touches, paths, anonymous] = await Promise.all([
      touchesOf(keys),
      nullPathsQuery(keys),
      countLeftOut ? countAnonymous() : null,
    ]);
    nullPaths = paths.rows.flatMap((row) => (row.path ? [{ path: row.path, keys: row.keys }] : []));
    const keyless = paths.rows.find((row) => row.path === null)?.touches ?? 0;
    left = anonymous
      ? { anonymous: anonymous.rows[0]?.anonymous ?? 0, without_account: keyless, n: 0, keys: null }
      : null;
  } else {
    // The journeys not read: how many, and which channels (or campaigns) they touched, so a
    // channel that only ever touched non-converting journeys is still listed, with no credit.
    [touches, left] = await Promise.all([touchesOf(keys), countLeft(keys)]);
    if (left) {
      nullKeys = left.n;
      touchedKeys = left.keys ?? [];
    }
  }

  const excluded: AttributionExclusions = {
    opportunities_without_touches: 0,
    opportunity_ids_without_touches: [],
    currency_mismatch: 0,
    opportunities_without_key: 0,
    opportunities_without_amount: 0,
    touches_after_conversion: 0,
    touches_before_lookback: 0,
    anonymous_touches: 0,
    touches_without_account: 0,
  };
  const mismatched = new Set<string>();
  const conversions: ConversionRow[] = [];
  for (const o of opportunities.rows) {
    if (o.key === null) {
      excluded.opportunities_without_key += 1;
      continue;
    }
    // Kept in the journeys (their touches did convert: they are no null path) but dropped after.
    if (o.currency !== r.currency) mismatched.add(o.id);
    else if (o.amount === null) excluded.opportunities_without_amount += 1;
    conversions.push({
      key: o.key,
      opportunityId: o.id,
      createdAt: o.created_at.getTime(),
      closedAt: o.closed_at?.getTime() ?? null,
      won: o.is_won,
      amount: o.amount ?? 0,
      leadCreatedAt: o.lead_created_at?.getTime() ?? null,
    });
  }
  excluded.currency_mismatch = mismatched.size;

  const rows: TouchRow[] = touches.rows.map((t) => ({
    key: t.key,
    at: t.at_ms,
    channel: t.channel,
    type: t.type,
    eventId: Number(t.event_id),
    personId: t.person_id,
  }));
  excluded.anonymous_touches = left?.anonymous ?? 0;
  excluded.touches_without_account = account ? (left?.without_account ?? 0) : 0;

  const built = buildJourneys(rows, conversions, { lookbackMs: r.lookbackMs, conversion: r.conversion });
  excluded.touches_after_conversion = built.excluded.touchesAfterConversion;
  excluded.touches_before_lookback = built.excluded.touchesBeforeLookback;
  const withoutTouches = built.excluded.opportunityIdsWithoutTouches.filter((id) => !mismatched.has(id));
  excluded.opportunities_without_touches = withoutTouches.length;
  excluded.opportunity_ids_without_touches = withoutTouches.slice(0, 100);
  const journeys: Journey[] = [];
  const index: JourneyIndexEntry[] = [];
  built.journeys.forEach((journey, j) => {
    const entry = built.index[j]!;
    if (entry.opportunityId !== null && mismatched.has(entry.opportunityId)) return;
    journeys.push(journey);
    index.push(entry);
  });
  // Markov ignores touch times; each step keeps one so the path set keeps every other journey's.
  for (const { path, keys } of nullPaths) {
    journeys.push({ touches: path.map((channel) => ({ channel, at: 0 })), conversions: 0, nulls: keys });
    index.push({ opportunityId: null, key: `(${keys} journeys that did not convert)` });
  }
  return {
    ...(nullKeys !== undefined ? { nullKeys } : {}),
    touchedKeys,
    journeys,
    index,
    excluded,
    options: { model: r.model, halfLifeMs: r.halfLifeMs, order: r.order, nulls: r.nulls },
  };
}

const byMagnitude = (a: number, b: number) =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) ? 0 : a - b;
const day = (d: Date) => d.toISOString().slice(0, 10);
const days = (ms: number) => `${Math.round((ms / 86_400_000) * 10) / 10} days`;

function denominators(
  r: Resolved,
  params: AttributionParams,
  loaded: Loaded,
  report: AttributionReport,
): string[] {
  const e = loaded.excluded;
  const what =
    r.conversion === 'won'
      ? `opportunities won (closed ${day(params.since)} to ${day(params.until)})`
      : `opportunities created ${day(params.since)} to ${day(params.until)}`;
  const lines = [
    `Conversions: ${report.totals.conversions} ${what} in ${r.currency}, each worth its amount (total ${report.totals.value} ${r.currency}).`,
    `Journeys: per ${r.level}, the touches${r.touchTypes ? ` (${r.touchTypes.join(', ')})` : ''} in the ${days(r.lookbackMs)} before each conversion; credit goes to each touch's ${r.dimension}.`,
  ];
  if (e.opportunities_without_touches > 0) {
    lines.push(
      `${e.opportunities_without_touches} converting opportunities had no touch in the lookback window and cannot be attributed; they are not in the totals.`,
    );
  }
  if (e.currency_mismatch > 0) {
    lines.push(
      `${e.currency_mismatch} converting opportunities in another currency than ${r.currency} are left out.`,
    );
  }
  if (e.opportunities_without_key > 0) {
    lines.push(
      `${e.opportunities_without_key} converting opportunities have no ${r.level === 'account' ? 'account' : 'contact'} and are left out.`,
    );
  }
  if (e.opportunities_without_amount > 0) {
    lines.push(
      `${e.opportunities_without_amount} opportunities have no amount: they count as conversions worth 0.`,
    );
  }
  lines.push(
    `${report.totals.nulls} ${r.level === 'account' ? 'accounts' : 'people'} with touches did not convert${r.model === 'markov' ? '' : ' (only the markov model uses them)'}.`,
  );
  const touchesLeft = e.touches_after_conversion + e.touches_before_lookback;
  if (touchesLeft > 0) {
    lines.push(
      `${e.touches_after_conversion} touches after a conversion and ${e.touches_before_lookback} older than the lookback are not in any journey.`,
    );
  }
  if (e.anonymous_touches + e.touches_without_account > 0) {
    lines.push(
      `${e.anonymous_touches} touches of visitors who never identified${r.level === 'account' ? ` and ${e.touches_without_account} of people without an account` : ''} belong to no journey.`,
    );
  }
  return lines;
}
