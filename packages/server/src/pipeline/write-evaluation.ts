import type {
  AccountSnapshot,
  CompiledPlaybook,
  FieldUpdate,
  PersonEvaluation,
  PersonSnapshot,
} from '@mops/core';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { columnsOfFields, type PersonRow } from '../stores/person.store.ts';
import type { PersonInput } from './process-person.ts';

interface DecisionRow {
  kind: string;
  reason: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  account_id: string | null;
}

/**
 * Writes the event, the score ledger rows, stage transitions, decisions and the person's new state
 * in ONE statement (data-modifying CTEs): the hot path pays one round trip for all of it.
 * Returns the event id.
 */
export async function writeEvaluation(
  trx: Transaction<DB>,
  ctx: {
    playbook: CompiledPlaybook;
    person: PersonSnapshot;
    personRow: PersonRow;
    inserted: boolean;
    account: AccountSnapshot | null;
    accountCreated: boolean;
    accountChanged: boolean;
    input: PersonInput;
    fieldUpdates: FieldUpdate[];
    evaluation: PersonEvaluation;
    now: Date;
  },
): Promise<number | null> {
  const { evaluation, input, person, account, now } = ctx;
  const versionId = ctx.playbook.version.id;
  const decisions = decisionsOf(ctx);
  const fitDelta = sum(evaluation.ledger.filter((e) => e.model === 'fit').map((e) => e.points));
  const engagementDelta = sum(evaluation.ledger.filter((e) => e.model === 'engagement').map((e) => e.points));
  const stageChanged = evaluation.lifecycle.stage !== ctx.personRow.stage;
  const { columns, custom } = columnsOfFields(person.fields);
  const event = input.event;

  const { rows } = await sql<{ event_id: number | null }>`
    WITH ev AS (
      INSERT INTO events (person_id, type, occurred_at, received_at, form_id, path, source, message_id, properties)
      SELECT ${person.id}, ${event?.type ?? ''}, ${event?.occurredAt ?? now}, ${input.capturedAt}, ${event?.formId ?? null},
             ${event?.path ?? null}, ${input.source}, ${event?.messageId ?? null}, ${JSON.stringify(event?.properties ?? {})}::jsonb
       WHERE ${event !== null}
      RETURNING id
    ), ledger AS (
      INSERT INTO score_ledger (person_id, model, rule_id, points, reason, inputs, event_id, playbook_version_id, created_at)
      SELECT ${person.id}, x.model, x."ruleId", x.points, x.reason, COALESCE(x.inputs, '{}'), (SELECT id FROM ev), ${versionId}, ${now}
        FROM jsonb_to_recordset(${JSON.stringify(evaluation.ledger)}::jsonb)
          AS x(model text, "ruleId" text, points numeric, reason text, inputs jsonb)
    ), transitions AS (
      INSERT INTO stage_transitions (person_id, from_stage, to_stage, rule_id, reason, reason_code, backward, inputs, event_id, playbook_version_id, created_at)
      SELECT ${person.id}, x."from", x."to", x."ruleId", x.reason, x."reasonCode", x.backward, COALESCE(x.inputs, '{}'),
             (SELECT id FROM ev), ${versionId}, ${now}
        FROM jsonb_to_recordset(${JSON.stringify(transitionsOf(ctx))}::jsonb)
          AS x("from" text, "to" text, "ruleId" text, reason text, "reasonCode" text, backward boolean, inputs jsonb)
    ), decided AS (
      INSERT INTO decisions (person_id, account_id, kind, reason, inputs, outputs, event_id, playbook_version_id, created_at)
      SELECT ${person.id}, x.account_id, x.kind, x.reason, x.inputs, x.outputs, (SELECT id FROM ev), ${versionId}, ${now}
        FROM jsonb_to_recordset(${JSON.stringify(decisions)}::jsonb)
          AS x(account_id uuid, kind text, reason text, inputs jsonb, outputs jsonb)
    ), updated AS (
      UPDATE people SET
        account_id = COALESCE(${account?.id ?? null}::uuid, account_id),
        first_name = ${columns.first_name ?? null}, last_name = ${columns.last_name ?? null},
        company = ${columns.company ?? null}, title = ${columns.title ?? null}, country = ${columns.country ?? null},
        state = ${columns.state ?? null}, phone = ${columns.phone ?? null}, city = ${columns.city ?? null},
        website = ${columns.website ?? null}, email_domain = ${columns.email_domain ?? null},
        is_free_mail = ${columns.is_free_mail ?? null}, job_function = ${columns.job_function ?? null},
        seniority = ${columns.seniority ?? null}, region = ${columns.region ?? null}, custom = ${JSON.stringify(custom)}::jsonb,
        stage = ${evaluation.lifecycle.stage},
        stage_entered_at = CASE WHEN ${stageChanged} THEN ${now}::timestamptz ELSE stage_entered_at END,
        fit_score = fit_score + ${fitDelta}::numeric,
        engagement_score = engagement_score + ${engagementDelta}::numeric,
        engagement_decayed_at = ${evaluation.engagementDecayedAt},
        grade = ${evaluation.grade},
        updated_at = ${now}
      WHERE id = ${person.id}
    )
    SELECT (SELECT id FROM ev) AS event_id`.execute(trx);
  return rows[0]?.event_id ?? null;
}

