import { damerauLevenshtein, jaroWinkler } from './compare-strings.ts';
import { areNicknames } from './nicknames.ts';
import type { ColumnName, PreparedRecords } from './prepare-records.ts';

// Comparison levels per field. Level 0 always means "missing on either side" (no evidence, weight
// 0); level 1 is "disagree"; higher levels are stronger agreement and the last one is an exact
// match. `compare` is only called with two different, non-empty values (equal ids are exact).

export interface FieldComparison {
  /** Name shown in explanations. */
  readonly name: string;
  readonly column: ColumnName;
  /** Level labels, index = level. */
  readonly levels: readonly string[];
  /** Term-frequency adjustment on the exact level: common values (Smith, London) weigh less. */
  readonly tf: boolean;
  readonly compare: (a: string, b: string) => number;
}

const jwLevels =
  (high: number, low: number) =>
  (a: string, b: string): number => {
    const s = jaroWinkler(a, b);
    return s >= high ? 3 : s >= low ? 2 : 1;
  };
const compareCompany = jwLevels(0.95, 0.88);

function compareFirst(a: string, b: string): number {
  // null, else, initial, jw>=0.80, jw>=0.92, nickname, exact
  if (areNicknames(a, b)) return 5;
  const s = jaroWinkler(a, b);
  if (s >= 0.92) return 4;
  if (s >= 0.8) return 3;
  if ((a.length === 1 || b.length === 1) && a.charCodeAt(0) === b.charCodeAt(0)) return 2;
  return 1;
}

function compareLast(a: string, b: string, phoneticA: string, phoneticB: string): number {
  // null, else, jw>=0.80, phonetic, jw>=0.92, exact
  const s = jaroWinkler(a, b);
  if (s >= 0.92) return 4;
  if (phoneticA !== '' && phoneticA === phoneticB) return 3;
  if (s >= 0.8) return 2;
  return 1;
}

function compareEmail(a: string, b: string): number {
  // null, else, local part fuzzy, same local part, exact
  const la = a.slice(0, a.lastIndexOf('@'));
  const lb = b.slice(0, b.lastIndexOf('@'));
  if (la === lb) return 3;
  if (la.length >= 4 && lb.length >= 4 && damerauLevenshtein(la, lb, 1) <= 1) return 2;
  return 1;
}

const editLevels =
  (near: number) =>
  (a: string, b: string): number => {
    const d = damerauLevenshtein(a, b, near);
    return d <= 1 ? 3 : d <= near ? 2 : 1;
  };

function compareDate(a: string, b: string): number {
  // null, else, same year, one edit / day-month swapped, exact
  if (a.length === 8 && b.length === 8) {
    if (a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6))
      return 3;
  }
  if (damerauLevenshtein(a, b, 1) <= 1) return 3;
  if (a.length >= 4 && a.slice(0, 4) === b.slice(0, 4)) return 2;
  return 1;
}

