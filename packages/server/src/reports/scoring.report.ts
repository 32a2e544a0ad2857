import { type CompiledPlaybook, evaluateScoring, type ScoreBucket, type ScoringEvaluation } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import type { ReportDefinition, ReportQuery, ReportTable } from './report-definition.ts';
import { furthestJoin, furthestStage, PERIOD_PARAMS, type ReportPeriod, reportPeriod } from './report-sql.ts';

// Scoring-model evaluation: does the score rank the people who go on to convert? People created in
// the window are bucketed by score (the database returns one row per distinct score, never a row
// per person) and core computes bands, lift, AUC and where the MQL threshold sits.

export const SCORE_MODELS = ['total', 'fit', 'engagement'] as const;
export type ScoreModel = (typeof SCORE_MODELS)[number];

/**
 * The MQL line of a score model: the first `{ score: <model>, gte|gt: N }` in a lifecycle rule that
 * leads to the routing stage. A rule that combines fit and engagement yields one line per model.
 */
export function mqlThresholdOf(playbook: CompiledPlaybook, model: ScoreModel): number | null {
  const target = playbook.source.routing.at_stage;
  let found: number | null = null;
  const visit = (node: unknown) => {
    if (found !== null || node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.score === model && typeof (n.gte ?? n.gt) === 'number') {
      found = (n.gte ?? n.gt) as number;
      return;
    }
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (typeof value === 'object') visit(value);
    }
  };
  for (const rule of playbook.source.lifecycle.rules) if (rule.to === target) visit(rule.when);
  return found;
}

/**
 * One row per distinct score: people created in the window, how many reached `stage` (or a later
 * one) and how many were won (reached the last main stage, or are a contact on a won opportunity).
 * `scores` lets a backtest hand in the scores a draft model gives instead of the stored ones.
 */
export async function scoreHistogram(
  db: Kysely<DB>,
  playbook: CompiledPlaybook,
  period: ReportPeriod,
  options: { model: ScoreModel; stage: string; scores?: Map<string, number> },
): Promise<ScoreBucket[]> {
  const stages = playbook.stages;
  const converted = stages.indexOf(options.stage) + 1;
  const scoreExpression = scoreOf(options.model);
  const draft = options.scores;
  // Per person only for a draft model (its scores are computed here); otherwise per score in SQL.
  const rows = await sql<{ id: string | null; score: string; people: number; sql: number; won: number }>`
    WITH furthest AS (
      SELECT p.id, ${scoreExpression} AS score, ${furthestStage(stages)} AS reached
        FROM people p ${furthestJoin(stages)}
       WHERE p.merged_into IS NULL AND p.created_at >= ${period.since} AND p.created_at < ${period.until}
    ),
    winners AS (
      SELECT DISTINCT oc.person_id FROM opportunity_contacts oc JOIN opportunities o ON o.id = oc.opportunity_id
       WHERE o.is_won
    ),
    scored AS (
      SELECT f.id, f.score, f.reached, (f.reached >= ${stages.length} OR w.person_id IS NOT NULL) AS won
        FROM furthest f LEFT JOIN winners w ON w.person_id = f.id
    )
    ${
      draft
        ? sql`SELECT id, score::text, 1 AS people, (reached >= ${converted})::int AS sql, won::int AS won FROM scored`
        : sql`SELECT NULL AS id, score::text, count(*)::int AS people,
                     count(*) FILTER (WHERE reached >= ${converted})::int AS sql,
                     count(*) FILTER (WHERE won)::int AS won
                FROM scored GROUP BY score`
    }`.execute(db);
  const buckets = new Map<number, ScoreBucket>();
  for (const row of rows.rows) {
    const score = draft ? (draft.get(row.id ?? '') ?? 0) : Number(row.score);
    const bucket = buckets.get(score) ?? { score, people: 0, sql: 0, won: 0 };
    buckets.set(score, bucket);
    bucket.people += row.people;
    bucket.sql += row.sql;
    bucket.won += row.won;
  }
  return [...buckets.values()].sort((a, b) => b.score - a.score);
}

/** A person's score under a model, as an SQL expression over the `people` row. */
const scoreOf = (model: ScoreModel) =>
  model === 'fit'
    ? sql`p.fit_score`
    : model === 'engagement'
      ? sql`p.engagement_score`
      : sql`p.fit_score + p.engagement_score`;

export function scoringParams(query: ReportQuery, playbook: CompiledPlaybook) {
  const model = (query.model ?? 'total') as ScoreModel;
  const stage = query.stage ?? (playbook.stages.includes('sql') ? 'sql' : (playbook.stages.at(-2) as string));
  if (!playbook.stages.includes(stage)) {
    throw new MopsError(
      'INVALID_QUERY',
      `stage must be one of ${playbook.stages.join(', ')}, got "${stage.slice(0, 60)}"`,
    );
  }
  const bands = Number(query.bands ?? '10');
  if (!Number.isInteger(bands) || bands < 2 || bands > 100) {
    throw new MopsError(
      'INVALID_QUERY',
      `bands must be a whole number from 2 to 100, got "${String(query.bands).slice(0, 20)}"`,
    );
  }
  let threshold = mqlThresholdOf(playbook, model);
  if (query.threshold !== undefined) {
    threshold = Number(query.threshold);
    if (!Number.isFinite(threshold)) {
      throw new MopsError(
        'INVALID_QUERY',
        `threshold must be a number, got "${query.threshold.slice(0, 20)}"`,
      );
    }
  }
  return { model, stage, bands, threshold };
}

