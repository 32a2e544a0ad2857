import {
  type AccountKey,
  type AccountSnapshot,
  accountKeyOf,
  type CompiledPlaybook,
  evaluatePerson,
  type FieldUpdate,
  type FieldValue,
  mergePersonFields,
  type PersonEvaluation,
  type PersonSnapshot,
  type PoolMemberState,
  type WashChange,
} from '@mops/core';
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import { pgCode } from '../db/pg-errors.ts';
import { queryPool } from '../db/preparing-client.ts';
import { MopsError } from '../errors.ts';
import { newId } from '../ids.ts';
import { snapshotOfAccount } from '../stores/account.store.ts';
import { personRowOfJson, snapshotOfRow } from '../stores/person.store.ts';
import { memberStateOfRow, type PoolMemberRow } from '../stores/pool-member.store.ts';
import type { TouchDocument } from '../tracking/touch-document.ts';
import { claimForLeads, type PoolClaim, releaseClaims } from './claim-pool.ts';
import { batcherOf } from './lead-batcher.ts';
import { IDENTIFY_SQL, RECORD_SQL } from './person-statements.ts';
import { type AccountMatch, recordDocument } from './record-document.ts';

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
    /** Where the touch came from (visitor, UTMs, channel…), when it is one. */
    touch?: TouchDocument | null;
  } | null;
  /** When mops received it: the start of speed to lead. */
  capturedAt: Date;
  /** Where the data came from beyond `source` (an import's id and line), kept on the intake decision. */
  origin?: Record<string, unknown>;
  /** Route an unowned person already at the routing stage (an import made them routable). */
  reroute?: boolean;
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

// Conflicts resolve on the next attempt (someone else's write is now visible); the bound turns a
// pathological pile-up into a clear 503 instead of a loop.
const MAX_ATTEMPTS = 8;
const RETRYABLE = new Set(['MO001', '40001', '40P01']);

/**
 * The lead pipeline for one person: IDENTIFY (read the person, account, ledger sums and pool
 * counters), the pure engines (survivorship, scoring, lifecycle, routing plan and ranking), CLAIM
 * (only when a pool routes the lead), then RECORD — one atomic statement that writes the event,
 * every decision with its reason and playbook version, the person, the account, the assignment and
 * the follow-up job. If what was read changed meanwhile, RECORD aborts and the lead runs again on
 * fresh state.
 *
 * Concurrent leads share those round trips: the batcher (lead-batcher.ts) hands `runLeads` the
 * leads waiting while earlier batches were busy, and each step is one statement for all of them.
 * Submissions for one email are queued in this process, so a burst for one person (a double
 * click, a batch of events) runs one after another instead of colliding; across processes the
 * optimistic check and jittered retries take over.
 */
export function processPerson(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  input: PersonInput,
  clock: Clock,
): Promise<PersonOutcome> {
  return perEmail.run(input.email, () => batcherOf(pool).submit(playbook, input, clock));
}

/** A lead on its way through the pipeline, with the turns claimed for it on earlier attempts. */
export interface PendingLead {
  input: PersonInput;
  /** The lead's own "now": leads of one batch may live on different clocks (`mops demo` replays history). */
  clock: Clock;
  claimed: Map<string, PoolClaim>;
  resolve(outcome: PersonOutcome): void;
  reject(error: unknown): void;
}

/** How a batch keeps clear of the batches running beside it. */
export interface BatchCoordination {
  /** People and accounts some running batch is writing (`person:<id>`, `account:<id>`, `domain:<d>`). */
  busy: Set<string>;
  /** Hands leads back to wait for the next batch. */
  defer(leads: PendingLead[]): void;
}

/**
 * Runs a batch of leads (distinct emails, one playbook). Leads that would collide — a second lead
 * for a person or account this batch or a running one is writing (colleagues from a brand-new
 * company, an email merged into another) — are handed back through `defer` for a later batch, so
 * each write sees the one before it, exactly as if the leads had arrived one after the other.
 * When the batch's write fails (a conflict with another process, or one lead's bad data), every
 * lead runs again on its own, so one lead's problem is never another's.
 */
export async function runLeads(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  leads: PendingLead[],
  coordination: BatchCoordination,
): Promise<void> {
  const held: string[] = [];
  const deferred = new Set<PendingLead>();
  const mine: BatchCoordination & { held: string[] } = {
    busy: coordination.busy,
    held,
    defer: (later) => {
      for (const lead of later) deferred.add(lead);
      coordination.defer(later);
    },
  };
  try {
    let outcomes: PersonOutcome[];
    let accepted: PendingLead[];
    try {
      ({ outcomes, accepted } = await attemptBatch(pool, playbook, leads, mine));
    } catch (error) {
      const left = leads.filter((lead) => !deferred.has(lead));
      const code = pgCode(error);
      // No SQLSTATE: the connection broke (the write may or may not have committed) or a bug —
      // never write again blindly. A lone lead's own error is final too, unless it is a conflict.
      if (!code || (left.length === 1 && !RETRYABLE.has(code))) {
        for (const lead of left) {
          if (code) await giveBack(pool, lead.claimed.values());
          lead.reject(error);
        }
        return;
      }
      await Promise.all(left.map((lead) => runAlone(pool, playbook, lead, mine)));
      return;
    }
    accepted.forEach((lead, i) => {
      lead.resolve(outcomes[i] as PersonOutcome);
    });
  } finally {
    for (const key of held) coordination.busy.delete(key);
  }
}

