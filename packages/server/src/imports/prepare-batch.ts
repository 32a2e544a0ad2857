import {
  type AccountKey,
  accountKeyOf,
  type CompiledForm,
  type CompiledPlaybook,
  type ErrorDetail,
  type ImportColumnMapping,
  mergePersonFields,
  preparePersonRow,
  type ValidSubmission,
  type WashedPerson,
} from '@mops/core';
import type { CsvRecord } from '../csv/read-csv.ts';
import type { LaterRow } from './repeated-emails.ts';

/*
 * The pure steps of a people import's batch — validate, wash, fold rows of one email — with no
 * database. They run on a worker thread for a large file (prepare.worker.ts).
 */

export interface ImportReject {
  line: number;
  reasons: ErrorDetail[];
  /** The row's values as read, in the file's column order (the headers are on the import). */
  raw: string[];
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

export interface PreparedPerson {
  email: string;
  lines: number[];
  valid: ValidSubmission;
  washed: WashedPerson;
  /** An earlier batch of this import (prepared before this one) had this email: counted as merged. */
  seenEarlier: boolean;
  /** What the person's account is looked up by (work email domain, website, company name). */
  accountKey: AccountKey | null;
}

/** What preparing a batch needs (on a worker thread too: plain data plus the compiled playbook). */
export interface PrepareContext {
  mapping: ImportColumnMapping;
  form: CompiledForm;
  playbook: CompiledPlaybook;
  /** Emails of earlier batches of this import (for counting merges across batches). */
  seen: Set<string>;
  /** Later rows of the emails the file repeats (repeated-emails.ts), taken at each email's first row. */
  later: Map<string, LaterRow[]>;
  /** Lines already applied with their email's first row: each counts as merged where it stands. */
  applied: Set<number>;
}

/** Validate and wash every row; fold rows that share an email. Pure CPU work, no database. */
export function prepareBatch(records: CsvRecord[], ctx: PrepareContext): PreparedBatch {
  const rejects: ImportReject[] = [];
  const byEmail = new Map<string, PreparedPerson>();
  let foldedRows = 0;
  for (const record of records) {
    if (ctx.applied.has(record.line)) {
      foldedRows += 1;
      continue;
    }
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
    const person: PreparedPerson = {
      email,
      lines: [record.line],
      valid: prepared.valid,
      washed: prepared.washed,
      seenEarlier: ctx.seen.has(email),
      accountKey: null,
    };
    if (!person.seenEarlier) foldLaterRows(person, ctx);
    byEmail.set(email, person);
  }
  for (const person of byEmail.values()) {
    // After folding: a later row's website counts. Marked seen now, not after the write: the
    // next batch is prepared while this one is being written.
    person.accountKey = accountKeyFor(person);
    ctx.seen.add(person.email);
  }
  return {
    rows: records.length,
    throughLine: records.at(-1)?.line ?? 0,
    rejects,
    people: [...byEmail.values()],
    foldedRows,
  };
}

/**
 * The email's first row in the file: its later rows, wherever they are, fold in now (the later
 * row's non-empty values win), so the person is written once with all of them. A later row that
 * does not validate is left to be rejected at its own line.
 */
function foldLaterRows(person: PreparedPerson, ctx: PrepareContext): void {
  const rows = ctx.later.get(person.email);
  if (!rows) return;
  ctx.later.delete(person.email);
  for (const row of rows) {
    // Rows before this one were rejected (this is the email's first valid row) or are this one.
    if (row.line <= (person.lines[0] ?? 0)) continue;
    const prepared = preparePersonRow(row.values, ctx.mapping, ctx.form, ctx.playbook);
    if (!prepared.ok || prepared.washed.email !== person.email) continue;
    // In place: an email repeated on thousands of rows (info@…) must not cost a copy per row.
    person.washed.fields = mergePersonFields(person.washed.fields, prepared.washed.fields).fields;
    for (const change of prepared.washed.changes) person.washed.changes.push(change);
    person.lines.push(row.line);
    ctx.applied.add(row.line);
  }
}

function accountKeyFor(person: PreparedPerson): AccountKey | null {
  const website = person.washed.fields.website;
  return accountKeyOf({
    emailDomain: person.valid.emailDomain,
    isFreeMail: person.valid.isFreeMail,
    website: typeof website === 'string' ? website : null,
    company: person.valid.fields.company ?? null,
  });
}

/** The row as the file had it, for the quarantine (bounded, and storable: jsonb cannot hold NUL). */
export const rawRow = (values: readonly string[]): string[] =>
  values.slice(0, 500).map((value) => value.replaceAll('\u0000', '\uFFFD').slice(0, 10_000));
