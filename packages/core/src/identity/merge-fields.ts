import type { FieldValue } from '../model.ts';

export interface FieldUpdate {
  field: string;
  from: FieldValue;
  to: FieldValue;
}

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
  for (const [field, value] of Object.entries(incoming)) {
    if (field === 'email' || value === null || value === '') continue;
    const before = existing[field] ?? null;
    if (before === value) continue;
    fields[field] = value;
    updates.push({ field, from: before, to: value });
  }
  return { fields, updates };
}