/** One lead on its own, retried on conflicts; it never defers (its keys are held already, or nobody's). */
async function runAlone(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  lead: PendingLead,
  coordination: BatchCoordination,
): Promise<void> {
  const alone = { ...coordination, busy: new Set<string>(), held: [] };
  for (let attempt = 1; ; attempt++) {
    try {
      const { outcomes } = await attemptBatch(pool, playbook, [lead], alone);
      lead.resolve({ ...(outcomes[0] as PersonOutcome), attempts: attempt });
      return;
    } catch (error) {
      const code = pgCode(error);
      if (attempt < MAX_ATTEMPTS && RETRYABLE.has(code ?? '')) {
        await sleep(Math.random() * 2 ** Math.min(attempt, 6));
        continue;
      }
      // A server-reported failure wrote nothing, so every claimed turn goes back. A lost
      // connection may or may not have committed: then keep the turns (at worst one unused).
      if (code) await giveBack(pool, lead.claimed.values());
      lead.reject(
        code && RETRYABLE.has(code)
          ? new MopsError(
              'BUSY',
              `${lead.input.email} is being updated by many writes at once; retry in a moment`,
            )
          : error,
      );
      return;
    }
  }
}

/** One pass of IDENTIFY → engines → CLAIM → RECORD over the leads; throws when RECORD fails. */
async function attemptBatch(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  leads: PendingLead[],
  coordination: BatchCoordination & { held: string[] },
): Promise<{ accepted: PendingLead[]; outcomes: PersonOutcome[] }> {
  const nowOf = new Map(leads.map((lead) => [lead, lead.clock()]));
  const identified = await identify(
    pool,
    playbook,
    leads.map((lead) => lead.input),
    leads.map((lead) => nowOf.get(lead) as Date),
  );
  const { accepted, states, poolStates } = separateCollisions(leads, identified, coordination);
  if (accepted.length === 0) return { accepted, outcomes: [] };
  const nows = accepted.map((lead) => nowOf.get(lead) as Date);
  const evaluated = accepted.map((lead, i) =>
    evaluate(playbook, lead.input, states[i] as IdentifiedState, nows[i] as Date),
  );
  const claimIndex: number[] = [];
  const requests = evaluated.flatMap(({ evaluation }, i) => {
    const plan = evaluation.routing;
    if (plan?.kind !== 'pools') return [];
    claimIndex.push(i);
    return [{ poolIds: plan.poolIds, earlier: (accepted[i] as PendingLead).claimed, now: nows[i] as Date }];
  });
  const claims = requests.length > 0 ? await claimForLeads(pool, playbook, poolStates, requests) : [];
  const claimOf = new Map(claimIndex.map((leadIndex, i) => [leadIndex, claims[i]]));
  const docs = accepted.map((lead, i) => {
    const now = nows[i] as Date;
    const routedAt = lead.clock();
    const state = states[i] as IdentifiedState;
    const { person, merged, evaluation } = evaluated[i] as Evaluated;
    const claim = claimOf.get(i);
    return recordDocument({
      playbook,
      input: lead.input,
      person,
      isNew: state.isNew,
      seenVersion: state.version,
      previousStage: state.person.stage,
      account: state.account,
      accountIsNew: state.accountIsNew,
      accountMatch: state.accountMatch,
      accountChanged:
        !state.isNew && state.accountIdOnPerson !== (state.account?.id ?? null) && state.account !== null,
      fieldUpdates: merged.updates,
      evaluation,
      poolClaim: claim?.claim ?? null,
      poolTraces: claim?.traces ?? [],
      now,
      routedAt,
    });
  });
  const {
    rows: [written],
  } = await queryPool<{ events: Record<string, number> | null }>(pool, RECORD_SQL, [JSON.stringify(docs)]);
  // Turns claimed on an earlier attempt that this one did not use (the lead went elsewhere).
  const unused = accepted.flatMap((lead, i) => {
    const used = claimOf.get(i)?.claim ?? null;
    return [...lead.claimed.values()].filter((c) => c !== used);
  });
  if (unused.length > 0) await giveBack(pool, unused);
  const outcomes = states.map((state, i): PersonOutcome => {
    const { person, evaluation } = evaluated[i] as Evaluated;
    const routing = (
      docs[i] as { routing: { kind: string; rep_id?: string | null; queue?: string | null } | null }
    ).routing;
    return {
      personId: person.id,
      created: state.isNew,
      eventId: written?.events?.[person.id] ?? null,
      stage: evaluation.lifecycle.stage,
      ownerRepId: routing?.rep_id ?? state.ownerRepId,
      queue: routing?.kind === 'fallback' ? (routing.queue ?? null) : routing ? null : state.queue,
      evaluation,
      attempts: 1,
    };
  });
  return { accepted, outcomes };
}

