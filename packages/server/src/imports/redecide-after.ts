import type { AccountKey } from '@mops/core';
import type pg from 'pg';
import { type BatchDecision, type DecideContext, decideFresh, type PersonDecision } from './decide-batch.ts';

/*
 * Batch N+1 is decided while batch N is still being written, so its read may not see what N
 * wrote. What N wrote is its footprint; before N+1 is written, the people it touches are decided
 * again (run-import.ts drives the order).
 */

/** What a written batch may have changed for the batch after it. */
export interface Footprint {
  emails: Set<string>;
  personIds: Set<string>;
  /** Accounts it created, by domain and by company-name key. */
  domains: Set<string>;
  nameKeys: Set<string>;
}

export function footprintOf(decision: BatchDecision): Footprint {
  const footprint: Footprint = {
    emails: new Set(),
    personIds: new Set(),
    domains: new Set(),
    nameKeys: new Set(),
  };
  for (const person of decision.people) {
    if (!person.doc) continue;
    for (const source of person.sources) footprint.emails.add(source.email);
    footprint.emails.add(person.doc.person.email);
    footprint.personIds.add(person.doc.person.id);
    const account = person.doc.account;
    if (account?.is_new) {
      footprint.domains.add(account.domain);
      if (account.name_key) footprint.nameKeys.add(account.name_key);
    }
  }
  return footprint;
}

/**
 * Brings a decision made before `previous` was committed up to date. A person is decided again
 * when that batch wrote them (by email, or the person an email leads to) or created the account
 * they are looked up by — and with them everyone in this batch sharing that account key, since
 * colleagues share one new account. For everyone else this import's own writes change nothing a
 * fresh read would return; other writers' changes meanwhile are left to the write's guards, as
 * for any read-then-write. This step is required, not a shortcut: the guards catch a stale new
 * person or new account, but not a person left unlinked from an account by website or name.
 */
export async function redecideAfter(
  pool: pg.Pool,
  decision: BatchDecision,
  previous: Footprint,
  ctx: DecideContext,
  now: Date,
): Promise<{ decision: BatchDecision; redecided: number }> {
  const keyOf = (key: AccountKey | null) =>
    key === null ? null : key.by === 'company_name' ? `n:${key.nameKey}` : `d:${key.domain}`;
  const touched = (person: PersonDecision) =>
    person.sources.some((source) => previous.emails.has(source.email)) ||
    (person.foundId !== null && previous.personIds.has(person.foundId)) ||
    (person.key !== null &&
      (person.key.by === 'company_name'
        ? previous.nameKeys.has(person.key.nameKey)
        : previous.domains.has(person.key.domain)));
  const touchedPeople = new Set(decision.people.filter(touched));
  const staleKeys = new Set<string>();
  for (const person of touchedPeople) {
    const key = keyOf(person.key);
    if (key !== null) staleKeys.add(key);
  }
  const stale = (person: PersonDecision) =>
    touchedPeople.has(person) || staleKeys.has(keyOf(person.key) ?? '');
  const kept: PersonDecision[] = [];
  const again: PersonDecision[] = [];
  for (const person of decision.people) (stale(person) ? again : kept).push(person);
  if (again.length === 0) return { decision, redecided: 0 };
  const sources = again.flatMap((person) => person.sources);
  const fresh = await decideFresh(pool, sources, ctx, now);
  return { decision: { batch: decision.batch, people: [...kept, ...fresh] }, redecided: sources.length };
}
