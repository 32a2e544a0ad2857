import {
  type AccountKey,
  type AccountSnapshot,
  type CompiledPlaybook,
  evaluatePerson,
  mergePersonFields,
  type PersonSnapshot,
} from '@mops/core';
import type pg from 'pg';
import { newId } from '../ids.ts';
import type { PersonInput } from '../pipeline/process-person.ts';
import { recordDocument } from '../pipeline/record-document.ts';
import { snapshotOfAccount } from '../stores/account.store.ts';
import { type PersonRow, personRowOfJson, snapshotOfRow } from '../stores/person.store.ts';
import { type BatchCopies, documentCopies, type ImportDocument } from './batch-copy.ts';
import { READ_BATCH_SQL } from './import-statements.ts';
import type { PreparedBatch, PreparedPerson } from './prepare-batch.ts';

/*
 * Deciding a prepared batch: read its people and accounts, fold emails that lead to one person,
 * and run the engines for each person. A decision can be made while the batch before is still
 * being written and then brought up to date (redecide-after.ts).
 */

export interface DecideContext {
  importId: string;
  source: string;
  fileName: string;
  playbook: CompiledPlaybook;
}

interface AccountEntry {
  snapshot: AccountSnapshot;
  isNew: boolean;
}

/** What the database said about a set of people: read once per decision. */
interface BatchState {
  /** By the email looked up (a merged record's email leads to its survivor). */
  people: Map<string, PersonRow>;
  fitByPerson: Map<string, Record<string, number>>;
  accounts: Map<string, AccountEntry>;
  byNameKey: Map<string, AccountEntry>;
}

/** One person's part of a batch. */
export interface PersonDecision {
  /** The file's prepared rows that lead to this person (more than one: emails of one person). */
  sources: PreparedPerson[];
  /** The person as read (null: new), and the account key looked up. */
  foundId: string | null;
  key: AccountKey | null;
  outcome: 'inserted' | 'updated' | 'merged' | 'unchanged';
  /** What is written for the person; null when nothing changed. */
  doc: ImportDocument | null;
  /** The document's COPY lines (made while deciding: the batch before may still be writing). */
  copies: BatchCopies | null;
}

export interface BatchDecision {
  batch: PreparedBatch;
  people: PersonDecision[];
}

export interface BatchCounts {
  rows: number;
  inserted: number;
  updated: number;
  merged: number;
  unchanged: number;
  rejected: number;
}

export async function decideBatch(
  pool: pg.Pool,
  batch: PreparedBatch,
  ctx: DecideContext,
  now: Date,
): Promise<BatchDecision> {
  return { batch, people: await decideFresh(pool, batch.people, ctx, now) };
}

/** Reads these prepared people's state and decides them. */
export async function decideFresh(
  pool: pg.Pool,
  people: readonly PreparedPerson[],
  ctx: DecideContext,
  now: Date,
): Promise<PersonDecision[]> {
  return decidePeople(people, await readState(pool, people), ctx, now);
}

export const docsOf = (decision: BatchDecision): ImportDocument[] =>
  decision.people.flatMap((person) => (person.doc ? [person.doc] : []));

export function countsOf(decision: BatchDecision): BatchCounts {
  const counts: BatchCounts = {
    rows: decision.batch.rows,
    inserted: 0,
    updated: 0,
    merged: decision.batch.foldedRows,
    unchanged: 0,
    rejected: decision.batch.rejects.length,
  };
  for (const person of decision.people) {
    counts[person.outcome] += 1;
    // Further emails that led to the same person were folded into its write.
    counts.merged += person.sources.length - 1;
  }
  return counts;
}

