import {
  type CompiledPlaybook,
  chooseSurvivor,
  evaluatePerson,
  type FieldUpdate,
  type FieldValue,
  gradeOf,
  type MergeRecord,
  planMerge,
} from '@mops/core';
import type pg from 'pg';
import { inTransaction } from '../db/in-transaction.ts';
import { MopsError } from '../errors.ts';
import { newId, UUID_PATTERN } from '../ids.ts';
import { snapshotOfAccount } from '../stores/account.store.ts';
import { columnsOfFields, fieldsOfRow, type PersonRow, snapshotOfRow } from '../stores/person.store.ts';

export interface MergeRequest {
  personA: string;
  personB: string;
  /** The matcher's probability and per-field evidence (null for a merge a person asked for). */
  probability: number | null;
  evidence: Record<string, unknown> | null;
  actor: string;
  /** The review this merge settles, if any. */
  reviewId?: string;
  /** Automated merges: refuse a pair someone judged to be two people (a person may override). */
  respectJudgement?: boolean;
}

export interface MergeOutcome {
  mergeId: string;
  survivorId: string;
  mergedId: string;
  survivorEmail: string;
  mergedEmail: string;
  updates: FieldUpdate[];
}

/** What undo needs to put the survivor back (the merged record keeps everything it had). */
export interface MergeUndoData {
  updates: FieldUpdate[];
  stageBefore: string;
  stageAfter: string;
  ownerBefore: string | null;
  ownerAfter: string | null;
  carriedEngagement: number;
  repointed: string[];
}

type Tx = pg.PoolClient;

/**
 * Merges two people into one, in one transaction: the older record survives with the fields the
 * playbook's survivorship rules pick; the other becomes a tombstone pointing at it (its email
 * still finds the survivor). Scores follow the ledger: fit is re-derived on the merged fields,
 * engagement is carried over by a pair of ledger rows. Stage and owner never go backwards. Every
 * step is a decision row on both records, and the whole merge is undoable.
 */
