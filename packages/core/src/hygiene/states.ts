import { normalizeCountry } from './countries.ts';
import { buildLookupIndex, type LookupIndex } from './lookup-index.ts';

export type StateCountry = 'US' | 'CA';
export type NormalizedState = { code: string; name: string; country: StateCountry };

type StateRow = readonly [code: string, name: string, aliases: readonly string[]];

// US states, DC and the five inhabited territories. Names and USPS codes cross-checked against
// us_states.json from the states-us list by Justin Lettau (MIT; licence in
// packages/core/vendor/licenses/). Aliases are AP-style abbreviations and common variants.
const US_STATES: readonly StateRow[] = [
  ['AL', 'Alabama', ['Ala.']],
  ['AK', 'Alaska', []],
  ['AZ', 'Arizona', ['Ariz.']],
  ['AR', 'Arkansas', ['Ark.']],
  ['CA', 'California', ['Calif.', 'Cal.', 'Cali']],
  ['CO', 'Colorado', ['Colo.']],
  ['CT', 'Connecticut', ['Conn.']],
  ['DE', 'Delaware', ['Del.']],
  ['DC', 'District of Columbia', ['D.C.', 'Washington DC', 'Washington, D.C.', 'Wash. D.C.']],
  ['FL', 'Florida', ['Fla.']],
  ['GA', 'Georgia', ['Ga.']],
  ['HI', 'Hawaii', ["Hawai'i"]],
  ['ID', 'Idaho', []],
  ['IL', 'Illinois', ['Ill.']],
  ['IN', 'Indiana', ['Ind.']],
  ['IA', 'Iowa', []],
  ['KS', 'Kansas', ['Kan.', 'Kans.']],
  ['KY', 'Kentucky', ['Ky.']],
  ['LA', 'Louisiana', ['La.']],
  ['ME', 'Maine', []],
  ['MD', 'Maryland', ['Md.']],
  ['MA', 'Massachusetts', ['Mass.']],
  ['MI', 'Michigan', ['Mich.']],
  ['MN', 'Minnesota', ['Minn.']],
  ['MS', 'Mississippi', ['Miss.']],
  ['MO', 'Missouri', ['Mo.']],
  ['MT', 'Montana', ['Mont.']],
  ['NE', 'Nebraska', ['Neb.', 'Nebr.']],
  ['NV', 'Nevada', ['Nev.']],
  ['NH', 'New Hampshire', ['N.H.']],
  ['NJ', 'New Jersey', ['N.J.']],
  ['NM', 'New Mexico', ['N.M.', 'N. Mex.']],
  ['NY', 'New York', ['N.Y.', 'New York State']],
  ['NC', 'North Carolina', ['N.C.', 'N. Carolina']],
  ['ND', 'North Dakota', ['N.D.', 'N. Dak.', 'N. Dakota']],
  ['OH', 'Ohio', []],
  ['OK', 'Oklahoma', ['Okla.']],
  ['OR', 'Oregon', ['Ore.', 'Oreg.']],
  ['PA', 'Pennsylvania', ['Pa.', 'Penn.', 'Penna.']],
  ['RI', 'Rhode Island', ['R.I.']],
  ['SC', 'South Carolina', ['S.C.', 'S. Carolina']],
  ['SD', 'South Dakota', ['S.D.', 'S. Dak.', 'S. Dakota']],
  ['TN', 'Tennessee', ['Tenn.']],
  ['TX', 'Texas', ['Tex.']],
  ['UT', 'Utah', []],
  ['VT', 'Vermont', ['Vt.']],
  ['VA', 'Virginia', ['Va.']],
  ['WA', 'Washington', ['Wash.', 'Washington State']],
  ['WV', 'West Virginia', ['W.Va.', 'W. Virginia']],
  ['WI', 'Wisconsin', ['Wis.', 'Wisc.']],
  ['WY', 'Wyoming', ['Wyo.']],
  ['AS', 'American Samoa', []],
  ['GU', 'Guam', []],
  ['MP', 'Northern Mariana Islands', ['CNMI', 'N. Mariana Islands']],
  ['PR', 'Puerto Rico', []],
  ['VI', 'U.S. Virgin Islands', ['US Virgin Islands', 'Virgin Islands', 'USVI']],
];