async function readState(pool: pg.Pool, people: readonly PreparedPerson[]): Promise<BatchState> {
  const domains = new Set<string>();
  const nameKeys = new Set<string>();
  for (const person of people) {
    const key = person.accountKey;
    if (key?.by === 'company_name') nameKeys.add(key.nameKey);
    else if (key) domains.add(key.domain);
  }
  const { rows } = await pool.query<{
    people: Record<string, unknown>[] | null;
    ledger: { person_id: string; rule_id: string; points: number }[] | null;
    accounts: (Parameters<typeof snapshotOfAccount>[0] & { name_key: string | null })[] | null;
  }>(READ_BATCH_SQL, [people.map((p) => p.email), [...domains], [...nameKeys]]);
  const found = rows[0];
  const fitByPerson = new Map<string, Record<string, number>>();
  for (const entry of found?.ledger ?? []) {
    const contributions = fitByPerson.get(entry.person_id) ?? {};
    contributions[entry.rule_id] = entry.points;
    fitByPerson.set(entry.person_id, contributions);
  }
  const byNameKey = new Map<string, AccountEntry>();
  for (const row of found?.accounts ?? []) {
    // A shared company name: the read's order puts a named account first, then the oldest.
    if (row.name_key && !byNameKey.has(row.name_key)) {
      byNameKey.set(row.name_key, { snapshot: snapshotOfAccount(row), isNew: false });
    }
  }
  return {
    people: new Map(
      (found?.people ?? []).map((json) => {
        const { lookup_email: lookup, ...row } = json;
        return [String(lookup), personRowOfJson(row)];
      }),
    ),
    fitByPerson,
    accounts: new Map(
      (found?.accounts ?? []).map((row) => [row.domain, { snapshot: snapshotOfAccount(row), isNew: false }]),
    ),
    byNameKey,
  };
}

/**
 * Runs the engines for each person. It yields to the event loop every few people: a batch is
 * decided while the one before is written on this thread's connection, and each of that write's
 * round trips (statements, COPYs, COMMIT) waits for this thread — measured on 2,000-row batches,
 * deciding in one go stretched the write beside it from ~220 to ~330 ms; yielding every 16
 * people instead of every 50 gave +5 % rows/s (three alternating runs each).
 */
