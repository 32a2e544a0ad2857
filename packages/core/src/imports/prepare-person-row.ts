// One imported row through the same first two layers of hygiene as a form submission: entry
// validation (with the import's own rules) and washing. What fails is a reject with every reason.

import { type ValidSubmission, validateSubmission } from '../forms/validate-submission.ts';
import { type WashedPerson, washSubmission } from '../forms/wash-submission.ts';
import { parseEmail } from '../hygiene/email.ts';
import { splitFullName } from '../hygiene/names.ts';
import {
  type CompiledForm,
  type CompiledPlaybook,
  DEFAULT_FIELD_MAX_LENGTH,
} from '../playbook/compile-playbook.ts';
import { PERSON_FIELDS, type PersonFieldName } from '../playbook/person-fields.ts';
import type { ErrorDetail } from '../result.ts';
import type { ImportColumnMapping } from './map-columns.ts';

export type PreparedPersonRow =
  | { ok: true; valid: ValidSubmission; washed: WashedPerson }
  | { ok: false; reasons: ErrorDetail[] };

/**
 * The validation rules of an import, as a form: every mapped field, only email required, the
 * playbook's lengths. (`full_name` is not a person field: it is split into first and last name.)
 */
export function importForm(mapping: ImportColumnMapping, playbook: CompiledPlaybook): CompiledForm {
  const names = Object.keys(mapping.fields).filter((f) => f !== 'full_name');
  if (mapping.fields.full_name !== undefined) {
    for (const part of ['first_name', 'last_name']) if (!names.includes(part)) names.push(part);
  }
  return {
    id: '_import',
    title: 'CSV import',
    b2b: false,
    fields: names,
    // No column can be called this, so no row is ever taken for spam.
    honeypot: '\u0000import-has-no-honeypot',
    rate_limit: { per_ip_per_minute: 1 },
    compiledFields: names.map((name) => {
      const custom = playbook.customFields.has(name);
      const standard = PERSON_FIELDS[name as PersonFieldName] as { maxLength?: number } | undefined;
      return {
        name,
        required: name === 'email',
        maxLength: standard?.maxLength ?? DEFAULT_FIELD_MAX_LENGTH,
        custom,
      };
    }),
  };
}

export function preparePersonRow(
  values: readonly string[],
  mapping: ImportColumnMapping,
  form: CompiledForm,
  playbook: CompiledPlaybook,
): PreparedPersonRow {
  const input: Record<string, string> = {};
  for (const [field, index] of Object.entries(mapping.fields)) {
    if (field !== 'full_name') input[field] = values[index] ?? '';
  }
  const fullIndex = mapping.fields.full_name;
  const full = fullIndex === undefined ? '' : (values[fullIndex] ?? '').trim();
  if (full !== '' && !input.first_name?.trim() && !input.last_name?.trim()) {
    const split = splitFullName(full);
    input.first_name = split.first;
    input.last_name = split.last;
  }
  const validated = validateSubmission(form, input, playbook, { channel: 'import' });
  if (!validated.ok) {
    return {
      ok: false,
      reasons: validated.error.details ?? [
        { path: '', code: validated.error.code, message: validated.error.message },
      ],
    };
  }
  return { ok: true, valid: validated.value, washed: washSubmission(validated.value) };
}

/**
 * The email a row's person will be keyed by — as validation gives it (trimmed, lower case) — or
 * null when the row has no valid one (it will be rejected). Lets a reader find an email's rows
 * across a whole file before preparing any of them.
 */
export function rowEmailKey(values: readonly string[], mapping: ImportColumnMapping): string | null {
  const index = mapping.fields.email;
  if (index === undefined) return null;
  const parsed = parseEmail(values[index] ?? '');
  return parsed.ok ? parsed.value.email : null;
}
