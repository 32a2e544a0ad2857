import {
  type AccountSnapshot,
  accountKeyOf,
  type CompiledPlaybook,
  evaluatePerson,
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
import { claimFromPools, type PoolClaim, releaseClaims } from './claim-pool.ts';
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
 * The lead pipeline for one person, in three statements: IDENTIFY (read the person, account,
 * ledger sums and pool counters), the pure engines (survivorship, scoring, lifecycle, routing
 * plan and ranking), CLAIM (only when a pool routes the lead), then RECORD — one atomic statement
 * that writes the event, every decision with its reason and playbook version, the person, the
 * account, the assignment and the follow-up job. If what was read changed meanwhile, RECORD aborts
 * and the pipeline runs again on fresh state.
 *
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
  return perEmail.run(input.email, () => runPipeline(pool, playbook, input, clock));
}

async function runPipeline(
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
        reroute: input.reroute ?? false,
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
      seenVersion: state.version,
      previousStage: state.person.stage,
      account: state.account,
      accountIsNew: state.accountIsNew,
      accountMatch: state.accountMatch,
      accountChanged:
        !state.isNew && state.accountIdOnPerson !== (state.account?.id ?? null) && state.account !== null,
      fieldUpdates: merged.updates,
      evaluation,
      poolClaim: pools.claim,
      poolTraces: pools.traces,
      now,
      routedAt: clock(),
    });
    let row: { event_id: number | null } | undefined;
    try {
      ({
        rows: [row],
      } = await queryPool<{ event_id: number | null }>(pool, RECORD_SQL, [JSON.stringify(doc)]));
    } catch (error) {
      const code = pgCode(error);
      if (attempt < MAX_ATTEMPTS && RETRYABLE.has(code ?? '')) {
        await sleep(Math.random() * 2 ** Math.min(attempt, 6));
        continue;
      }
      // A server-reported failure wrote nothing, so every claimed turn goes back. A lost
      // connection may or may not have committed: then keep the turns (at worst one unused).
      if (code) await giveBack(pool, claimed.values());
      if (code && RETRYABLE.has(code)) {
        throw new MopsError(
          'BUSY',
          `${input.email} is being updated by many writes at once; retry in a moment`,
        );
      }
      throw error;
    }
    await giveBack(
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
  }
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
  poolStates: PoolMemberState[];
}

async function identify(
  pool: pg.Pool,
  playbook: CompiledPlaybook,
  input: PersonInput,
  now: Date,
): Promise<IdentifiedState> {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const accountKey = accountKeyOf({
    emailDomain: input.emailDomain,
    isFreeMail: input.isFreeMail,
    website: text(input.fields.website),
    company: input.companyName ?? text(input.fields.company),
  });
  const domain = accountKey && accountKey.by !== 'company_name' ? accountKey.domain : null;
  // Only a work email's domain makes a new account; a website or company name only finds one.
  const mayCreate = accountKey?.by === 'email_domain';
  const { rows } = await queryPool<{
    account: Parameters<typeof snapshotOfAccount>[0] | null;
    name_matches: number;
    person: Record<string, unknown> | null;
    ledger: { model: string; rule_id: string; points: number; today: number }[] | null;
    pools: PoolMemberRow[] | null;
  }>(pool, IDENTIFY_SQL, [
    JSON.stringify({
      domain,
      name_key: accountKey?.by === 'company_name' ? accountKey.nameKey : null,
      email: input.email,
      now: now.toISOString(),
      timezone: playbook.source.workspace.timezone,
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
    poolStates: (found?.pools ?? []).map(memberStateOfRow),
  };
}