// The 13 provinces and territories, with Canada Post codes, French names, the AP/Canadian Press
// abbreviations and the pre-1990s codes (PQ, NF) still found in old CRM data.
const CA_PROVINCES: readonly StateRow[] = [
  ['AB', 'Alberta', ['Alta.']],
  ['BC', 'British Columbia', ['B.C.', 'Colombie-Britannique']],
  ['MB', 'Manitoba', ['Man.']],
  ['NB', 'New Brunswick', ['N.B.', 'Nouveau-Brunswick']],
  [
    'NL',
    'Newfoundland and Labrador',
    ['Nfld.', 'Newfoundland', 'Nfld. and Labrador', 'NF', 'Terre-Neuve-et-Labrador', 'Terre-Neuve'],
  ],
  ['NS', 'Nova Scotia', ['N.S.', 'Nouvelle-Écosse']],
  ['NT', 'Northwest Territories', ['N.W.T.', 'NWT', 'Territoires du Nord-Ouest']],
  ['NU', 'Nunavut', ['Nvt.', 'Nun.']],
  ['ON', 'Ontario', ['Ont.']],
  ['PE', 'Prince Edward Island', ['P.E.I.', 'PEI', 'Île-du-Prince-Édouard']],
  ['QC', 'Quebec', ['Que.', 'Qué.', 'PQ', 'P.Q.']],
  ['SK', 'Saskatchewan', ['Sask.']],
  ['YT', 'Yukon', ['Yukon Territory', 'Y.T.', 'YK', 'Territoire du Yukon']],
];

// Countries whose subdivisions this module knows. A US territory given as its own country
// ("Puerto Rico", "PR") still resolves against the US table.
const US_FAMILY = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']);

let tables: Record<StateCountry, LookupIndex<NormalizedState>> | undefined;

function indexRows(country: StateCountry, rows: readonly StateRow[]): LookupIndex<NormalizedState> {
  const entries: (readonly [string, NormalizedState])[] = [];
  for (const [code, name, aliases] of rows) {
    const state: NormalizedState = { code, name, country };
    entries.push([code, state], [name, state]);
    for (const alias of aliases) entries.push([alias, state]);
  }
  return buildLookupIndex(entries);
}

function load(): Record<StateCountry, LookupIndex<NormalizedState>> {
  tables ??= { US: indexRows('US', US_STATES), CA: indexRows('CA', CA_PROVINCES) };
  return tables;
}

function tableFor(countryCode: string | null): StateCountry | 'any' | null {
  if (countryCode === null || countryCode.trim() === '') return 'any';
  const country = normalizeCountry(countryCode)?.code;
  if (country === undefined) return null;
  if (US_FAMILY.has(country)) return 'US';
  return country === 'CA' ? 'CA' : null;
}

/** Every row of both tables, for tests and for building pick-lists. */
export function listStates(): readonly NormalizedState[] {
  const rows: NormalizedState[] = [];
  for (const [code, name] of US_STATES) rows.push({ code, name, country: 'US' });
  for (const [code, name] of CA_PROVINCES) rows.push({ code, name, country: 'CA' });
  return rows;
}

/**
 * Resolves a US state/territory or Canadian province/territory from a code, name (English or,
 * for Canada, French), AP-style abbreviation ("Calif.", "N.Y.", "Ont.") or a name with a small
 * typo ("Pensylvania": one edit for names of 6+ letters, two for 10+; codes and short names
 * must be exact). With `countryCode` null the input is matched against both countries, which is
 * safe because codes and names do not collide between them. A country other than the US (or a
 * US territory) or Canada yields null: we keep no subdivision tables for it.
 */
export function normalizeState(input: string, countryCode: string | null): NormalizedState | null {
  const scope = tableFor(countryCode);
  if (scope === null || input.trim() === '' || input.length > MAX_INPUT) return null;
  return lookIn(scope, input, 'get') ?? lookIn(scope, input, 'getNear');
}

// Longer than any subdivision name: pasted text.
const MAX_INPUT = 100;

// Exact spellings first, typos only when no table knows the input as typed: "Virgina" must
// not be decided by fuzzy matching while "Virginia" is an exact name.
function lookIn(scope: StateCountry | 'any', input: string, how: 'get' | 'getNear'): NormalizedState | null {
  const names = load();
  if (scope !== 'any') return names[scope][how](input) ?? null;
  const us = names.US[how](input);
  const ca = names.CA[how](input);
  // Both tables claiming one input would mean an ambiguous spelling; refuse to guess.
  if (us !== undefined && ca !== undefined) return null;
  return us ?? ca ?? null;
}
