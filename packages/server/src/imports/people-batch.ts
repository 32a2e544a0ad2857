import {
  type AccountSnapshot,
  accountKeyOf,
  type CompiledForm,
  type CompiledPlaybook,
  type ErrorDetail,
  evaluatePerson,
  type ImportColumnMapping,
  mergePersonFields,
  type PersonSnapshot,
  preparePersonRow,
  type ValidSubmission,
  type WashedPerson,
} from '@mops/core';
import type pg from 'pg';
import type { CsvRecord } from '../csv/read-csv.ts';
import { copyText } from '../db/copy-text.ts';
import { inTransaction } from '../db/in-transaction.ts';
import { pgCode } from '../db/pg-errors.ts';
import { newId } from '../ids.ts';
import type { PersonInput } from '../pipeline/process-person.ts';
import { recordDocument } from '../pipeline/record-document.ts';
import { snapshotOfAccount } from '../stores/account.store.ts';
import { personRowOfJson, snapshotOfRow } from '../stores/person.store.ts';
import {
  type BatchCopies,
  batchCopies,
  batchStatementInput,
  COPY_DECISIONS_SQL,
  COPY_JOBS_SQL,
  COPY_LEDGER_SQL,
  COPY_PEOPLE_SQL,
  COPY_TRANSITIONS_SQL,
  type ImportDocument,
} from './batch-copy.ts';
import { READ_BATCH_SQL, WRITE_BATCH_SQL } from './import-statements.ts';

export interface ImportReject {
  line: number;
  reasons: ErrorDetail[];
  /** The row's values as read, in the file's column order (the headers are on the import). */
  raw: string[];
}

export interface BatchCounts {
  rows: number;
  inserted: number;
  updated: number;
  merged: number;
  unchanged: number;
  rejected: number;
}

/** A batch after the pure steps (validate, wash, fold duplicate rows): ready to meet the database. */
export interface PreparedBatch {
  rows: number;
  throughLine: number;
  rejects: ImportReject[];
  /** One entry per email, in file order; later rows of the same email folded in. */
  people: PreparedPerson[];
  /** Rows folded into an earlier row of this file (same email). */
  foldedRows: number;
}

interface PreparedPerson {
  email: string;
  lines: number[];
  valid: ValidSubmission;
  washed: WashedPerson;
  /** An earlier batch of this import already wrote this email. */
  seenEarlier: boolean;
}

/** What preparing a batch needs (on a worker thread too: plain data plus the compiled playbook). */
export interface PrepareContext {
  mapping: ImportColumnMapping;
  form: CompiledForm;
  playbook: CompiledPlaybook;
  /** Emails of earlier batches of this import (for counting merges across batches). */
  seen: Set<string>;
}

export interface BatchContext extends PrepareContext {
  importId: string;
  source: string;
  fileName: string;
  headers: string[];
}

const MAX_ATTEMPTS = 6;
const RETRYABLE = new Set(['MO001', '40P01', '40001']);

/** Validate and wash every row; fold rows that share an email. Pure CPU work, no database. */
export function prepareBatch(records: CsvRecord[], ctx: PrepareContext): PreparedBatch {
  const rejects: ImportReject[] = [];
  const byEmail = new Map<string, PreparedPerson>();
  let foldedRows = 0;
  for (const record of records) {
    if (record.kind === 'malformed') {
      rejects.push({
        line: record.line,
        reasons: [{ path: '', code: 'CSV_MALFORMED', message: record.reason }],
        raw: rawRow(record.values),
      });
      continue;
    }
    const prepared = preparePersonRow(record.values, ctx.mapping, ctx.form, ctx.playbook);
    if (!prepared.ok) {
      rejects.push({ line: record.line, reasons: prepared.reasons, raw: rawRow(record.values) });
      continue;
    }
    const email = prepared.washed.email;
    const earlier = byEmail.get(email);
    if (earlier) {
      // Later rows are the more recent word on this person: same survivorship as a new submission.
      earlier.washed = {
        email,
        fields: mergePersonFields(earlier.washed.fields, prepared.washed.fields).fields,
        changes: [...earlier.washed.changes, ...prepared.washed.changes],
      };
      earlier.lines.push(record.line);
      foldedRows += 1;
      continue;
    }
    byEmail.set(email, {
      email,
      lines: [record.line],
      valid: prepared.valid,
      washed: prepared.washed,
      seenEarlier: ctx.seen.has(email),
    });
  }
  // Marked now, not after the write: the next batch is prepared while this one is being written.
  for (const email of byEmail.keys()) ctx.seen.add(email);
  return {
    rows: records.length,
    throughLine: records.at(-1)?.line ?? 0,
    rejects,
    people: [...byEmail.values()],
    foldedRows,
  };
}