export function bandsTable(evaluation: ScoringEvaluation, stage: string): ReportTable {
  return {
    name: 'bands',
    title: `Conversion by score band (band 1 = highest scores) to ${stage} and to won`,
    keys: ['band'],
    columns: [
      { key: 'band', label: 'band', kind: 'count' },
      { key: 'min_score', label: 'from', kind: 'number' },
      { key: 'max_score', label: 'to', kind: 'number' },
      { key: 'people', label: 'people', kind: 'count' },
      { key: 'sql', label: stage, kind: 'count' },
      { key: 'sql_rate', label: `${stage} rate`, kind: 'rate' },
      { key: 'sql_lift', label: 'lift', kind: 'number' },
      { key: 'won', label: 'won', kind: 'count' },
      { key: 'won_rate', label: 'won rate', kind: 'rate' },
      { key: 'won_lift', label: 'lift', kind: 'number' },
    ],
    rows: evaluation.bands.map((b) => ({ ...b })),
  };
}

export const scoringReport: ReportDefinition = {
  name: 'scoring',
  description:
    'scoring-model evaluation: conversion to SQL and to won by score band (deciles), lift of the top band, AUC, and where the MQL threshold sits',
  params: [
    ...PERIOD_PARAMS,
    { name: 'model', description: 'which score', values: SCORE_MODELS, default: 'total' },
    { name: 'stage', description: 'the conversion to predict (a stage id; default sql)' },
    { name: 'bands', description: 'how many bands (default 10: deciles)' },
    { name: 'threshold', description: 'the MQL line to place (default: from the playbook’s MQL rule)' },
  ],
  drillKeys: ['band'],
  async run(ctx, query) {
    const period = reportPeriod(query, ctx.now);
    const params = scoringParams(query, ctx.playbook);
    const histogram = await scoreHistogram(ctx.db, ctx.playbook, period, params);
    const evaluation = evaluateScoring(histogram, { mqlThreshold: params.threshold, bands: params.bands });
    const t = evaluation.threshold;
    return {
      report: 'scoring',
      title: `How well the ${params.model} score predicts ${params.stage} and won (people created ${period.since.toISOString().slice(0, 10)} – ${period.until.toISOString().slice(0, 10)})`,
      params: {
        since: period.since.toISOString(),
        until: period.until.toISOString(),
        model: params.model,
        stage: params.stage,
        bands: String(params.bands),
        ...(params.threshold !== null ? { threshold: String(params.threshold) } : {}),
      },
      denominators: [
        `${evaluation.people} people created in the window, scored by their current ${params.model} score (engagement as decayed at its last write)`,
        `${params.stage}: reached ${params.stage} or a later stage (${evaluation.sql}); won: reached the last stage or a contact on a won opportunity (${evaluation.won})`,
        'AUC: the chance a random converter outscores a random non-converter (ties count ½); lift: band rate ÷ overall rate',
      ],
      notes: [
        `AUC to ${params.stage} ${fmt(evaluation.auc.sql)}, to won ${fmt(evaluation.auc.won)}; top band lift ${fmt(evaluation.top_band_lift.sql)}×`,
        t === null
          ? `no MQL threshold on the ${params.model} score in the playbook (pass threshold=N to place one)`
          : `the MQL line at ${t.value} puts ${(t.share_at_or_above * 100).toFixed(1)}% of people at or above it (band ${t.band ?? '—'}), capturing ${t.sql_captured === null ? '—' : `${(t.sql_captured * 100).toFixed(1)}%`} of ${params.stage}s`,
        'scores carry what happened after the person converted too (e.g. points for a demo request): read AUC as an upper bound',
      ],
      tables: [bandsTable(evaluation, params.stage)],
      summary: { evaluation },
    };
  },
  async rows(ctx, query, limit) {
    const period = reportPeriod(query, ctx.now);
    const params = scoringParams(query, ctx.playbook);
    const band = Number(query.band);
    const histogram = await scoreHistogram(ctx.db, ctx.playbook, period, params);
    const evaluation = evaluateScoring(histogram, { mqlThreshold: params.threshold, bands: params.bands });
    const picked = evaluation.bands.find((b) => b.band === band);
    if (!picked) {
      throw new MopsError(
        'INVALID_QUERY',
        `band must be one of 1..${evaluation.bands.length}, got "${String(query.band).slice(0, 20)}"`,
      );
    }
    const score = scoreOf(params.model);
    const rows = await sql<{ id: string; email: string; score: string; stage: string }>`
      SELECT id, email, (${score})::text AS score, stage FROM people p
       WHERE merged_into IS NULL AND created_at >= ${period.since} AND created_at < ${period.until}
         AND ${score} BETWEEN ${picked.min_score} AND ${picked.max_score}
       ORDER BY ${score} DESC, id LIMIT ${limit}`.execute(ctx.db);
    return {
      name: 'people',
      title: `People in band ${band} (score ${picked.min_score}–${picked.max_score})`,
      keys: ['person_id'],
      columns: [
        { key: 'person_id', label: 'person', kind: 'text' },
        { key: 'email', label: 'email', kind: 'text' },
        { key: 'score', label: 'score', kind: 'number' },
        { key: 'stage', label: 'stage', kind: 'text' },
      ],
      rows: rows.rows.map((r) => ({
        person_id: r.id,
        email: r.email,
        score: Number(r.score),
        stage: r.stage,
      })),
    };
  },
};

const fmt = (value: number | null) => (value === null ? '—' : value.toFixed(3));
