import { COUNTRY_ROWS, type CountryRow } from './countries.data.ts';
import { buildLookupIndex, type LookupIndex } from './lookup-index.ts';

export type Region = 'NA' | 'LATAM' | 'EMEA' | 'APAC';
export const REGIONS: readonly Region[] = ['NA', 'LATAM', 'EMEA', 'APAC'];

export type Country = CountryRow;

export type NormalizedCountry = { code: string; name: string; region: Region };

// Built on first use: most callers touch one helper, and the index costs a few hundred entries.
let byName: LookupIndex<Country> | undefined;
let byCode: Map<string, Country> | undefined;

function codeIndex(): Map<string, Country> {
  if (byCode === undefined) {
    byCode = new Map();
    for (const row of COUNTRY_ROWS) {
      byCode.set(row.iso2, row);
      byCode.set(row.iso3, row);
    }
  }
  return byCode;
}

function nameIndex(): LookupIndex<Country> {
  if (byName === undefined) {
    const entries: (readonly [string, Country])[] = [];
    for (const row of COUNTRY_ROWS) {
      for (const label of [row.name, ...row.aliases]) entries.push([withoutLeadingThe(label), row]);
    }
    byName = buildLookupIndex(entries);
  }
  return byName;
}

// "The Netherlands", "the Gambia": the article never distinguishes two countries.
function withoutLeadingThe(text: string): string {
  return text.replace(/^\s*the\s+/i, '');
}

/** Looks a country up by its ISO 3166-1 alpha-2 or alpha-3 code, in any case. */
export function countryByCode(code: string): Country | null {
  return codeIndex().get(code.trim().toUpperCase()) ?? null;
}

export function isCountryCode(code: string): boolean {
  return countryByCode(code) !== null;
}

export function regionOfCountry(code: string): Region | null {
  return countryByCode(code)?.region ?? null;
}

/**
 * Resolves free-text country input (ISO2, ISO3, English name, common alias or native name) to
 * its ISO2 code, display name and sales region. Returns null when the input is empty or unknown,
 * so the caller decides whether unknown is an error.
 */
export function normalizeCountry(input: string): NormalizedCountry | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  // Codes first: "CAN" is Canada even though no alias says so. Only bare 2–3 letter tokens
  // qualify, so names never hit this path.
  const row =
    (/^[A-Za-z]{2,3}$/.test(trimmed) ? countryByCode(trimmed) : null) ??
    nameIndex().get(withoutLeadingThe(trimmed)) ??
    null;
  return row === null ? null : { code: row.iso2, name: row.name, region: row.region };
}
