import {
  type AccountSnapshot,
  type CompiledPlaybook,
  evaluatePerson,
  type FieldValue,
  mergePersonFields,
  type PersonEvaluation,
  type WashChange,
  zonedParts,
} from '@mops/core';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { findOrCreateAccount } from '../stores/account.store.ts';
import {
  loadScoringState,
  type ScoringState,
  snapshotOfRow,
  upsertPersonLocked,
} from '../stores/person.store.ts';
import { type RoutingWrite, routePerson } from './route-person.ts';
import { writeEvaluation } from './write-evaluation.ts';

export interface PersonInput {
  email: string;
  emailDomain: string;
  isFreeMail: boolean;
  /** Washed fields from this submission or identify call. */
  fields: Record<string, FieldValue>;
  washChanges: WashChange[];
  /** The company name as typed, for naming a new account. */
  companyName: string | null;
  source: 'form' | 'api' | 'import';
  event: {
    type: string;
    occurredAt: Date;
    formId?: string;
    path?: string;
    properties: Record<string, unknown>;
    messageId: string | null;
  } | null;
  /** When mops received it: the start of speed to lead. */
  capturedAt: Date;
}

export interface PersonOutcome {
  personId: string;
  created: boolean;
  eventId: number | null;
  stage: string;
  ownerRepId: string | null;
  queue: string | null;
  evaluation: PersonEvaluation;
  routing: RoutingWrite | null;
}

/**
 * The lead pipeline for one person, inside the caller's transaction: identity (find-or-create by
 * email, row locked), account link, field survivorship, scoring, lifecycle, routing — then every
 * decision written with its reason and the playbook version, and follow-up jobs enqueued.
 */
export async function processPerson(
  trx: Transaction<DB>,
  playbook: CompiledPlaybook,
  input: PersonInput,
  clock: Clock,
): Promise<PersonOutcome> {
  const now = clock();
  const accountLink = input.isFreeMail
    ? null
    : await findOrCreateAccount(trx, {
        domain: input.emailDomain,
        name: input.companyName,
        source: input.source,
        now,
      });
  const account: AccountSnapshot | null = accountLink?.account ?? null;

  const { row, inserted } = await upsertPersonLocked(trx, {
    id: newId(now.getTime()),
    email: input.email,
    accountId: account?.id ?? null,
    fields: input.fields,
    stage: playbook.initialStage,
    source: input.source,
    now,
  });

  const dayStart = startOfDay(now, playbook.source.workspace.timezone);
  const scoring: ScoringState = inserted
    ? { fitContributions: {}, entriesTodayByRule: {}, pointsByRule: {} }
    : await loadScoringState(trx, row.id, dayStart);
  const existing = snapshotOfRow(row, scoring.fitContributions);
  const merged = inserted
    ? { fields: existing.fields, updates: [] }
    : mergePersonFields(existing.fields, input.fields);
  const person = { ...existing, fields: merged.fields };

  const evaluation = evaluatePerson(
    {
      person,
      account,
      event: input.event
        ? {
            type: input.event.type,
            occurredAt: input.event.occurredAt,
            formId: input.event.formId,
            path: input.event.path,
            properties: input.event.properties,
          }
        : null,
      history: { entriesTodayByRule: scoring.entriesTodayByRule, pointsByRule: scoring.pointsByRule },
    },
    now,
    playbook,
  );

  const eventId = await writeEvaluation(trx, {
    playbook,
    person,
    personRow: row,
    inserted,
    account,
    accountCreated: accountLink?.created ?? false,
    accountChanged: !inserted && row.account_id !== (account?.id ?? null) && account !== null,
    input,
    fieldUpdates: merged.updates,
    evaluation,
    now,
  });

  const routing = evaluation.routing
    ? await routePerson(trx, {
        playbook,
        plan: evaluation.routing,
        person: { id: row.id, email: row.email, fields: person.fields, stage: evaluation.lifecycle.stage },
        account,
        eventId,
        capturedAt: input.capturedAt,
        note: evaluation.routingNote,
        clock,
      })
    : null;

  return {
    personId: row.id,
    created: inserted,
    eventId,
    stage: evaluation.lifecycle.stage,
    ownerRepId: routing?.repId ?? row.owner_rep_id,
    queue: routing?.queue ?? row.owner_queue,
    evaluation,
    routing,
  };
}

/** Midnight of `now`'s date in the workspace time zone, as an instant. */
export function startOfDay(now: Date, timeZone: string): Date {
  const local = zonedParts(now, timeZone);
  const offsetMs =
    now.getTime() -
    Date.UTC(
      Number(local.date.slice(0, 4)),
      Number(local.date.slice(5, 7)) - 1,
      Number(local.date.slice(8, 10)),
      Math.floor(local.minuteOfDay / 60),
      local.minuteOfDay % 60,
    );
  const midnightUtc = Date.UTC(
    Number(local.date.slice(0, 4)),
    Number(local.date.slice(5, 7)) - 1,
    Number(local.date.slice(8, 10)),
  );
  // Seconds are not in ZonedParts; round the offset to whole minutes.
  return new Date(midnightUtc + Math.round(offsetMs / 60_000) * 60_000);
}
