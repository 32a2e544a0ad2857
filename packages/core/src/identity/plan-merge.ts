// Merging two records of one person: which record survives, and which value of each field,
// by the playbook's survivorship rules. Pure; the shell applies the plan and can undo it.

import type { FieldValue } from '../model.ts';
import type { Dedupe, SurvivorshipRule } from '../playbook/playbook.schema.ts';
import { DERIVED_FROM, type FieldUpdate } from './merge-fields.ts';

export interface MergeRecord {
  id: string;
  email: string;
  fields: Record<string, FieldValue>;
  /** Where the record came from (form, api, import, enrichment, crm). */
  source: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface FieldChoice {
  field: string;
  value: FieldValue;
  /** Whose value survived. */
  from: 'survivor' | 'merged';
  rule: SurvivorshipRule;
  reason: string;
  survivorValue: FieldValue;
  mergedValue: FieldValue;
}

export interface MergePlan {
  survivorId: string;
  mergedId: string;
  /** The survivor's fields after the merge. */
  fields: Record<string, FieldValue>;
  /** Every field where the two records disagreed (or one was empty), with the rule that decided. */
  choices: FieldChoice[];
  /** What changes on the survivor. */
  updates: FieldUpdate[];
}

/** Identity and derived-from-email fields never move between records. */
const NOT_MERGED = new Set(['email', 'email_domain', 'is_free_mail']);
const DERIVED = new Set(Object.values(DERIVED_FROM).flat());

/**
 * The established record survives: the one created first (it is the one CRM links and reports
 * already point at); a tie goes to the smaller id so the choice never depends on argument order.
 */
export function chooseSurvivor(a: MergeRecord, b: MergeRecord): [survivor: MergeRecord, merged: MergeRecord] {
  const older = a.createdAt.getTime() - b.createdAt.getTime();
  if (older < 0 || (older === 0 && a.id < b.id)) return [a, b];
  return [b, a];
}

export function planMerge(survivor: MergeRecord, merged: MergeRecord, dedupe: Dedupe): MergePlan {
  const fields = { ...survivor.fields };
  const choices: FieldChoice[] = [];
  const updates: FieldUpdate[] = [];
  const names = new Set([...Object.keys(survivor.fields), ...Object.keys(merged.fields)]);
  for (const field of names) {
    if (NOT_MERGED.has(field) || DERIVED.has(field)) continue;
    const mine = survivor.fields[field] ?? null;
    const theirs = merged.fields[field] ?? null;
    if (!present(theirs) || mine === theirs) continue;
    const rule = dedupe.survivorship[field] ?? dedupe.survivorship.default ?? 'most_recent';
    const decided = present(mine)
      ? decide(rule, survivor, merged, mine, theirs, dedupe)
      : { from: 'merged' as const, reason: 'the surviving record had no value' };
    choices.push({
      field,
      value: decided.from === 'merged' ? theirs : mine,
      from: decided.from,
      rule,
      reason: decided.reason,
      survivorValue: mine,
      mergedValue: theirs,
    });
    if (decided.from === 'merged') {
      const set = (name: string, value: FieldValue) => {
        const before = fields[name] ?? null;
        if (before === value) return;
        fields[name] = value;
        updates.push({ field: name, from: before, to: value });
      };
      set(field, theirs);
      // Derived fields travel with their source (a title brings its function and seniority).
      for (const dependent of DERIVED_FROM[field] ?? []) set(dependent, merged.fields[dependent] ?? null);
    }
  }
  return { survivorId: survivor.id, mergedId: merged.id, fields, choices, updates };
}

function decide(
  rule: SurvivorshipRule,
  survivor: MergeRecord,
  merged: MergeRecord,
  mine: FieldValue,
  theirs: FieldValue,
  dedupe: Dedupe,
): { from: 'survivor' | 'merged'; reason: string } {
  switch (rule) {
    case 'never_overwrite':
      return { from: 'survivor', reason: 'never overwritten once set' };
    case 'most_complete': {
      const a = String(mine).trim().length;
      const b = String(theirs).trim().length;
      return b > a
        ? { from: 'merged', reason: `the merged record's value is more complete (${b} vs ${a} characters)` }
        : {
            from: 'survivor',
            reason: `the surviving value is at least as complete (${a} vs ${b} characters)`,
          };
    }
    case 'source_priority': {
      const rank = (source: string) => {
        const i = dedupe.source_priority.indexOf(source as never);
        return i === -1 ? Number.MAX_SAFE_INTEGER : i;
      };
      const a = rank(survivor.source);
      const b = rank(merged.source);
      if (a !== b) {
        return b < a
          ? { from: 'merged', reason: `source ${merged.source} ranks above ${survivor.source}` }
          : { from: 'survivor', reason: `source ${survivor.source} ranks above ${merged.source}` };
      }
      return mostRecent(survivor, merged, `both from ${survivor.source}; `);
    }
    default:
      return mostRecent(survivor, merged, '');
  }
}

function mostRecent(survivor: MergeRecord, merged: MergeRecord, prefix: string) {
  return merged.updatedAt.getTime() > survivor.updatedAt.getTime()
    ? { from: 'merged' as const, reason: `${prefix}the merged record was updated more recently` }
    : { from: 'survivor' as const, reason: `${prefix}the surviving record was updated at least as recently` };
}

const present = (value: FieldValue): boolean => value !== null && value !== '';
