import {
  type AccountSnapshot,
  type CompiledPlaybook,
  compareScoring,
  decayEngagement,
  type EngineEvent,
  evaluateScoring,
  type Rescored,
  rescore,
  roundPoints,
  type ScoringComparison,
  type ScoringEvaluation,
} from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { snapshotOfAccount } from '../stores/account.store.ts';
import { fieldsOfRow } from '../stores/person.store.ts';
import { mqlThresholdOf, type ScoreModel, scoreHistogram } from './scoring.report.ts';

// A scoring backtest: would a draft scoring model have ranked the people who went on to convert
// better than the current one? Every person created in the window is replayed through the scoring
// engines under both playbooks — the same engines, the same events, the same clock — so the only
// difference between the two sides is the model. The replay under the current playbook is also
// checked against the scores the pipeline stored: if it does not reproduce them, the comparison
// says less than it seems to, and the report says so.

export interface BacktestParams {
  since: Date;
  until: Date;
  model: ScoreModel;
  /** The conversion to predict (a stage id of the current playbook). */
  stage: string;
  bands: number;
  now: Date;
}

export interface ReplayCheck {
  /** People replayed. */
  people: number;
  /** Of them, people whose replayed current total is within one point of the stored total. */
  matchingStoredWithin1Point: number;
  /** A few people who did not match (stored vs replayed total), to look into. */
  examples: { person_id: string; email: string; stored: number; replayed: number }[];
}

export interface ScoringBacktest {
  current: ScoringEvaluation;
  draft: ScoringEvaluation;
  comparison: ScoringComparison;
  replayCheck: ReplayCheck;
  /** The MQL line each model's own playbook draws on the chosen score (null: none). */
  thresholds: { current: number | null; draft: number | null };
  denominators: string[];
}

/** People per round trip: big enough to amortise the queries, small enough to bound memory. */
const CHUNK = 2000;
const MAX_EXAMPLES = 5;

export async function scoringBacktest(
  db: Kysely<DB>,
  current: CompiledPlaybook,
  draft: CompiledPlaybook,
  params: BacktestParams,
): Promise<ScoringBacktest> {
  const scores = { current: new Map<string, number>(), draft: new Map<string, number>() };
  const check: ReplayCheck = { people: 0, matchingStoredWithin1Point: 0, examples: [] };
  let events = 0;
  for await (const chunk of replayInputs(db, params)) {
    for (const person of chunk) {
      events += person.events.length;
      const now = rescore(person, current, params.now);
      const next = rescore(person, draft, params.now);
      scores.current.set(person.person.id, pick(now, params.model));
      scores.draft.set(person.person.id, pick(next, params.model));
      // What the pipeline stored, with engagement decayed to the same `now` as the replay.
      const decay = decayEngagement(person.stored.engagement, person.stored.decayedAt, params.now, current);
      const stored = roundPoints(person.stored.fit + person.stored.engagement + (decay?.points ?? 0));
      check.people += 1;
      if (Math.abs(stored - now.total) <= 1 + 1e-9) check.matchingStoredWithin1Point += 1;
      else if (check.examples.length < MAX_EXAMPLES) {
        check.examples.push({
          person_id: person.person.id,
          email: person.person.email,
          stored,
          replayed: now.total,
        });
      }
    }
  }
  const period = { since: params.since, until: params.until };
  // Conversion is history, so both sides count it by the current playbook's stages.
  const histogram = (map: Map<string, number>) =>
    scoreHistogram(db, current, period, { model: params.model, stage: params.stage, scores: map });
  const thresholds = {
    current: mqlThresholdOf(current, params.model),
    draft: mqlThresholdOf(draft, params.model),
  };
  const currentEvaluation = evaluateScoring(await histogram(scores.current), {
    mqlThreshold: thresholds.current,
    bands: params.bands,
  });
  const draftEvaluation = evaluateScoring(await histogram(scores.draft), {
    mqlThreshold: thresholds.draft,
    bands: params.bands,
  });
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    current: currentEvaluation,
    draft: draftEvaluation,
    comparison: compareScoring(currentEvaluation, draftEvaluation),
    replayCheck: check,
    thresholds,
    denominators: [
      `${currentEvaluation.people} people created ${day(params.since)} – ${day(params.until)} (merged records excluded), each scored twice by the same engines: fit from their fields and account as they are now, engagement by replaying the ${events} events the pipeline scored (theirs and those of records merged into them; tracking page views are never scored), decayed to ${params.now.toISOString()}`,
      `${params.stage}: reached ${params.stage} or a later stage (${currentEvaluation.sql}); won: reached the last stage or a contact on a won opportunity (${currentEvaluation.won})`,
      `the ${params.model} score; MQL line from each playbook's own rule: current ${thresholds.current ?? 'none'}, draft ${thresholds.draft ?? 'none'}`,
      `replay check: ${check.matchingStoredWithin1Point} of ${check.people} people replay to within 1 point of their stored fit + engagement (decayed to now) under the current playbook`,
    ],
  };
}