/**
 * Reads the batch's people and accounts, runs the engines for each person, and writes the whole
 * batch in one statement. If someone else changed one of these people or created one of these
 * accounts in between, the statement aborts and the batch is read and decided again.
 */
export async function writeBatch(
  pool: pg.Pool,
  batch: PreparedBatch,
  ctx: BatchContext,
  now: () => Date,
): Promise<BatchCounts> {
  for (let attempt = 1; ; attempt++) {
    const decided = await decideBatch(pool, batch, ctx, now());
    try {
      const statementInput = JSON.stringify({
        ...batchStatementInput(decided.docs),
        rejects: batch.rejects,
        import: { id: ctx.importId, through_line: batch.throughLine, ...decided.counts },
      });
      await writeDecided(pool, statementInput, batchCopies(decided.docs));
      return decided.counts;
    } catch (error) {
      // Someone changed these people meanwhile (MO001) or created one of them (the COPY meets
      // their email), or a merge locked them in another order (deadlock, serialization): decide
      // the batch again on fresh state.
      if (retryable(error) && attempt < MAX_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        continue;
      }
      throw error;
    }
  }
}

const retryable = (error: unknown) =>
  RETRYABLE.has(pgCode(error) ?? '') ||
  (pgCode(error) === '23505' && (error as { constraint?: unknown }).constraint === 'people_email_key');

/**
 * One transaction: the statement (new accounts, updates of existing people, jobs that may be
 * pending already, the quarantine and the counters), then the append-only rows by COPY. `work_mem`
 * is raised for it so a batch of many updates keeps its parsed documents in memory.
 */
async function writeDecided(pool: pg.Pool, statementInput: string, copies: BatchCopies): Promise<void> {
  await inTransaction(pool, async (tx) => {
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    await tx.query(WRITE_BATCH_SQL, [statementInput]);
    const copy = async (sql: string, lines: string[]) => {
      if (lines.length > 0) await copyText(tx, sql, `${lines.join('\n')}\n`);
    };
    await copy(COPY_PEOPLE_SQL, copies.people);
    await copy(COPY_LEDGER_SQL, copies.ledger);
    await copy(COPY_TRANSITIONS_SQL, copies.transitions);
    await copy(COPY_DECISIONS_SQL, copies.decisions);
    await copy(COPY_JOBS_SQL, copies.jobs);
  });
}