/** The comparison table. Order matters only for explanations (most telling fields first). */
export const FIELD_COMPARISONS: readonly FieldComparison[] = [
  {
    name: 'first_name',
    column: 'first',
    levels: [
      'missing',
      'different',
      'initial',
      'jaro-winkler ≥ 0.80',
      'jaro-winkler ≥ 0.92',
      'nickname',
      'exact',
    ],
    tf: true,
    compare: compareFirst,
  },
  {
    name: 'last_name',
    column: 'last',
    levels: [
      'missing',
      'different',
      'jaro-winkler ≥ 0.80',
      'same sound (NYSIIS)',
      'jaro-winkler ≥ 0.92',
      'exact',
    ],
    tf: true,
    // The phonetic codes are compared by the caller (see comparePair); this is the fallback.
    compare: (a, b) => compareLast(a, b, '', ''),
  },
  {
    name: 'generation',
    column: 'generation',
    levels: ['missing', 'different', 'only one has a suffix', 'exact'],
    tf: false,
    compare: () => 1,
  },
  {
    name: 'email',
    column: 'email',
    levels: ['missing', 'different', 'local part ≤ 1 edit', 'same local part', 'exact'],
    tf: true,
    compare: compareEmail,
  },
  {
    name: 'company',
    column: 'company',
    levels: ['missing', 'different', 'jaro-winkler ≥ 0.88', 'jaro-winkler ≥ 0.95', 'exact'],
    tf: true,
    compare: compareCompany,
  },
  { name: 'domain', column: 'domain', levels: ['missing', 'different', 'exact'], tf: true, compare: () => 1 },
  {
    name: 'title',
    column: 'title',
    levels: ['missing', 'different', 'jaro-winkler ≥ 0.85', 'jaro-winkler ≥ 0.95', 'exact'],
    tf: true,
    compare: jwLevels(0.95, 0.85),
  },
  {
    name: 'phone',
    column: 'phone',
    levels: ['missing', 'different', '≤ 2 edits', '≤ 1 edit', 'exact'],
    tf: true,
    compare: editLevels(2),
  },
  {
    name: 'street',
    column: 'street',
    levels: ['missing', 'different', 'jaro-winkler ≥ 0.80', 'jaro-winkler ≥ 0.92', 'exact'],
    tf: true,
    compare: jwLevels(0.92, 0.8),
  },
  {
    name: 'city',
    column: 'city',
    levels: ['missing', 'different', 'jaro-winkler ≥ 0.85', 'jaro-winkler ≥ 0.95', 'exact'],
    tf: true,
    compare: jwLevels(0.95, 0.85),
  },
  { name: 'state', column: 'state', levels: ['missing', 'different', 'exact'], tf: false, compare: () => 1 },
  {
    name: 'postcode',
    column: 'postcode',
    levels: ['missing', 'different', '≤ 2 edits', '≤ 1 edit', 'exact'],
    tf: true,
    compare: editLevels(2),
  },
  {
    name: 'country',
    column: 'country',
    levels: ['missing', 'different', 'exact'],
    tf: false,
    compare: () => 1,
  },
  {
    name: 'birth_date',
    column: 'dob',
    levels: ['missing', 'different', 'same year', '1 edit or day/month swapped', 'exact'],
    tf: true,
    compare: compareDate,
  },
  {
    name: 'external_id',
    column: 'externalId',
    levels: ['missing', 'different', '≤ 2 edits', '≤ 1 edit', 'exact'],
    tf: false,
    compare: editLevels(2),
  },
];

export const FIELD_INDEX: Readonly<Record<string, number>> = Object.fromEntries(
  FIELD_COMPARISONS.map((f, i) => [f.name, i]),
);
const LAST = FIELD_INDEX.last_name as number;
const FIRST = FIELD_INDEX.first_name as number;
const GENERATION = FIELD_INDEX.generation as number;
const DOMAIN = FIELD_INDEX.domain as number;
const COMPANY = FIELD_INDEX.company as number;
const EMAIL = FIELD_INDEX.email as number;

/**
 * First and last name entered the wrong way round ("Hall, Isla" typed as first=Hall last=Isla):
 * when the straight comparison is weak but the crossed one is strong, the crossed levels count.
 */
function crossedNames(prep: PreparedRecords, i: number, j: number, out: Uint8Array): void {
  const first = prep.columns.first;
  const last = prep.columns.last;
  const fi = first.values[first.ids[i] as number] as string;
  const li = last.values[last.ids[i] as number] as string;
  const fj = first.values[first.ids[j] as number] as string;
  const lj = last.values[last.ids[j] as number] as string;
  // Crossed pairs that can be compared (a side may lack one of its names): all of them must
  // agree strongly, and at least one must exist.
  const a = fi !== '' && lj !== '' ? jaroWinkler(fi, lj.replace(/ /g, '')) : -1;
  const b = li !== '' && fj !== '' ? jaroWinkler(li, fj) : -1;
  if (a === -1 && b === -1) return;
  if ((a !== -1 && a < 0.9) || (b !== -1 && b < 0.9)) return;
  out[FIRST] = a === -1 ? 0 : a === 1 ? 6 : 4;
  out[LAST] = b === -1 ? 0 : b === 1 ? 5 : 4;
}

