// One imported account row: the registrable domain is the identity key (as for accounts created
// by the lead pipeline), the other columns are washed or the row is rejected with every reason.

import { companyMatchKey } from '../hygiene/company.ts';
import { normalizeCountry } from '../hygiene/countries.ts';
import { registrableDomain } from '../hygiene/domain.ts';
import { isFreeMailDomain } from '../hygiene/email-domains.ts';
import type { ErrorDetail } from '../result.ts';
import type { ImportColumnMapping } from './map-columns.ts';

export interface AccountImportRow {
  domain: string;
  name: string | null;
  /** companyMatchKey(name), for people with a personal address who name this company. */
  name_key: string | null;
  /** The parent company's domain, where the file says so (account hierarchy). */
  parent_domain: string | null;
  employees: number | null;
  industry: string | null;
  country: string | null;
}

export type PreparedAccountRow =
  | { ok: true; account: AccountImportRow }
  | { ok: false; reasons: ErrorDetail[] };

const MAX_TEXT = 200;

export function prepareAccountRow(
  values: readonly string[],
  mapping: ImportColumnMapping,
): PreparedAccountRow {
  const text = (field: string): string => {
    const index = mapping.fields[field];
    return index === undefined ? '' : (values[index] ?? '').trim().replace(/\s+/g, ' ');
  };
  const reasons: ErrorDetail[] = [];
  const fail = (path: string, code: string, message: string) => reasons.push({ path, code, message });

  const rawDomain = text('domain');
  const domain = rawDomain === '' ? null : registrableDomain(rawDomain);
  if (rawDomain === '')
    fail('domain', 'FIELD_REQUIRED', 'Domain is required (the company website or email domain)');
  else if (!domain)
    fail('domain', 'DOMAIN_INVALID', `"${rawDomain.slice(0, 100)}" is not a website or domain name`);
  else if (isFreeMailDomain(domain)) {
    fail('domain', 'DOMAIN_FREE_MAIL', `${domain} is a personal email provider, not a company's domain`);
  }

  const rawEmployees = text('employees');
  let employees: number | null = null;
  if (rawEmployees !== '') {
    const digits = rawEmployees.replace(/[,\s.'’_](?=\d{3}\b)/g, '');
    if (/^\d{1,9}$/.test(digits)) employees = Number(digits);
    else {
      fail(
        'employees',
        'EMPLOYEES_INVALID',
        `employees must be a whole number (got "${rawEmployees.slice(0, 50)}"); for a band such as 51-200, give its lower or typical value`,
      );
    }
  }

  const rawParent = text('parent_domain');
  const parent = rawParent === '' ? null : registrableDomain(rawParent);
  if (rawParent !== '' && !parent) {
    fail('parent_domain', 'DOMAIN_INVALID', `"${rawParent.slice(0, 100)}" is not a website or domain name`);
  } else if (parent !== null && parent === domain) {
    fail('parent_domain', 'PARENT_IS_SELF', `${parent} cannot be its own parent`);
  }

  const rawCountry = text('country');
  const country = rawCountry === '' ? null : normalizeCountry(rawCountry);
  if (rawCountry !== '' && !country) {
    fail(
      'country',
      'COUNTRY_UNKNOWN',
      `"${rawCountry.slice(0, 100)}" is not a country we recognise; use its name or ISO code`,
    );
  }
  for (const field of ['name', 'industry']) {
    if (text(field).length > MAX_TEXT) {
      fail(field, 'FIELD_TOO_LONG', `${field} is ${text(field).length} characters; the limit is ${MAX_TEXT}`);
    }
  }
  // Postgres text cannot hold NUL; other control characters are never a company's name.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  if (values.some((v) => /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(v))) {
    fail('', 'FIELD_INVALID_CHARACTERS', 'the row contains control characters; remove them');
  }
  if (reasons.length > 0 || !domain) return { ok: false, reasons };
  return {
    ok: true,
    account: {
      domain,
      name: text('name') || null,
      name_key: text('name') ? companyMatchKey(text('name')) || null : null,
      parent_domain: parent,
      employees,
      industry: text('industry') || null,
      country: country?.code ?? null,
    },
  };
}
