// Which column of an uploaded file feeds which field. Exported lists name the same thing in
// dozens of ways ("E-mail Address", "Job Title", "Organisation"), so common names map on their
// own; `--map column=field` settles the rest, and anything unmapped is reported, not guessed.

import { foldText } from '../hygiene/fold-text.ts';
import { type AppError, type ErrorDetail, err, ok, type Result } from '../result.ts';

export type ImportKind = 'people' | 'accounts';

/** Fields an import can fill, by kind, with the header names that map to each automatically. */
const SYNONYMS: Record<ImportKind, Record<string, readonly string[]>> = {
  people: {
    email: ['email', 'e_mail', 'email_address', 'e_mail_address', 'work_email', 'business_email', 'mail'],
    first_name: ['first_name', 'firstname', 'first', 'given_name', 'forename', 'fname'],
    last_name: ['last_name', 'lastname', 'last', 'surname', 'family_name', 'lname'],
    full_name: ['full_name', 'name', 'contact_name', 'contact', 'person'],
    company: [
      'company',
      'company_name',
      'organization',
      'organisation',
      'organization_name',
      'account_name',
      'employer',
    ],
    title: ['title', 'job_title', 'jobtitle', 'position', 'role', 'job_role'],
    country: ['country', 'country_name', 'country_code', 'nation'],
    state: ['state', 'province', 'state_province', 'state_or_province', 'region_state', 'state_code'],
    phone: [
      'phone',
      'phone_number',
      'telephone',
      'tel',
      'work_phone',
      'business_phone',
      'mobile',
      'mobile_phone',
    ],
    city: ['city', 'town', 'locality'],
    website: ['website', 'web_site', 'url', 'company_website', 'homepage'],
  },
  accounts: {
    domain: ['domain', 'company_domain', 'email_domain', 'website', 'web_site', 'url', 'homepage'],
    name: ['name', 'company', 'company_name', 'account_name', 'organization', 'organisation'],
    employees: ['employees', 'employee_count', 'number_of_employees', 'headcount', 'company_size', 'size'],
    industry: ['industry', 'sector', 'vertical'],
    country: ['country', 'country_code', 'hq_country', 'billing_country'],
    parent_domain: ['parent_domain', 'parent_website', 'parent_company_domain', 'parent'],
  },
};

export interface ImportColumnMapping {
  /** field → index of the column that feeds it */
  fields: Record<string, number>;
  /** Columns that feed nothing (kept in the raw row of a reject, ignored otherwise). */
  unmapped: string[];
  /** How each field was mapped, for the summary a user reads. */
  how: { field: string; column: string; by: 'name' | 'map' }[];
}

export const importFields = (kind: ImportKind, customFields: Iterable<string> = []): string[] => [
  ...Object.keys(SYNONYMS[kind]),
  ...(kind === 'people' ? [...customFields] : []),
];

const importHeaderKey = (header: string): string =>
  foldText(header)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/**
 * Maps headers to fields: explicit `overrides` (column → field, or column → "-" to ignore it)
 * first, then by name. Errors name the column and list what it could be.
 */
export function mapColumns(
  kind: ImportKind,
  headers: readonly string[],
  overrides: Readonly<Record<string, string>>,
  customFields: Iterable<string> = [],
): Result<ImportColumnMapping, AppError> {
  const fields = importFields(kind, customFields);
  const valid = new Set(fields);
  const details: ErrorDetail[] = [];
  const byKey = new Map(headers.map((h, i) => [importHeaderKey(h), i]));
  const mapped: Record<string, number> = {};
  const how: ImportColumnMapping['how'] = [];
  const used = new Set<number>();

  for (const [column, field] of Object.entries(overrides)) {
    const index = headers.indexOf(column) >= 0 ? headers.indexOf(column) : byKey.get(importHeaderKey(column));
    if (index === undefined) {
      details.push({
        path: `--map ${column}`,
        code: 'UNKNOWN_COLUMN',
        message: `the file has no column "${column}"; its columns are: ${headers.join(', ')}`,
      });
      continue;
    }
    used.add(index);
    if (field === '-' || field === '') continue;
    if (!valid.has(field)) {
      details.push({
        path: `--map ${column}=${field}`,
        code: 'UNKNOWN_FIELD',
        message: `"${field}" is not a ${kind} field; use one of: ${fields.join(', ')} (or - to ignore the column)`,
      });
      continue;
    }
    if (mapped[field] !== undefined) {
      details.push({
        path: `--map ${column}=${field}`,
        code: 'FIELD_MAPPED_TWICE',
        message: `${field} is already fed by column "${headers[mapped[field]] ?? ''}"`,
      });
      continue;
    }
    mapped[field] = index;
    how.push({ field, column: headers[index] ?? column, by: 'map' });
  }

  const synonyms: [string, readonly string[]][] = [
    ...Object.entries(SYNONYMS[kind]),
    ...(kind === 'people' ? [...customFields].map((f): [string, string[]] => [f, [importHeaderKey(f)]]) : []),
  ];
  for (const [field, names] of synonyms) {
    if (mapped[field] !== undefined) continue;
    for (const name of names) {
      const index = byKey.get(name);
      if (index === undefined || used.has(index)) continue;
      mapped[field] = index;
      used.add(index);
      how.push({ field, column: headers[index] ?? name, by: 'name' });
      break;
    }
  }

  const required = kind === 'people' ? 'email' : 'domain';
  if (mapped[required] === undefined && details.length === 0) {
    details.push({
      path: required,
      code: 'REQUIRED_COLUMN_MISSING',
      message: `no column maps to ${required} (the identity key of ${kind}); name one with --map <column>=${required}. Columns: ${headers.join(', ')}`,
    });
  }
  if (details.length > 0) {
    return err({
      code: 'IMPORT_MAPPING_INVALID',
      message: details.map((d) => d.message).join('; '),
      details,
    });
  }
  return ok({ fields: mapped, unmapped: headers.filter((_, i) => !used.has(i)), how });
}

/** Parses `column=field` pairs from the command line or an API form field. */
export function parseMapArguments(pairs: readonly string[]): Result<Record<string, string>, AppError> {
  const out: Record<string, string> = {};
  const details: ErrorDetail[] = [];
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) {
      details.push({ path: pair, code: 'MAP_SYNTAX', message: `"${pair}" should look like column=field` });
      continue;
    }
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return details.length > 0
    ? err({ code: 'IMPORT_MAPPING_INVALID', message: details.map((d) => d.message).join('; '), details })
    : ok(out);
}
