import {
  type AccountSnapshot,
  type CompiledPlaybook,
  evaluatePerson,
  type FieldValue,
  mergePersonFields,
  type PersonEvaluation,
  type PersonSnapshot,
  type PoolMemberState,
  type WashChange,
  zonedParts,
} from '@mops/core';
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import { queryPool } from '../db/preparing-client.ts';
import { pgCode } from '../db/transaction.ts';
import { newId } from '../ids.ts';
import { snapshotOfAccount } from '../stores/account.store.ts';
import { type PersonRow, snapshotOfRow } from '../stores/person.store.ts';
import { memberStateOfRow, type PoolMemberRow } from '../stores/pool-member.store.ts';
import { claimFromPools, type PoolClaim, releaseClaims } from './claim-pool.ts';
import { IDENTIFY_SQL, RECORD_SQL } from './person-statements.ts';
import { recordDocument } from './record-document.ts';

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
  attempts: number;
}

// Conflicts resolve on the next attempt (someone else's write is now visible); the bound is a
// safety net against a bug turning into a loop.
const MAX_ATTEMPTS = 8;
const RETRYABLE = new Set(['MO001', '40001', '40P01']);

/**
 * The lead pipeline for one person, in two round trips: IDENTIFY (read the person, account,
 * ledger sums and pool counters), the pure engines (survivorship, scoring, lifecycle, routing
 * plan and ranking), then RECORD — one atomic statement that writes the event, every decision
 * with its reason and playbook version, the person, the account, the assignment and the
 * follow-up job. If what was read changed meanwhile, RECORD aborts and the pipeline runs again.
 */
export async function processPerson(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  input: PersonInput,
  clock: Clock,
): Promise<PersonOutcome> {
  // Turns claimed from routing pools, by pool: reused if the pipeline re-runs, given back if unused.
  const claimed = new Map<string, PoolClaim>();
  for (let attempt = 1; ; attempt++) {
    const now = clock();
    const state = await identify(pool, playbook, input, now);
    const merged = state.isNew
      ? { fields: state.person.fields, updates: [] }
      : mergePersonFields(state.person.fields, input.fields);
    const person = { ...state.person, fields: merged.fields };
    const evaluation = evaluatePerson(
      {
        person,
        account: state.account,
        event: input.event
          ? {
              type: input.event.type,
              occurredAt: input.event.occurredAt,
              formId: input.event.formId,
              path: input.event.path,
              properties: input.event.properties,
            }
          : null,
        history: { entriesTodayByRule: state.entriesTodayByRule, pointsByRule: state.pointsByRule },
      },
      now,
      playbook,
    );
    const plan = evaluation.routing;
    const pools =
      plan?.kind === 'pools'
        ? await claimFromPools(pool, {
            playbook,
            poolIds: plan.poolIds,
            poolStates: state.poolStates,
            now,
            earlier: claimed,
          })
        : { claim: null, traces: [] };
    const doc = recordDocument({
      playbook,
      input,
      person,
      isNew: state.isNew,
      seenUpdatedAt: state.updatedAt,
      previousStage: state.person.stage,
      account: state.account,
      accountIsNew: state.accountIsNew,
      accountChanged:
        !state.isNew && state.accountIdOnPerson !== (state.account?.id ?? null) && state.account !== null,
      fieldUpdates: merged.updates,
      evaluation,
      poolClaim: pools.claim,
      poolTraces: pools.traces,
      now,
      routedAt: clock(),
    });
    try {
      const { rows } = await queryPool<{ event_id: number | null }>(pool, RECORD_SQL, [JSON.stringify(doc)]);
      const row = rows[0];
      await releaseClaims(
        pool,
        [...claimed.values()].filter((c) => c !== pools.claim),
      );
      const routing = doc.routing as { kind: string; rep_id?: string | null; queue?: string | null } | null;
      return {
        personId: person.id,
        created: state.isNew,
        eventId: row?.event_id ?? null,
        stage: evaluation.lifecycle.stage,
        ownerRepId: routing?.rep_id ?? state.ownerRepId,
        queue: routing?.kind === 'fallback' ? (routing.queue ?? null) : routing ? null : state.queue,
        evaluation,
        attempts: attempt,
      };
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(pgCode(error) ?? '')) {
        await releaseClaims(pool, claimed.values());
        throw error;
      }
    }
  }
}