// Level caches per prepared set and field, keyed by the two value ids: names, companies, titles
// and cities repeat, so most of their string comparisons are answered from here.
const CACHED_COLUMNS: ReadonlySet<ColumnName> = new Set([
  'first',
  'last',
  'company',
  'title',
  'city',
  'street',
]);
const CACHE_LIMIT = 1_000_000;
const caches = new WeakMap<PreparedRecords, (Map<number, number> | undefined)[]>();

function cachesOf(prep: PreparedRecords): (Map<number, number> | undefined)[] {
  let c = caches.get(prep);
  if (c === undefined) {
    c = FIELD_COMPARISONS.map((f) => (CACHED_COLUMNS.has(f.column) ? new Map<number, number>() : undefined));
    caches.set(prep, c);
  }
  return c;
}

function compareValues(
  prep: PreparedRecords,
  f: number,
  field: FieldComparison,
  a: number,
  b: number,
  i: number,
  j: number,
): number {
  const col = prep.columns[field.column];
  if (f !== LAST) return field.compare(col.values[a] as string, col.values[b] as string);
  // The phonetic code is a function of the surname, so caching by value ids stays correct.
  const ph = prep.columns.lastPhonetic;
  return compareLast(
    col.values[a] as string,
    col.values[b] as string,
    ph.values[ph.ids[i] as number] as string,
    ph.values[ph.ids[j] as number] as string,
  );
}

function compareField(
  prep: PreparedRecords,
  f: number,
  i: number,
  j: number,
  cache: (Map<number, number> | undefined)[],
): number {
  const field = FIELD_COMPARISONS[f] as FieldComparison;
  const col = prep.columns[field.column];
  const a = col.ids[i] as number;
  const b = col.ids[j] as number;
  if (a === 0 || b === 0) return f === GENERATION && a !== b ? 2 : 0;
  if (a === b) return field.levels.length - 1;
  // Keys must stay small integers (a Map keyed by heap numbers is slower than comparing).
  const fc = col.values.length <= 32_768 ? cache[f] : undefined;
  const key = a < b ? a * col.values.length + b : b * col.values.length + a;
  const hit = fc?.get(key);
  if (hit !== undefined) return hit;
  const level = compareValues(prep, f, field, a, b, i, j);
  if (fc !== undefined && fc.size < CACHE_LIMIT) fc.set(key, level);
  return level;
}

/** Fields that decide who a person is (the hard rules read only these). */
export const IDENTITY_FIELDS: readonly number[] = [
  'first_name',
  'last_name',
  'generation',
  'email',
  'company',
  'domain',
  'birth_date',
  'external_id',
].map((name) => FIELD_INDEX[name] as number);
const REST_FIELDS: readonly number[] = FIELD_COMPARISONS.map((_, f) => f).filter(
  (f) => !IDENTITY_FIELDS.includes(f),
);

/** Compares the identity fields only (the rest of `out` is left as it was). */
export function compareIdentity(prep: PreparedRecords, i: number, j: number, out: Uint8Array): void {
  const cache = cachesOf(prep);
  for (const f of IDENTITY_FIELDS) out[f] = compareField(prep, f, i, j, cache);
  // A company domain taken from two email addresses whose local parts agree: its disagreement is
  // a typo in the email domain, already counted by the email level — not a second piece of
  // evidence against the match.
  if (out[DOMAIN] === 1 && (out[EMAIL] as number) >= 2 && out[COMPANY] !== 1) out[DOMAIN] = 0;
  if ((out[FIRST] as number) === 1 && (out[LAST] as number) <= 2) crossedNames(prep, i, j, out);
  else if ((out[LAST] as number) === 1 && (out[FIRST] as number) <= 3) crossedNames(prep, i, j, out);
}

/** Compares the remaining fields (title, phone, address …). */
export function compareRest(prep: PreparedRecords, i: number, j: number, out: Uint8Array): void {
  const cache = cachesOf(prep);
  for (const f of REST_FIELDS) out[f] = compareField(prep, f, i, j, cache);
}

/** Compares records i and j field by field, writing one level per field into `out`. */
export function comparePair(prep: PreparedRecords, i: number, j: number, out: Uint8Array): void {
  compareIdentity(prep, i, j, out);
  compareRest(prep, i, j, out);
}