interface Evaluated {
  person: PersonSnapshot;
  merged: { updates: FieldUpdate[] };
  evaluation: PersonEvaluation;
}

function evaluate(
  playbook: CompiledPlaybook,
  input: PersonInput,
  state: IdentifiedState,
  now: Date,
): Evaluated {
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
      reroute: input.reroute ?? false,
    },
    now,
    playbook,
  );
  return { person, merged, evaluation };
}

/**
 * Keeps each lead whose person and account no other lead of this batch or of a running batch is
 * writing, and defers the rest: two colleagues from a brand-new company must see each other (the
 * second is routed to the owner the first one's routing gave the account).
 */
function separateCollisions(
  leads: PendingLead[],
  identified: { states: IdentifiedState[]; poolStates: PoolMemberState[] },
  coordination: BatchCoordination & { held: string[] },
): { accepted: PendingLead[]; states: IdentifiedState[]; poolStates: PoolMemberState[] } {
  const accepted: PendingLead[] = [];
  const states: IdentifiedState[] = [];
  const deferred: PendingLead[] = [];
  leads.forEach((lead, i) => {
    const state = identified.states[i] as IdentifiedState;
    const keys = [`person:${state.person.id}`];
    if (state.account)
      keys.push(state.accountIsNew ? `domain:${state.account.domain}` : `account:${state.account.id}`);
    if (keys.some((key) => coordination.busy.has(key))) {
      deferred.push(lead);
      return;
    }
    for (const key of keys) coordination.busy.add(key);
    coordination.held.push(...keys);
    accepted.push(lead);
    states.push(state);
  });
  if (deferred.length > 0) coordination.defer(deferred);
  return { accepted, states, poolStates: identified.poolStates };
}

/** Giving back an unused turn is best effort: failing to do so skews a counter by one, never a lead. */
async function giveBack(pool: pg.Pool, claims: Iterable<PoolClaim>): Promise<void> {
  try {
    await releaseClaims(pool, claims);
  } catch {
    // The counters stay one ahead for this rep; nothing else depends on it.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs work for the same key one at a time (within this process), different keys in parallel. */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

const perEmail = new KeyedQueue();

interface IdentifiedState {
  person: PersonSnapshot;
  isNew: boolean;
  version: number | null;
  ownerRepId: string | null;
  queue: string | null;
  accountIdOnPerson: string | null;
  account: AccountSnapshot | null;
  accountIsNew: boolean;
  accountMatch: AccountMatch | null;
  entriesTodayByRule: Record<string, number>;
  pointsByRule: Record<string, number>;
}

async function identify(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  inputs: PersonInput[],
  nows: Date[],
): Promise<{ states: IdentifiedState[]; poolStates: PoolMemberState[] }> {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const keys = inputs.map((input) =>
    accountKeyOf({
      emailDomain: input.emailDomain,
      isFreeMail: input.isFreeMail,
      website: text(input.fields.website),
      company: input.companyName ?? text(input.fields.company),
    }),
  );
  const { rows } = await queryPool<{
    i: number;
    account: Parameters<typeof snapshotOfAccount>[0] | null;
    name_matches: number;
    person: Record<string, unknown> | null;
    ledger: { model: string; rule_id: string; points: number; today: number }[] | null;
    pools: PoolMemberRow[] | null;
  }>(pool, IDENTIFY_SQL, [
    JSON.stringify({
      timezone: playbook.source.workspace.timezone,
      lookups: inputs.map((input, i) => {
        const key = keys[i];
        return {
          i,
          now: (nows[i] as Date).toISOString(),
          email: input.email,
          domain: key && key.by !== 'company_name' ? key.domain : null,
          name_key: key?.by === 'company_name' ? key.nameKey : null,
        };
      }),
    }),
  ]);
  const states = inputs.map((input, i) =>
    stateOf(playbook, input, keys[i] ?? null, rows[i], nows[i] as Date),
  );
  return { states, poolStates: (rows[0]?.pools ?? []).map(memberStateOfRow) };
}

function stateOf(
  playbook: CompiledPlaybook,
  input: PersonInput,
  accountKey: AccountKey | null,
  found:
    | {
        account: Parameters<typeof snapshotOfAccount>[0] | null;
        name_matches: number;
        person: Record<string, unknown> | null;
        ledger: { model: string; rule_id: string; points: number; today: number }[] | null;
      }
    | undefined,
  now: Date,
): IdentifiedState {
  const domain = accountKey && accountKey.by !== 'company_name' ? accountKey.domain : null;
  // Only a work email's domain makes a new account; a website or company name only finds one.
  const mayCreate = accountKey?.by === 'email_domain';
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
    : domain && mayCreate
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
    version: row ? Number(row.version) : null,
    ownerRepId: row?.owner_rep_id ?? null,
    queue: row?.owner_queue ?? null,
    accountIdOnPerson: row?.account_id ?? null,
    account,
    accountIsNew: account !== null && !found?.account,
    accountMatch: accountKey ? { key: accountKey, nameMatches: found?.name_matches ?? 0 } : null,
    entriesTodayByRule,
    pointsByRule,
  };
}
