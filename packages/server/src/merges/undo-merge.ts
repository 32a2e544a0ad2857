import type { CompiledPlaybook, FieldValue } from '@mops/core';
import type pg from 'pg';
import { inTransaction } from '../db/in-transaction.ts';
import { MopsError } from '../errors.ts';
import { UUID_PATTERN } from '../ids.ts';
import { fieldsOfRow } from '../stores/person.store.ts';
import {
  evaluateSurvivor,
  insertDecisions,
  insertLedger,
  insertTransitions,
  lockPeople,
  type MergeUndoData,
  writeSurvivor,
} from './merge-people.ts';

export interface UndoOutcome {
  mergeId: string;
  survivorId: string;
  mergedId: string;
  restored: string[];
  /** Fields changed again since the merge: their newer values are kept. */
  kept: { field: string; reason: string }[];
}

/**
 * Undoes a merge: the merged record is a person of its own again (its events, ledger and
 * decisions never left it), carried engagement goes back, and the survivor's fields, stage and
 * owner return to what they were — except where they changed again after the merge, which is
 * newer information and is kept (and listed).
 */
export async function undoMerge(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  mergeId: string,
  actor: string,
  now: Date,
): Promise<UndoOutcome> {
  if (!UUID_PATTERN.test(mergeId))
    throw new MopsError('MERGE_NOT_FOUND', `"${mergeId.slice(0, 80)}" is not a merge id`);
  return inTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{
      survivor_id: string;
      merged_id: string;
      undo: MergeUndoData;
      undone_at: Date | null;
    }>('SELECT survivor_id, merged_id, undo, undone_at FROM person_merges WHERE id = $1 FOR UPDATE', [
      mergeId,
    ]);
    const merge = rows[0];
    if (!merge) throw new MopsError('MERGE_NOT_FOUND', `no merge ${mergeId}; \`mops merge list\` shows them`);
    if (merge.undone_at) throw new MopsError('MERGE_INVALID', `merge ${mergeId} was already undone`);
    const people = await lockPeople(tx, [merge.survivor_id, merge.merged_id]);
    const survivor = people.find((p) => p.id === merge.survivor_id);
    const merged = people.find((p) => p.id === merge.merged_id);
    if (!survivor || !merged)
      throw new MopsError('PERSON_NOT_FOUND', 'a person of this merge no longer exists');
    if (survivor.merged_into) {
      const { rows: later } = await tx.query<{ id: string }>(
        'SELECT id FROM person_merges WHERE merged_id = $1 AND undone_at IS NULL ORDER BY created_at DESC LIMIT 1',
        [survivor.id],
      );
      throw new MopsError(
        'MERGE_INVALID',
        `${survivor.email} was itself merged later; undo that merge first (mops merge undo ${later[0]?.id ?? '?'})`,
      );
    }
    const undo = merge.undo;
    const fields = fieldsOfRow(survivor);
    const restored: string[] = [];
    const kept: UndoOutcome['kept'] = [];
    for (const update of undo.updates) {
      if ((fields[update.field] ?? null) === update.to) {
        fields[update.field] = update.from as FieldValue;
        restored.push(update.field);
      } else
        kept.push({
          field: update.field,
          reason: `changed again after the merge (now ${String(fields[update.field])})`,
        });
    }
    const evaluation = await evaluateSurvivor(tx, playbook, survivor, fields, now);
    const fitRows = evaluation.ledger.filter((e) => e.model === 'fit');
    const fitDelta = fitRows.reduce((sum, e) => sum + e.points, 0);
    const carried = undo.carriedEngagement;
    const stageBack = survivor.stage === undo.stageAfter && undo.stageAfter !== undo.stageBefore;
    const ownerBack = survivor.owner_rep_id === undo.ownerAfter && undo.ownerAfter !== undo.ownerBefore;
    const stage = stageBack ? undo.stageBefore : survivor.stage;
    const owner = ownerBack ? undo.ownerBefore : survivor.owner_rep_id;
    await writeSurvivor(tx, playbook, survivor, {
      fields,
      stage,
      owner,
      fitDelta,
      engagementDelta: -carried,
      now,
    });
    await tx.query(
      `UPDATE people SET merged_into = NULL, engagement_score = engagement_score + $2, updated_at = $3,
              version = version + 1 WHERE id = $1`,
      [merged.id, carried, now],
    );
    if (undo.repointed.length > 0) {
      await tx.query('UPDATE people SET merged_into = $2, version = version + 1 WHERE id = ANY($1::uuid[])', [
        undo.repointed,
        merged.id,
      ]);
    }
    const version = playbook.version.id;
    await insertLedger(
      tx,
      [
        ...fitRows.map((e) => ({ ...e, personId: survivor.id })),
        ...(carried !== 0
          ? [
              {
                personId: survivor.id,
                model: 'engagement',
                ruleId: '_merge_undo',
                points: -carried,
                reason: `engagement returned to ${merged.email} (merge ${mergeId} undone)`,
                inputs: { merge_id: mergeId },
              },
              {
                personId: merged.id,
                model: 'engagement',
                ruleId: '_merge_undo',
                points: carried,
                reason: `engagement returned from ${survivor.email} (merge ${mergeId} undone)`,
                inputs: { merge_id: mergeId },
              },
            ]
          : []),
      ],
      version,
      now,
    );
    if (stageBack) {
      await insertTransitions(
        tx,
        survivor.id,
        [
          {
            from: undo.stageAfter,
            to: undo.stageBefore,
            ruleId: '_merge_undo',
            reason: `merge ${mergeId} undone: back to the stage before it`,
            reasonCode: 'merge_undone',
            backward: true,
            inputs: { merge_id: mergeId },
          },
        ],
        version,
        now,
      );
    }
    await insertDecisions(
      tx,
      [
        {
          personId: survivor.id,
          kind: 'merge_undone',
          reason: `undid merge ${mergeId} with ${merged.email} (by ${actor})${restored.length > 0 ? `; restored ${restored.join(', ')}` : ''}${kept.length > 0 ? `; kept newer ${kept.map((k) => k.field).join(', ')}` : ''}`,
          inputs: { merge_id: mergeId },
          outputs: { restored, kept, stage, owner },
        },
        {
          personId: merged.id,
          kind: 'merge_undone',
          reason: `separated again from ${survivor.email} (merge ${mergeId} undone by ${actor})`,
          inputs: { merge_id: mergeId },
          outputs: {},
        },
      ],
      version,
      now,
    );
    await tx.query('UPDATE person_merges SET undone_at = $2, undone_by = $3 WHERE id = $1', [
      mergeId,
      now,
      actor,
    ]);
    // An undone merge was a wrong match: remember the pair as "not the same person", so neither the
    // batch scan nor the on-entry check merges it again.
    await tx.query(
      `INSERT INTO merge_reviews (id, person_a, person_b, probability, evidence, status, found_by, created_at,
                                  decided_at, decided_by, merge_id)
       SELECT gen_random_uuid(), survivor_id, merged_id, COALESCE(probability, 1), COALESCE(evidence, '{}'), 'rejected',
              'undo', $2, $2, $3, id
         FROM person_merges WHERE id = $1
       ON CONFLICT (LEAST(person_a, person_b), GREATEST(person_a, person_b))
       DO UPDATE SET status = 'rejected', decided_at = $2, decided_by = $3`,
      [mergeId, now, actor],
    );
    return { mergeId, survivorId: survivor.id, mergedId: merged.id, restored, kept };
  });
}