function transitionsOf(ctx: {
  inserted: boolean;
  personRow: PersonRow;
  evaluation: PersonEvaluation;
  playbook: CompiledPlaybook;
}) {
  const created = ctx.inserted
    ? [
        {
          from: null,
          to: ctx.personRow.stage,
          ruleId: '_created',
          reason: `new person enters ${ctx.personRow.stage}`,
          reasonCode: null,
          backward: false,
          inputs: {},
        },
      ]
    : [];
  return [...created, ...ctx.evaluation.lifecycle.transitions];
}

function decisionsOf(ctx: Parameters<typeof writeEvaluation>[1]): DecisionRow[] {
  const { input, evaluation, account } = ctx;
  const rows: DecisionRow[] = [
    {
      kind: 'identity',
      reason: ctx.inserted
        ? `new person: nobody had the email ${input.email}`
        : `matched the existing person with the email ${input.email}`,
      inputs: { email: input.email, source: input.source },
      outputs: { created: ctx.inserted },
      account_id: null,
    },
  ];
  if (input.washChanges.length > 0) {
    rows.push({
      kind: 'wash',
      reason: `washed ${input.washChanges.map((c) => c.field).join(', ')}`,
      inputs: {},
      outputs: { changes: input.washChanges },
      account_id: null,
    });
  }
  if (ctx.inserted || ctx.accountCreated || ctx.accountChanged) {
    rows.push({
      kind: 'account_link',
      reason: account
        ? `linked to the account for ${account.domain}${ctx.accountCreated ? ' (new account)' : ''}${account.named ? ', a named account' : ''}`
        : `no account: ${input.emailDomain} is a free-mail provider`,
      inputs: { email_domain: input.emailDomain, free_mail: input.isFreeMail },
      outputs: account
        ? { account_id: account.id, created: ctx.accountCreated, owner: account.ownerRepId }
        : {},
      account_id: account?.id ?? null,
    });
  }
  if (ctx.fieldUpdates.length > 0) {
    rows.push({
      kind: 'field_update',
      reason: `updated ${ctx.fieldUpdates.map((u) => u.field).join(', ')} (the most recent value wins)`,
      inputs: {},
      outputs: { updates: ctx.fieldUpdates },
      account_id: null,
    });
  }
  if (evaluation.skipped.length > 0) {
    rows.push({
      kind: 'score_skipped',
      reason: evaluation.skipped.map((s) => s.reason).join('; '),
      inputs: {},
      outputs: { skipped: evaluation.skipped },
      account_id: null,
    });
  }
  if (evaluation.lifecycle.blocked.length > 0) {
    rows.push({
      kind: 'lifecycle_held',
      reason: evaluation.lifecycle.blocked.map((b) => b.reason).join('; '),
      inputs: {},
      outputs: { blocked: evaluation.lifecycle.blocked },
      account_id: null,
    });
  }
  return rows;
}

const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
