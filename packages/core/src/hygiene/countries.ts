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
 * its ISO2 code, display name and sales region. A country with a qualifier ("Scotland, UK",
 * "Paris, France") resolves when every recognized part agrees; a name with a small typo
 * ("Phillipines", "Luxemburg") resolves when one country is clearly closest. Returns null when
 * the input is empty or unknown, so the caller decides whether unknown is an error.
 */
export function normalizeCountry(input: string): NormalizedCountry | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  if (trimmed.length > MAX_INPUT) return null;
  const row =
    lookup(trimmed) ?? lookupQualified(trimmed) ?? nameIndex().getNear(withoutLeadingThe(trimmed)) ?? null;
  return row === null ? null : { code: row.iso2, name: row.name, region: row.region };
}

// Longer than any country name with its qualifiers: pasted text.
const MAX_INPUT = 120;

// Names in their own scripts, which the ASCII folding of the main index cannot hold. The
// countries people most often write this way in B2B forms; Latin-script native names
// ("Deutschland", "España") are aliases in the table instead.
const NATIVE_NAMES: Readonly<Record<string, string>> = {
  日本: 'JP',
  中国: 'CN',
  中华人民共和国: 'CN',
  台灣: 'TW',
  台湾: 'TW',
  香港: 'HK',
  대한민국: 'KR',
  한국: 'KR',
  россия: 'RU',
  'российская федерация': 'RU',
  україна: 'UA',
  беларусь: 'BY',
  казахстан: 'KZ',
  србија: 'RS',
  българия: 'BG',
  ελλάδα: 'GR',
  ישראל: 'IL',
  مصر: 'EG',
  السعودية: 'SA',
  'المملكة العربية السعودية': 'SA',
  الإمارات: 'AE',
  'الإمارات العربية المتحدة': 'AE',
  ایران: 'IR',
  भारत: 'IN',
  ประเทศไทย: 'TH',
};

function lookup(text: string): Country | null {
  // Codes first: "CAN" is Canada even though no alias says so. Only bare 2–3 letter tokens
  // qualify, so names never hit this path.
  if (/^[A-Za-z]{2,3}$/.test(text)) {
    const byIsoCode = countryByCode(text);
    if (byIsoCode !== null) return byIsoCode;
  }
  const native = NATIVE_NAMES[text.normalize('NFKC').toLowerCase()];
  if (native !== undefined) return countryByCode(native);
  return nameIndex().get(withoutLeadingThe(text)) ?? null;
}

// "Scotland, UK", "UK (England)", "Paris, France": a country with a qualifier. Every part that
// names a country must name the same one, so "Austria, Germany" stays unknown.
function lookupQualified(text: string): Country | null {
  const parts = text
    .split(/[,;/()]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length < 2) return null;
  const found = new Set<Country>();
  for (const part of parts) {
    const row = lookup(part);
    if (row !== null) found.add(row);
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}