export async function mergePeople(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  request: MergeRequest,
  now: Date,
): Promise<MergeOutcome> {
  for (const id of [request.personA, request.personB]) {
    if (!UUID_PATTERN.test(id))
      throw new MopsError('MERGE_INVALID', `"${id.slice(0, 80)}" is not a person id`);
  }
  if (request.personA === request.personB)
    throw new MopsError('MERGE_INVALID', 'a person cannot be merged with itself');
  return inTransaction(pool, async (tx) => {
    const rows = await lockPeople(tx, [request.personA, request.personB]);
    for (const row of rows) {
      if (row.merged_into) {
        throw new MopsError(
          'MERGE_INVALID',
          `${row.email} was already merged into ${row.merged_into}; undo that merge first`,
        );
      }
    }
    if (request.respectJudgement) {
      const { rows: judged } = await tx.query(
        `SELECT 1 FROM merge_reviews WHERE status = 'rejected'
            AND LEAST(person_a, person_b) = LEAST($1::uuid, $2::uuid) AND GREATEST(person_a, person_b) = GREATEST($1::uuid, $2::uuid)`,
        [request.personA, request.personB],
      );
      if (judged.length > 0)
        throw new MopsError('MERGE_INVALID', 'this pair was judged to be two different people');
    }
    const [survivorRow, mergedRow] = orderRows(rows);
    const plan = planMerge(recordOf(survivorRow), recordOf(mergedRow), playbook.source.hygiene.dedupe);
    const evaluation = await evaluateSurvivor(tx, playbook, survivorRow, plan.fields, now);
    const version = playbook.version.id;

    // Never backwards: the survivor takes the merged record's stage when it is further along.
    const index = (stage: string) => playbook.stageIndex.get(stage) ?? -1;
    const evaluatedStage = evaluation.lifecycle.stage;
    const stageAfter = index(mergedRow.stage) > index(evaluatedStage) ? mergedRow.stage : evaluatedStage;
    const transitions = [...evaluation.lifecycle.transitions];
    if (stageAfter !== evaluatedStage) {
      transitions.push({
        from: evaluatedStage,
        to: stageAfter,
        ruleId: '_merge',
        reason: `the merged record ${mergedRow.email} was already at ${stageAfter}`,
        reasonCode: null,
        backward: false,
        inputs: { merged_id: mergedRow.id },
      });
    }
    const ownerAfter = survivorRow.owner_rep_id ?? mergedRow.owner_rep_id;
    const carried = Number(mergedRow.engagement_score);
    const fitDelta = evaluation.ledger.filter((e) => e.model === 'fit').reduce((sum, e) => sum + e.points, 0);
    const mergeId = newId(now.getTime());
    const ledger = [
      ...evaluation.ledger.filter((e) => e.model === 'fit').map((e) => ({ ...e, personId: survivorRow.id })),
      ...(carried !== 0
        ? [
            {
              personId: survivorRow.id,
              model: 'engagement',
              ruleId: '_merge',
              points: carried,
              reason: `engagement carried over from ${mergedRow.email} (merge ${mergeId})`,
              inputs: { merge_id: mergeId, from: mergedRow.id },
            },
            {
              personId: mergedRow.id,
              model: 'engagement',
              ruleId: '_merge',
              points: -carried,
              reason: `engagement moved to ${survivorRow.email} (merge ${mergeId})`,
              inputs: { merge_id: mergeId, to: survivorRow.id },
            },
          ]
        : []),
    ];
    await writeSurvivor(tx, playbook, survivorRow, {
      fields: plan.fields,
      stage: stageAfter,
      owner: ownerAfter,
      fitDelta,
      engagementDelta: carried,
      now,
    });
    await tx.query(
      `UPDATE people SET merged_into = $2, engagement_score = engagement_score - $3, updated_at = $4, version = version + 1
        WHERE id = $1`,
      [mergedRow.id, survivorRow.id, carried, now],
    );
    // Records merged into the merged one now point at the survivor (no chains to follow).
    const repointed = await tx.query<{ id: string }>(
      'UPDATE people SET merged_into = $2, version = version + 1 WHERE merged_into = $1 RETURNING id',
      [mergedRow.id, survivorRow.id],
    );
    const undo: MergeUndoData = {
      updates: plan.updates,
      stageBefore: survivorRow.stage,
      stageAfter,
      ownerBefore: survivorRow.owner_rep_id,
      ownerAfter,
      carriedEngagement: carried,
      repointed: repointed.rows.map((r) => r.id),
    };
    await tx.query(
      `INSERT INTO person_merges (id, survivor_id, merged_id, probability, evidence, choices, undo, actor,
                                  playbook_version_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        mergeId,
        survivorRow.id,
        mergedRow.id,
        request.probability,
        JSON.stringify(request.evidence),
        JSON.stringify(plan.choices),
        JSON.stringify(undo),
        request.actor,
        version,
        now,
      ],
    );
    await insertLedger(tx, ledger, version, now);
    await insertTransitions(tx, survivorRow.id, transitions, version, now);
    const changed = plan.updates.map((u) => u.field);
    const odds =
      request.probability === null ? 'asked for' : `match probability ${request.probability.toFixed(3)}`;
    await insertDecisions(
      tx,
      [
        {
          personId: survivorRow.id,
          kind: 'merge',
          reason: `merged ${mergedRow.email} into this person (${odds}, by ${request.actor})${changed.length > 0 ? `; took ${changed.join(', ')} from it` : ''}`,
          inputs: {
            merge_id: mergeId,
            merged_id: mergedRow.id,
            probability: request.probability,
            evidence: request.evidence,
          },
          outputs: { choices: plan.choices, updates: plan.updates, stage: stageAfter, owner: ownerAfter },
        },
        {
          personId: mergedRow.id,
          kind: 'merged_into',
          reason: `merged into ${survivorRow.email} (${odds}, by ${request.actor}); undo with mops merge undo ${mergeId}`,
          inputs: {
            merge_id: mergeId,
            survivor_id: survivorRow.id,
            probability: request.probability,
            evidence: request.evidence,
          },
          outputs: {},
        },
      ],
      version,
      now,
    );
    if (request.reviewId) {
      await tx.query(
        `UPDATE merge_reviews SET status = 'merged', decided_at = $2, decided_by = $3, merge_id = $4 WHERE id = $1`,
        [request.reviewId, now, request.actor, mergeId],
      );
    }
    return {
      mergeId,
      survivorId: survivorRow.id,
      mergedId: mergedRow.id,
      survivorEmail: survivorRow.email,
      mergedEmail: mergedRow.email,
      updates: plan.updates,
    };
  });
}

/**
 * The survivor's new state after a merge or its undo: fields, stage (entered now if it changed),
 * score deltas (the ledger rows are written beside), grade from the new scores, owner.
 */
export async function writeSurvivor(
  tx: Tx,
  playbook: CompiledPlaybook,
  row: PersonRow,
  next: {
    fields: Record<string, FieldValue>;
    stage: string;
    owner: string | null;
    fitDelta: number;
    engagementDelta: number;
    now: Date;
  },
): Promise<void> {
  const { columns, custom } = columnsOfFields(next.fields);
  const grade = gradeOf(
    Number(row.fit_score) + next.fitDelta,
    Number(row.engagement_score) + next.engagementDelta,
    playbook,
  );
  await tx.query(
    `UPDATE people SET first_name = $2, last_name = $3, company = $4, title = $5, country = $6, state = $7,
            phone = $8, city = $9, website = $10, job_function = $11, seniority = $12, region = $13, custom = $14,
            stage = $15, stage_entered_at = CASE WHEN stage = $15 THEN stage_entered_at ELSE $16 END,
            fit_score = fit_score + $17, engagement_score = engagement_score + $18, grade = $19,
            owner_rep_id = $20, updated_at = $16, version = version + 1
      WHERE id = $1`,
    [
      row.id,
      ...SURVIVOR_COLUMNS.map((column) => columns[column] ?? null),
      JSON.stringify(custom),
      next.stage,
      next.now,
      next.fitDelta,
      next.engagementDelta,
      grade,
      next.owner,
    ],
  );
}

const SURVIVOR_COLUMNS = [
  'first_name',
  'last_name',
  'company',
  'title',
  'country',
  'state',
  'phone',
  'city',
  'website',
  'job_function',
  'seniority',
  'region',
] as const;

/** Locks in id order, so two merges of overlapping pairs cannot deadlock. */
export async function lockPeople(tx: Tx, ids: string[]): Promise<PersonRow[]> {
  const { rows } = await tx.query<PersonRow>(
    'SELECT * FROM people WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
    [ids],
  );
  if (rows.length !== new Set(ids).size) {
    const found = new Set(rows.map((r) => r.id));
    throw new MopsError('PERSON_NOT_FOUND', `no person with id ${ids.find((id) => !found.has(id)) ?? '?'}`);
  }
  return rows.map((r) => ({
    ...r,
    fit_score: Number(r.fit_score),
    engagement_score: Number(r.engagement_score),
  }));
}

function orderRows(rows: PersonRow[]): [PersonRow, PersonRow] {
  const [a, b] = rows as [PersonRow, PersonRow];
  const [survivor] = chooseSurvivor(recordOf(a), recordOf(b));
  return survivor.id === a.id ? [a, b] : [b, a];
}

export const recordOf = (row: PersonRow): MergeRecord => ({
  id: row.id,
  email: row.email,
  fields: fieldsOfRow(row),
  source: row.source,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Fit re-derived and lifecycle re-run on the survivor's new fields (no event). */
export async function evaluateSurvivor(
  tx: Tx,
  playbook: CompiledPlaybook,
  row: PersonRow,
  fields: Record<string, FieldValue>,
  now: Date,
) {
  const { rows: fit } = await tx.query<{ rule_id: string; points: string }>(
    `SELECT rule_id, sum(points) AS points FROM score_ledger WHERE person_id = $1 AND model = 'fit' GROUP BY rule_id`,
    [row.id],
  );
  const { rows: accounts } = await tx.query<Parameters<typeof snapshotOfAccount>[0]>(
    'SELECT id, domain, name, employees, industry, country, owner_rep_id, named FROM accounts WHERE id = $1',
    [row.account_id],
  );
  const contributions = Object.fromEntries(fit.map((f) => [f.rule_id, Number(f.points)]));
  const person = { ...snapshotOfRow(row, contributions), fields };
  return evaluatePerson(
    {
      person,
      account: accounts[0] ? snapshotOfAccount(accounts[0]) : null,
      event: null,
      history: { entriesTodayByRule: {}, pointsByRule: {} },
    },
    now,
    playbook,
  );
}

export async function insertLedger(
  tx: Tx,
  rows: {
    personId: string;
    model: string;
    ruleId: string;
    points: number;
    reason: string;
    inputs?: unknown;
  }[],
  version: number,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO score_ledger (person_id, model, rule_id, points, reason, inputs, playbook_version_id, created_at)
     SELECT x."personId", x.model, x."ruleId", x.points, x.reason, COALESCE(x.inputs, '{}'), $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS x("personId" uuid, model text, "ruleId" text, points numeric, reason text, inputs jsonb)`,
    [JSON.stringify(rows), version, now],
  );
}

export async function insertTransitions(
  tx: Tx,
  personId: string,
  rows: {
    from: string | null;
    to: string;
    ruleId: string;
    reason: string;
    reasonCode: string | null;
    backward: boolean;
    inputs?: unknown;
  }[],
  version: number,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO stage_transitions (person_id, from_stage, to_stage, rule_id, reason, reason_code, backward, inputs,
                                    playbook_version_id, created_at)
     SELECT $2, x."from", x."to", x."ruleId", x.reason, x."reasonCode", x.backward, COALESCE(x.inputs, '{}'), $3, $4
       FROM jsonb_to_recordset($1::jsonb)
         AS x("from" text, "to" text, "ruleId" text, reason text, "reasonCode" text, backward boolean, inputs jsonb)`,
    [JSON.stringify(rows), personId, version, now],
  );
}

export async function insertDecisions(
  tx: Tx,
  rows: { personId: string; kind: string; reason: string; inputs: unknown; outputs: unknown }[],
  version: number,
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO decisions (person_id, kind, reason, inputs, outputs, playbook_version_id, created_at)
     SELECT x."personId", x.kind, x.reason, x.inputs, x.outputs, $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS x("personId" uuid, kind text, reason text, inputs jsonb, outputs jsonb)`,
    [JSON.stringify(rows), version, now],
  );
}