interface IdentifiedState {
  person: PersonSnapshot;
  isNew: boolean;
  updatedAt: Date | null;
  ownerRepId: string | null;
  queue: string | null;
  accountIdOnPerson: string | null;
  account: AccountSnapshot | null;
  accountIsNew: boolean;
  entriesTodayByRule: Record<string, number>;
  pointsByRule: Record<string, number>;
  poolStates: PoolMemberState[];
}

async function identify(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  input: PersonInput,
  now: Date,
): Promise<IdentifiedState> {
  const domain = input.isFreeMail ? null : input.emailDomain;
  const { rows } = await queryPool<{
    account: Parameters<typeof snapshotOfAccount>[0] | null;
    person: Record<string, unknown> | null;
    ledger: { model: string; rule_id: string; points: number; today: number }[] | null;
    pools: PoolMemberRow[] | null;
  }>(pool, IDENTIFY_SQL, [
    JSON.stringify({
      domain,
      email: input.email,
      day_start: startOfDay(now, playbook.source.workspace.timezone),
    }),
  ]);
  const found = rows[0];
  const fitContributions: Record<string, number> = {};
  const entriesTodayByRule: Record<string, number> = {};
  const pointsByRule: Record<string, number> = {};
  for (const entry of found?.ledger ?? []) {
    if (entry.model === 'fit') fitContributions[entry.rule_id] = entry.points;
    else {
      pointsByRule[entry.rule_id] = entry.points;
      entriesTodayByRule[entry.rule_id] = entry.today;
    }
  }
  const row = found?.person ? personRowOfJson(found.person) : null;
  const account = found?.account
    ? snapshotOfAccount(found.account)
    : domain
      ? {
          id: newId(now.getTime()),
          domain,
          name: input.companyName,
          employees: null,
          industry: null,
          country: null,
          ownerRepId: null,
          named: false,
        }
      : null;
  const person: PersonSnapshot = row
    ? snapshotOfRow(row, fitContributions)
    : {
        id: newId(now.getTime()),
        email: input.email,
        fields: input.fields,
        stage: playbook.initialStage,
        ownerRepId: null,
        fitScore: 0,
        engagementScore: 0,
        engagementDecayedAt: null,
        fitContributions: {},
      };
  return {
    person,
    isNew: row === null,
    updatedAt: row?.updated_at ?? null,
    ownerRepId: row?.owner_rep_id ?? null,
    queue: row?.owner_queue ?? null,
    accountIdOnPerson: row?.account_id ?? null,
    account,
    accountIsNew: account !== null && !found?.account,
    entriesTodayByRule,
    pointsByRule,
    poolStates: (found?.pools ?? []).map(memberStateOfRow),
  };
}

/** row_to_json gives timestamps as text; the rest already has the right JSON types. */
function personRowOfJson(json: Record<string, unknown>): PersonRow {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    ...(json as unknown as PersonRow),
    fit_score: Number(json.fit_score),
    engagement_score: Number(json.engagement_score),
    stage_entered_at: date(json.stage_entered_at) as Date,
    engagement_decayed_at: date(json.engagement_decayed_at),
    created_at: date(json.created_at) as Date,
    updated_at: date(json.updated_at) as Date,
  };
}

/** Midnight of `now`'s date in the workspace time zone, as an instant. */
export function startOfDay(now: Date, timeZone: string): Date {
  const local = zonedParts(now, timeZone);
  const [y, m, d] = local.date.split('-').map(Number) as [number, number, number];
  const localAsUtc = Date.UTC(y, m - 1, d, Math.floor(local.minuteOfDay / 60), local.minuteOfDay % 60);
  // Offset of the zone at `now`, rounded to whole minutes (seconds are not in ZonedParts).
  const offset = Math.round((now.getTime() - localAsUtc) / 60_000) * 60_000;
  return new Date(Date.UTC(y, m - 1, d) + offset);
}
