import type { FieldValue } from '../model.ts';

export interface FieldUpdate {
  field: string;
  from: FieldValue;
  to: FieldValue;
}

/**
 * Fields washing derives from another field. They travel with their source: a new title brings
 * its own function and seniority (even when the new title has none), a new country its own region
 * and drops a state that belonged to the old country.
 */
export const DERIVED_FROM: Readonly<Record<string, readonly string[]>> = {
  title: ['function', 'seniority'],
  country: ['region', 'state'],
};

/**
 * Survivorship for a known person who submits again: a newly supplied value replaces the stored
 * one (most recent wins), an empty one never erases what we know. Email is the identity key and
 * never changes here. (Per-field survivorship rules from the playbook arrive with dedupe & merge.)
 */
export function mergePersonFields(
  existing: Record<string, FieldValue>,
  incoming: Record<string, FieldValue>,
): { fields: Record<string, FieldValue>; updates: FieldUpdate[] } {
  const fields = { ...existing };
  const updates: FieldUpdate[] = [];
  const set = (field: string, value: FieldValue) => {
    const before = existing[field] ?? null;
    if (before === value) return;
    fields[field] = value;
    updates.push({ field, from: before, to: value });
  };
  const derived = new Set(Object.values(DERIVED_FROM).flat());
  const present = (value: FieldValue | undefined): value is Exclude<FieldValue, null> =>
    value !== undefined && value !== null && value !== '';
  for (const [field, value] of Object.entries(incoming)) {
    if (field === 'email' || derived.has(field) || !present(value)) continue;
    const changed = (existing[field] ?? null) !== value;
    set(field, value);
    // The source changed: its dependents are whatever this submission says, even nothing.
    if (changed)
      for (const dependent of DERIVED_FROM[field] ?? []) set(dependent, incoming[dependent] ?? null);
  }
  // Dependents supplied with an unchanged source (same country, another state) still update.
  for (const field of derived) {
    const value = incoming[field];
    if (present(value)) set(field, value);
  }
  return { fields, updates };
}