const pick = (scores: Rescored, model: ScoreModel) =>
  model === 'fit' ? scores.fit : model === 'engagement' ? scores.engagement : scores.total;

interface ReplayPerson {
  person: {
    id: string;
    email: string;
    fields: ReturnType<typeof fieldsOfRow>;
    stage: string;
    ownerRepId: string | null;
  };
  account: AccountSnapshot | null;
  events: EngineEvent[];
  stored: { fit: number; engagement: number; decayedAt: Date | null };
}

/**
 * The live people created in the window, a chunk at a time (keyset on id), each with their account
 * and scored events: three queries per chunk, never one per person.
 */
async function* replayInputs(db: Kysely<DB>, params: BacktestParams): AsyncGenerator<ReplayPerson[]> {
  let after: string | null = null;
  for (;;) {
    let query = db
      .selectFrom('people')
      .selectAll()
      .where('merged_into', 'is', null)
      .where('created_at', '>=', params.since)
      .where('created_at', '<', params.until);
    if (after !== null) query = query.where('id', '>', after);
    const people = await query.orderBy('id').limit(CHUNK).execute();
    if (people.length === 0) return;
    after = people[people.length - 1]?.id ?? null;
    const ids = people.map((p) => p.id);
    const accountIds = [...new Set(people.flatMap((p) => (p.account_id ? [p.account_id] : [])))];
    const accounts =
      accountIds.length === 0
        ? []
        : await db
            .selectFrom('accounts')
            .select(['id', 'domain', 'name', 'employees', 'industry', 'country', 'owner_rep_id', 'named'])
            .where('id', 'in', accountIds)
            .execute();
    const accountOf = new Map(accounts.map((a) => [a.id, snapshotOfAccount(a)]));
    // Tracking page views are stored by the touch path and never reach the scoring engines; every
    // other event was scored by the pipeline when it arrived.
    const { rows } = await sql<{
      owner: string;
      type: string;
      occurred_at: Date;
      form_id: string | null;
      path: string | null;
      properties: Record<string, unknown> | null;
    }>`
      SELECT COALESCE(p.merged_into, p.id) AS owner, e.type, e.occurred_at, e.form_id, e.path, e.properties
        FROM people p JOIN events e ON e.person_id = p.id
       WHERE (p.id = ANY(${ids}::uuid[]) OR p.merged_into = ANY(${ids}::uuid[]))
         AND e.source <> 'tracking'
       ORDER BY e.occurred_at, e.id`.execute(db);
    const eventsOf = new Map<string, EngineEvent[]>();
    for (const row of rows) {
      const list = eventsOf.get(row.owner) ?? [];
      eventsOf.set(row.owner, list);
      list.push({
        type: row.type,
        occurredAt: new Date(row.occurred_at),
        formId: row.form_id ?? undefined,
        path: row.path ?? undefined,
        properties: row.properties ?? {},
      });
    }
    yield people.map((row) => ({
      person: {
        id: row.id,
        email: row.email,
        fields: fieldsOfRow(row),
        stage: row.stage,
        ownerRepId: row.owner_rep_id,
      },
      account: row.account_id ? (accountOf.get(row.account_id) ?? null) : null,
      events: eventsOf.get(row.id) ?? [],
      stored: {
        fit: Number(row.fit_score),
        engagement: Number(row.engagement_score),
        decayedAt: row.engagement_decayed_at,
      },
    }));
    if (people.length < CHUNK) return;
  }
}