async function decideBatch(
  pool: pg.Pool,
  batch: PreparedBatch,
  ctx: BatchContext,
  now: Date,
): Promise<{ docs: ImportDocument[]; counts: BatchCounts }> {
  const emails = batch.people.map((p) => p.email);
  const keys = new Map(batch.people.map((p) => [p.email, accountKeyFor(p)]));
  const domains = new Set<string>();
  const nameKeys = new Set<string>();
  for (const key of keys.values()) {
    if (key?.by === 'company_name') nameKeys.add(key.nameKey);
    else if (key) domains.add(key.domain);
  }
  const { rows } = await pool.query<{
    people: Record<string, unknown>[] | null;
    ledger: { person_id: string; rule_id: string; points: number }[] | null;
    accounts: (Parameters<typeof snapshotOfAccount>[0] & { name_key: string | null })[] | null;
  }>(READ_BATCH_SQL, [emails, [...domains], [...nameKeys]]);
  const found = rows[0];
  const people = new Map(
    (found?.people ?? []).map((json) => {
      const { lookup_email: lookup, ...row } = json;
      return [String(lookup), personRowOfJson(row)];
    }),
  );
  const fitByPerson = new Map<string, Record<string, number>>();
  for (const entry of found?.ledger ?? []) {
    const contributions = fitByPerson.get(entry.person_id) ?? {};
    contributions[entry.rule_id] = entry.points;
    fitByPerson.set(entry.person_id, contributions);
  }
  const accounts = new Map<string, { snapshot: AccountSnapshot; isNew: boolean }>(
    (found?.accounts ?? []).map((row) => [row.domain, { snapshot: snapshotOfAccount(row), isNew: false }]),
  );
  const byNameKey = new Map<string, { snapshot: AccountSnapshot; isNew: boolean }>();
  for (const row of found?.accounts ?? []) {
    if (row.name_key && !byNameKey.has(row.name_key)) {
      byNameKey.set(row.name_key, { snapshot: snapshotOfAccount(row), isNew: false });
    }
  }

  const counts: BatchCounts = {
    rows: batch.rows,
    inserted: 0,
    updated: 0,
    merged: batch.foldedRows,
    unchanged: 0,
    rejected: batch.rejects.length,
  };
  const docs: ImportDocument[] = [];
  for (const item of foldByPerson(batch.people, people, counts)) {
    const row = people.get(item.email);
    const key = keys.get(item.email) ?? null;
    const domain = key && key.by !== 'company_name' ? key.domain : null;
    let account = domain
      ? accounts.get(domain)
      : key?.by === 'company_name'
        ? byNameKey.get(key.nameKey)
        : undefined;
    // Only a work email's domain makes a new account; a website or company name only finds one.
    if (domain && !account && key?.by === 'email_domain') {
      // One new account per domain per batch: colleagues in one file share it.
      account = { snapshot: newAccount(domain, item, now), isNew: true };
      accounts.set(domain, account);
    }
    const existing: PersonSnapshot | null = row ? snapshotOfRow(row, fitByPerson.get(row.id) ?? {}) : null;
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
    if (!changed) {
      if (!item.seenEarlier) counts.unchanged += 1;
      else counts.merged += 1;
      continue;
    }
    if (item.seenEarlier) counts.merged += 1;
    else if (row) counts.updated += 1;
    else counts.inserted += 1;

    const input: PersonInput = {
      email: item.email,
      emailDomain: item.valid.emailDomain,
      isFreeMail: item.valid.isFreeMail,
      fields: item.washed.fields,
      washChanges: item.washed.changes,
      companyName: item.valid.fields.company ?? null,
      source: 'import',
      event: null,
      capturedAt: now,
      origin: { import_id: ctx.importId, file: ctx.fileName, lines: item.lines, import_source: ctx.source },
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
    docs.push({ ...doc, defer_routing: deferRouting });
  }
  return { docs, counts };
}

/**
 * Two emails of one person in one batch (a merged record's address and its survivor's): one
 * write per person, so the later row folds into the earlier as rows of one email do.
 */
function foldByPerson(
  items: PreparedPerson[],
  people: Map<string, { id: string }>,
  counts: BatchCounts,
): PreparedPerson[] {
  const first = new Map<string, PreparedPerson>();
  const out: PreparedPerson[] = [];
  for (const item of items) {
    const id = people.get(item.email)?.id;
    const earlier = id ? first.get(id) : undefined;
    if (!earlier) {
      if (id) first.set(id, item);
      out.push(item);
      continue;
    }
    earlier.washed = {
      email: earlier.washed.email,
      fields: mergePersonFields(earlier.washed.fields, item.washed.fields).fields,
      changes: [...earlier.washed.changes, ...item.washed.changes],
    };
    earlier.lines.push(...item.lines);
    counts.merged += 1;
  }
  return out;
}

function accountKeyFor(item: PreparedPerson) {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return accountKeyOf({
    emailDomain: item.valid.emailDomain,
    isFreeMail: item.valid.isFreeMail,
    website: text(item.washed.fields.website),
    company: item.valid.fields.company ?? null,
  });
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

/** The row as the file had it, for the quarantine (bounded, and storable: jsonb cannot hold NUL). */
export const rawRow = (values: readonly string[]): string[] =>
  values.slice(0, 500).map((value) => value.replaceAll('\u0000', '\uFFFD').slice(0, 10_000));