async function decidePeople(
  prepared: readonly PreparedPerson[],
  state: BatchState,
  ctx: DecideContext,
  now: Date,
): Promise<PersonDecision[]> {
  const decisions: PersonDecision[] = [];
  for (const { item, sources } of foldByPerson(prepared, state.people)) {
    if (decisions.length % PEOPLE_PER_SLICE === PEOPLE_PER_SLICE - 1) await new Promise(setImmediate);
    const row = state.people.get(item.email);
    // The first row's key: it is what the read looked up (a folded row's website does not move it).
    const key = sources[0]?.accountKey ?? null;
    const domain = key && key.by !== 'company_name' ? key.domain : null;
    let account = domain
      ? state.accounts.get(domain)
      : key?.by === 'company_name'
        ? state.byNameKey.get(key.nameKey)
        : undefined;
    // Only a work email's domain makes a new account; a website or company name only finds one.
    if (domain && !account && key?.by === 'email_domain') {
      // One new account per domain per batch: colleagues in one file share it.
      account = { snapshot: newAccount(domain, item, now), isNew: true };
      state.accounts.set(domain, account);
    }
    const existing: PersonSnapshot | null = row
      ? snapshotOfRow(row, state.fitByPerson.get(row.id) ?? {})
      : null;
    const merged = existing
      ? mergePersonFields(existing.fields, item.washed.fields)
      : { fields: item.washed.fields, updates: [] };
    const person: PersonSnapshot = existing
      ? { ...existing, fields: merged.fields }
      : {
          id: newId(now.getTime()),
          email: item.email,
          fields: item.washed.fields,
          stage: ctx.playbook.initialStage,
          ownerRepId: null,
          fitScore: 0,
          engagementScore: 0,
          engagementDecayedAt: null,
          fitContributions: {},
        };
    const evaluation = evaluatePerson(
      {
        person,
        account: account?.snapshot ?? null,
        event: null,
        history: { entriesTodayByRule: {}, pointsByRule: {} },
      },
      now,
      ctx.playbook,
    );
    const accountChanged =
      row !== undefined && account !== undefined && row.account_id !== account.snapshot.id;
    const changed =
      !row ||
      merged.updates.length > 0 ||
      accountChanged ||
      evaluation.ledger.length > 0 ||
      evaluation.lifecycle.transitions.length > 0;
    const decided = { sources, foundId: row?.id ?? null, key };
    if (!changed) {
      decisions.push({
        ...decided,
        outcome: item.seenEarlier ? 'merged' : 'unchanged',
        doc: null,
        copies: null,
      });
      continue;
    }
    const input: PersonInput = {
      email: item.email,
      emailDomain: item.valid.emailDomain,
      isFreeMail: item.valid.isFreeMail,
      fields: item.washed.fields,
      washChanges:
        item.washed.changes.length > CHANGES_EXPLAINED
          ? item.washed.changes.slice(-CHANGES_EXPLAINED)
          : item.washed.changes,
      companyName: item.valid.fields.company ?? null,
      source: 'import',
      event: null,
      capturedAt: now,
      origin: {
        import_id: ctx.importId,
        file: ctx.fileName,
        // An email repeated on thousands of rows: the decision names the first lines and the count.
        lines: item.lines.length > LINES_EXPLAINED ? item.lines.slice(0, LINES_EXPLAINED) : item.lines,
        ...(item.lines.length > LINES_EXPLAINED ? { lines_total: item.lines.length } : {}),
        import_source: ctx.source,
      },
    };
    const deferRouting = evaluation.routing !== null;
    const doc = recordDocument({
      playbook: ctx.playbook,
      input,
      person,
      isNew: !row,
      seenVersion: row ? Number(row.version) : null,
      previousStage: person.stage,
      account: account?.snapshot ?? null,
      accountIsNew: account?.isNew ?? false,
      accountMatch: key ? { key, nameMatches: 0 } : null,
      accountChanged,
      fieldUpdates: merged.updates,
      // Imports never claim a rep inline: the route-person job does, through the form path's engine.
      evaluation: deferRouting
        ? { ...evaluation, routing: null, routingNote: `${evaluation.routingNote}; routing runs as a job` }
        : evaluation,
      poolClaim: null,
      poolTraces: [],
      now,
      routedAt: now,
    });
    const written: ImportDocument = { ...doc, defer_routing: deferRouting };
    decisions.push({
      ...decided,
      outcome: item.seenEarlier ? 'merged' : row ? 'updated' : 'inserted',
      doc: written,
      copies: documentCopies(written),
    });
  }
  return decisions;
}

const PEOPLE_PER_SLICE = 16;
/** Lines and wash changes an intake decision lists at most (the rest are counted). */
const LINES_EXPLAINED = 50;
const CHANGES_EXPLAINED = 100;

/**
 * Two emails of one person in one batch (a merged record's address and its survivor's): one
 * write per person, so the later row folds into the earlier as rows of one email do. The
 * prepared rows are not changed (a decision may be made again from them).
 */
function foldByPerson(
  prepared: readonly PreparedPerson[],
  people: Map<string, { id: string }>,
): { item: PreparedPerson; sources: PreparedPerson[] }[] {
  const byId = new Map<string, { item: PreparedPerson; sources: PreparedPerson[] }>();
  const out: { item: PreparedPerson; sources: PreparedPerson[] }[] = [];
  for (const source of prepared) {
    const id = people.get(source.email)?.id;
    const earlier = id ? byId.get(id) : undefined;
    if (!earlier) {
      const entry = { item: source, sources: [source] };
      if (id) byId.set(id, entry);
      out.push(entry);
      continue;
    }
    earlier.item = {
      ...earlier.item,
      washed: {
        email: earlier.item.washed.email,
        fields: mergePersonFields(earlier.item.washed.fields, source.washed.fields).fields,
        changes: [...earlier.item.washed.changes, ...source.washed.changes],
      },
      lines: [...earlier.item.lines, ...source.lines],
    };
    earlier.sources.push(source);
  }
  return out;
}

function newAccount(domain: string, item: PreparedPerson, now: Date): AccountSnapshot {
  return {
    id: newId(now.getTime()),
    domain,
    name: item.valid.fields.company ?? null,
    employees: null,
    industry: null,
    country: null,
    ownerRepId: null,
    named: false,
  };
}
