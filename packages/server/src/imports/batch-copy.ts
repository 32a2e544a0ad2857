import type { FieldValue } from '@mops/core';
import { copyJson, copyLine } from '../db/copy-text.ts';
import { PERSON_STATE_COLUMNS } from '../pipeline/person-statements.ts';
import type { RecordDocument } from '../pipeline/record-document.ts';
import { PERSON_FIELD_COLUMNS } from '../stores/person.store.ts';

/*
 * A decided import batch as COPY text, one per table. The append-only rows — new people, their
 * score ledger, stage transitions, decisions and enrichment jobs — go by COPY; what must check or
 * lock existing rows (new accounts, updates of existing people, jobs that may already be pending,
 * the quarantine and the import's counters) stays in the batch statement. Both run in one
 * transaction, so a batch is still written whole or not at all.
 *
 * Measured on 2,000-row batches: PostgreSQL parsed the batch's ~4 MB JSON document in ~100 ms and
 * built each row from it in the statement; COPY text needs neither.
 */

export type ImportDocument = RecordDocument & { defer_routing: boolean };

/** Column lists of the COPY statements (and the order of each line's values). */
const PERSON_STATE = PERSON_STATE_COLUMNS.split(',').map((name) => name.trim());
export const COPY_PEOPLE_SQL = `COPY people (id, email, account_id, ${PERSON_STATE.join(', ')}, source, created_at, updated_at) FROM STDIN`;
export const COPY_LEDGER_SQL = `COPY score_ledger (person_id, model, rule_id, points, reason, inputs, playbook_version_id,
  created_at) FROM STDIN`;
export const COPY_TRANSITIONS_SQL = `COPY stage_transitions (person_id, from_stage, to_stage, rule_id, reason,
  reason_code, backward, inputs, playbook_version_id, created_at) FROM STDIN`;
export const COPY_DECISIONS_SQL = `COPY decisions (person_id, account_id, kind, reason, inputs, outputs,
  playbook_version_id, created_at) FROM STDIN`;
export const COPY_JOBS_SQL = `COPY jobs (task, payload, unique_key, max_attempts) FROM STDIN`;

type Person = RecordDocument['person'];

/**
 * How each person-state column is filled for a new person — the same values the statements' SQL
 * (PERSON_STATE_VALUES) takes from the document. A column added there without a rule here fails
 * on load, not by writing NULL.
 */
const STATE_VALUE: Record<string, (person: Person, now: string) => string | null> = {
  custom: (person) => JSON.stringify(person.custom),
  stage: (person) => person.stage,
  stage_entered_at: (_, now) => now,
  fit_score: (person) => numericText(person.fit_delta, 'fit score'),
  engagement_score: (person) => numericText(person.engagement_delta, 'engagement score'),
  engagement_decayed_at: (person) => person.decayed_at,
  grade: (person) => person.grade,
};
const COLUMN_VALUED = new Set(PERSON_FIELD_COLUMNS);
const STATE_FILLERS = PERSON_STATE.map((column) => {
  const rule = STATE_VALUE[column];
  if (rule) return rule;
  if (!COLUMN_VALUED.has(column))
    throw new Error(`batch-copy: no rule fills people.${column} for a new person`);
  return (person: Person) => columnText(person.columns[column]);
});

/** A field as jsonb's `->>` would give it: text as is, a number in plain decimal, a boolean as true/false. */
function columnText(value: FieldValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return numericText(value, 'field');
  return typeof value === 'string' ? value : String(value);
}

/**
 * A number as PostgreSQL's numeric prints it (1e21 and 1e-7 in plain decimal, as the JSON path
 * stored them). Not a finite number is an error, as it was there (JSON has no NaN).
 */
function numericText(value: number, what: string): string {
  if (!Number.isFinite(value)) throw new Error(`batch-copy: the ${what} ${value} is not a finite number`);
  const text = String(value);
  return /e/i.test(text)
    ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
    : text;
}

export interface BatchCopies {
  people: string[];
  ledger: string[];
  transitions: string[];
  decisions: string[];
  jobs: string[];
}

/** The COPY lines of a decided batch; `people` and `jobs` hold new people only (see above). */
export function batchCopies(docs: readonly ImportDocument[]): BatchCopies {
  return mergeCopies(docs.map(documentCopies));
}

export function mergeCopies(parts: readonly BatchCopies[]): BatchCopies {
  const copies: BatchCopies = { people: [], ledger: [], transitions: [], decisions: [], jobs: [] };
  for (const part of parts) {
    for (const line of part.people) copies.people.push(line);
    for (const line of part.ledger) copies.ledger.push(line);
    for (const line of part.transitions) copies.transitions.push(line);
    for (const line of part.decisions) copies.decisions.push(line);
    for (const line of part.jobs) copies.jobs.push(line);
  }
  return copies;
}

/** One person's COPY lines: made as the person is decided, so a batch's write only joins them. */
export function documentCopies(doc: ImportDocument): BatchCopies {
  const copies: BatchCopies = { people: [], ledger: [], transitions: [], decisions: [], jobs: [] };
  const { person, now } = doc;
  const version = String(doc.version);
  if (person.is_new) {
    const state = STATE_FILLERS.map((fill) => fill(person, now));
    copies.people.push(
      copyLine([person.id, person.email, doc.account?.id ?? null, ...state, 'import', now, now]),
    );
    if (doc.enrich) {
      const payload = JSON.stringify({ personId: person.id });
      copies.jobs.push(copyLine(['enrich-person', payload, `enrich-person:${person.id}`, '6']));
    }
  }
  for (const entry of doc.ledger) {
    copies.ledger.push(
      copyLine([
        person.id,
        entry.model,
        entry.ruleId,
        String(entry.points),
        entry.reason,
        copyJson(entry.inputs ?? {}),
        version,
        now,
      ]),
    );
  }
  for (const step of doc.transitions) {
    copies.transitions.push(
      copyLine([
        person.id,
        step.from,
        step.to,
        step.ruleId,
        step.reason,
        step.reasonCode ?? null,
        step.backward ? 't' : 'f',
        copyJson(step.inputs ?? {}),
        version,
        now,
      ]),
    );
  }
  for (const decision of doc.decisions) {
    copies.decisions.push(
      copyLine([
        person.id,
        decision.about_account ? (doc.account?.id ?? null) : null,
        decision.kind,
        decision.reason,
        copyJson(decision.inputs),
        copyJson(decision.outputs),
        version,
        now,
      ]),
    );
  }
  return copies;
}

/**
 * What the batch's statements need: the accounts to create; existing people's new state (with
 * the version each was read at) and jobs that may already be pending — the write statement adds
 * the quarantine rows and counters.
 */
export function batchStatementInput(docs: readonly ImportDocument[]) {
  const newAccounts = new Map<
    string,
    { id: string; domain: string; name: string | null; name_key: string | null; now: string }
  >();
  const updates: { now: string; person: Person; account_id: string | null }[] = [];
  const enrichExisting: string[] = [];
  const route: { email: string; captured_at: string }[] = [];
  for (const doc of docs) {
    const { account, person } = doc;
    if (account?.is_new && !newAccounts.has(account.domain)) {
      newAccounts.set(account.domain, { ...account, now: doc.now });
    }
    if (!person.is_new) {
      updates.push({ now: doc.now, person, account_id: account?.id ?? null });
      if (doc.enrich) enrichExisting.push(person.id);
    }
    if (doc.defer_routing) route.push({ email: person.email, captured_at: doc.now });
  }
  return { updates, newAccounts: [...newAccounts.values()], enrichExisting, route };
}
