import { companyMatchKey } from '../hygiene/company.ts';
import { registrableDomain } from '../hygiene/domain.ts';
import { isFreeMailDomain } from '../hygiene/email-domains.ts';
import { foldText } from '../hygiene/fold-text.ts';
import { splitFullName } from '../hygiene/names.ts';
import type { DedupeInput } from './fields.ts';
import { nicknameKey } from './nicknames.ts';
import { nysiis } from './phonetic.ts';

// Record preparation: every field is normalised ONCE into an interned column (Int32Array of ids
// into a dictionary of distinct values, id 0 = missing). Comparisons then test equality by id,
// string comparators run only on the distinct strings, and term frequencies are a count per id.
// Memory for 1M rows is ~4 bytes per field per row plus the distinct values.

export const COLUMN_NAMES = [
  'first', // first given name, folded, first token
  'last', // surname folded, spaces removed, generational suffix removed
  'generation', // jr / sr / ii / iii / iv
  'email', // local(without +tag, dots)@domain
  'emailLocal',
  'company',
  'domain', // company domain (from the domain field or a non-free-mail email domain)
  'title',
  'phone', // last 9 digits, extension removed
  'street',
  'city',
  'state',
  'postcode',
  'country',
  'dob', // yyyymmdd (or whatever digits were given)
  'externalId',
  'lastPhonetic',
  'firstRoot', // nickname key of the first name
  'nameSet', // first and last in alphabetical order: meets records whose names were swapped
] as const;

export type ColumnName = (typeof COLUMN_NAMES)[number];

/**
 * Preparation can be split by column between two threads: `names` (names, company, title, place)
 * and `contact` (email, domain, phone, street, postcode, dates, ids — the columns of nearly unique
 * values, whose interning costs most). Each column has one owner, so ids come out as from one pass.
 */
export type PreparationPart = 'all' | 'names' | 'contact';
const CONTACT_COLUMNS: ReadonlySet<ColumnName> = new Set([
  'email',
  'emailLocal',
  'domain',
  'phone',
  'street',
  'postcode',
  'dob',
  'externalId',
]);
export const columnsOfPart = (part: PreparationPart): ColumnName[] =>
  COLUMN_NAMES.filter((c) => part === 'all' || (part === 'contact') === CONTACT_COLUMNS.has(c));

export interface Column {
  ids: Int32Array;
  /** values[0] is '' (missing). */
  values: string[];
  /** counts[id] = rows holding that value. */
  counts: Int32Array;
}

export interface PreparedRecords {
  size: number;
  columns: Record<ColumnName, Column>;
}

class ColumnBuilder {
  private ids: Int32Array;
  readonly values: string[] = [''];
  private readonly index = new Map<string, number>();
  private counts: number[] = [0];
  constructor(size: number) {
    this.ids = new Int32Array(Math.max(16, size));
  }
  get capacity(): number {
    return this.ids.length;
  }
  grow(): void {
    const next = new Int32Array(this.ids.length * 2);
    next.set(this.ids);
    this.ids = next;
  }
  /** Stores `value` for `row`; returns its id (0: missing). */
  set(row: number, value: string): number {
    if (value === '') return 0;
    const id = this.intern(value);
    this.setId(row, id);
    return id;
  }
  /** The id of a value, added to the dictionary if new (not counted until a row holds it). */
  intern(value: string): number {
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.index.set(value, id);
      this.counts.push(0);
    }
    return id;
  }
  setId(row: number, id: number): void {
    if (id === 0) return;
    this.ids[row] = id;
    this.counts[id] = (this.counts[id] as number) + 1;
  }
  build(size: number): Column {
    return { ids: this.ids.slice(0, size), values: this.values, counts: Int32Array.from(this.counts) };
  }
}

const GENERATIONS: Readonly<Record<string, string>> = {
  jr: 'jr',
  junior: 'jr',
  sr: 'sr',
  senior: 'sr',
  ii: 'ii',
  iii: 'iii',
  iv: 'iv',
};
const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'dame',
  'lady',
  'lord',
  'rev',
]);
const STREET_ABBREVIATIONS: Readonly<Record<string, string>> = {
  street: 'st',
  road: 'rd',
  avenue: 'ave',
  av: 'ave',
  boulevard: 'blvd',
  drive: 'dr',
  lane: 'ln',
  place: 'pl',
  court: 'ct',
  crescent: 'cres',
  terrace: 'tce',
  highway: 'hwy',
  parkway: 'pkwy',
  square: 'sq',
  suite: 'ste',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
};

const SIMPLE = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

/** foldText with a fast path for text that is already plain lower-case ASCII words. */
export function fold(raw: string): string {
  const lower = raw.toLowerCase().trim();
  return SIMPLE.test(lower) ? lower : foldText(raw);
}

/**
 * A column whose raw values repeat (companies, titles, cities): each distinct raw value is
 * normalised and interned once, then found by one lookup — at a million rows the interning maps
 * hold hundreds of thousands of values, and every lookup in them is a cache miss.
 */
class RawColumn {
  private readonly idOfRaw = new Map<string, number>();
  private readonly builder: ColumnBuilder;
  private readonly normalise: (raw: string) => string;
  constructor(builder: ColumnBuilder, normalise: (raw: string) => string) {
    this.builder = builder;
    this.normalise = normalise;
  }
  /** Stores the normalised `raw` for `row`; returns its id (0: nothing left after normalising). */
  set(row: number, raw: string): number {
    let id = this.idOfRaw.get(raw);
    if (id === undefined) {
      const value = this.normalise(raw);
      id = value === '' ? 0 : this.builder.intern(value);
      if (this.idOfRaw.size < VALUES_REMEMBERED) this.idOfRaw.set(raw, id);
    }
    this.builder.setId(row, id);
    return id;
  }
}
/** Distinct raw values a column (or a memoised normaliser) remembers: bounded for hostile files. */
const VALUES_REMEMBERED = 200_000;

/**
 * A column derived from another column's value (a surname's phonetic code, a first name's
 * nickname root): worked out and interned once per distinct source id, not looked up per row.
 */
class DerivedColumn {
  private idOfSource = new Int32Array(1024);
  private readonly builder: ColumnBuilder;
  private readonly derive: (value: string) => string;
  constructor(builder: ColumnBuilder, derive: (value: string) => string) {
    this.builder = builder;
    this.derive = derive;
  }
  set(row: number, sourceId: number, sourceValue: string): void {
    if (sourceId === 0) return;
    if (sourceId >= this.idOfSource.length) {
      const grown = new Int32Array(Math.max(sourceId + 1, this.idOfSource.length * 2));
      grown.set(this.idOfSource);
      this.idOfSource = grown;
    }
    // Stored as id + 1 so that 0 means "not worked out yet" (a derived value may be missing: id 0).
    let stored = this.idOfSource[sourceId] as number;
    if (stored === 0) {
      const value = this.derive(sourceValue);
      stored = (value === '' ? 0 : this.builder.intern(value)) + 1;
      this.idOfSource[sourceId] = stored;
    }
    this.builder.setId(row, stored - 1);
  }
}

/** Memoises a normaliser for columns with repeated values (cities, companies, titles). */
function memo(fn: (raw: string) => string, limit = VALUES_REMEMBERED): (raw: string) => string {
  const cache = new Map<string, string>();
  return (raw) => {
    let v = cache.get(raw);
    if (v === undefined) {
      v = fn(raw);
      if (cache.size < limit) cache.set(raw, v);
    }
    return v;
  };
}

function firstToken(folded: string): string {
  const words = folded.split(' ');
  let i = 0;
  while (i < words.length - 1 && HONORIFICS.has(words[i] as string)) i++;
  return words[i] ?? '';
}

/** Splits trailing generation words off a folded surname ("smith jr" → ["smith", "jr"]). */
function splitGeneration(folded: string): [string, string] {
  const words = folded === '' ? [] : folded.split(' ');
  let generation = '';
  while (words.length > 1) {
    const g = GENERATIONS[words[words.length - 1] as string];
    if (g === undefined) break;
    generation ||= g;
    words.pop();
  }
  return [words.join(''), generation];
}

function generationOf(folded: string): string {
  for (const word of folded.split(' ')) {
    const g = GENERATIONS[word];
    if (g !== undefined) return g;
  }
  return '';
}

export function domainKey(raw: string): string {
  const lower = raw.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  let host = at >= 0 ? lower.slice(at + 1) : lower;
  host = host
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/^www\./, '');
  return host.replace(/\.$/, '');
}

export function phoneKey(raw: string): string {
  const withoutExtension = raw.replace(/\s*(?:x|ext\.?|extension|#)\s*\d+\s*$/i, '');
  const digits = withoutExtension.replace(/\D+/g, '');
  // The last nine digits survive every way of writing the same number (+1 415…, 1-415…, (415)…,
  // 0044 20…, 020…) and still separate distinct numbers; shorter inputs are kept whole.
  return digits.length < 6 ? '' : digits.slice(-9);
}

export function dateKey(raw: string): string {
  const t = raw.trim();
  if (t === '') return '';
  const parts = t.split(/[^0-9]+/).filter((p) => p !== '');
  if (parts.length === 3) {
    const [a = '', b = '', c = ''] = parts;
    const pad = (s: string) => s.padStart(2, '0');
    if (a.length === 4) return `${a}${pad(b)}${pad(c)}`;
    if (c.length === 4) {
      // d/m/y vs m/d/y: a value over 12 can only be a day; otherwise day-first (most of the world).
      return Number(b) > 12 ? `${c}${pad(a)}${pad(b)}` : `${c}${pad(b)}${pad(a)}`;
    }
  }
  return parts.join('');
}

export function streetKey(raw: string): string {
  return fold(raw)
    .split(' ')
    .map((w) => STREET_ABBREVIATIONS[w] ?? w)
    .join(' ');
}

/**
 * Streaming preparation: `add` one record at a time (the caller need not hold all raw rows), then
 * `finish`. Capacity grows as needed.
 */
export class RecordPreparer {
  private builders: Record<ColumnName, ColumnBuilder>;
  private size = 0;
  private readonly foldFirst = memo((raw) => firstToken(fold(raw)));
  private readonly foldName = memo(fold);
  private readonly freeMail = new Map<string, boolean>();
  private readonly lastPhonetic: DerivedColumn;
  private readonly firstRoot: DerivedColumn;
  private readonly company: RawColumn;
  private readonly title: RawColumn;
  private readonly city: RawColumn;
  private readonly state: RawColumn;
  private readonly country: RawColumn;
  private readonly domain: RawColumn;

  private readonly part: PreparationPart;
  private readonly owned: ColumnName[];

  constructor(expectedSize = 1024, part: PreparationPart = 'all') {
    this.part = part;
    this.owned = columnsOfPart(part);
    // Every column has a builder; a part grows and returns only its own (the rest stay tiny).
    const b = Object.fromEntries(
      COLUMN_NAMES.map((c) => [c, new ColumnBuilder(this.owned.includes(c) ? expectedSize : 16)]),
    ) as Record<ColumnName, ColumnBuilder>;
    this.builders = b;
    this.lastPhonetic = new DerivedColumn(b.lastPhonetic, nysiis);
    this.firstRoot = new DerivedColumn(b.firstRoot, nicknameKey);
    // The shared hygiene key (vendored legal suffixes of many countries), spaces removed so that
    // "Sales Force" and "Salesforce" agree.
    this.company = new RawColumn(b.company, (raw) => companyMatchKey(raw).replace(/ /g, ''));
    this.title = new RawColumn(b.title, fold);
    this.city = new RawColumn(b.city, fold);
    this.state = new RawColumn(b.state, fold);
    this.country = new RawColumn(b.country, fold);
    this.domain = new RawColumn(b.domain, (raw) => registrableDomain(raw) ?? domainKey(raw));
  }

  add(r: DedupeInput): number {
    const row = this.size++;
    const b = this.builders;
    for (const c of this.owned) if (row >= b[c].capacity) b[c].grow();
    if (this.part !== 'contact') this.addNames(row, r);
    if (this.part !== 'names') this.addContact(row, r);
    return row;
  }

  private addNames(row: number, r: DedupeInput): void {
    const b = this.builders;
    let first = r.first_name ? this.foldFirst(r.first_name) : '';
    let lastFolded = r.last_name ? this.foldName(r.last_name) : '';
    let generation = '';
    if (r.full_name && (first === '' || lastFolded === '')) {
      const split = splitFullName(r.full_name);
      if (first === '') first = firstToken(fold(split.first));
      if (lastFolded === '') lastFolded = fold(split.last);
    }
    if (r.full_name) generation = generationOf(fold(r.full_name));
    const [last, lastGeneration] = splitGeneration(lastFolded);
    generation ||= lastGeneration;
    if (r.first_name && generation === '' && r.first_name.includes(' '))
      generation = generationOf(fold(r.first_name));
    this.firstRoot.set(row, b.first.set(row, first), first);
    this.lastPhonetic.set(row, b.last.set(row, last), last);
    b.generation.set(row, generation);
    if (first !== '' && last !== '')
      b.nameSet.set(row, first < last ? `${first} ${last}` : `${last} ${first}`);
    if (r.company) this.company.set(row, r.company);
    if (r.title) this.title.set(row, r.title);
    if (r.city) this.city.set(row, r.city);
    if (r.state) this.state.set(row, r.state);
    if (r.country) this.country.set(row, r.country);
  }

  private addContact(row: number, r: DedupeInput): void {
    const b = this.builders;
    let emailDomain = '';
    if (r.email) {
      const email = r.email.trim().toLowerCase();
      const at = email.lastIndexOf('@');
      if (at > 0 && at < email.length - 1) {
        const local = email.slice(0, at).replace(/\+.*$/, '').replace(/\./g, '');
        emailDomain = email.slice(at + 1);
        b.email.set(row, `${local}@${emailDomain}`);
        b.emailLocal.set(row, local);
      }
    }
    // The domain field, or else (also when it normalises to nothing) a work email's domain.
    const domainId = r.domain ? this.domain.set(row, r.domain) : 0;
    if (domainId === 0 && emailDomain !== '' && !this.isFreeMail(emailDomain)) b.domain.set(row, emailDomain);
    if (r.phone) b.phone.set(row, phoneKey(r.phone));
    if (r.street) b.street.set(row, streetKey(r.street));
    if (r.postcode) b.postcode.set(row, fold(r.postcode).replace(/ /g, ''));
    if (r.birth_date) b.dob.set(row, dateKey(r.birth_date));
    if (r.external_id) b.externalId.set(row, fold(r.external_id).replace(/ /g, ''));
  }

  private isFreeMail(domain: string): boolean {
    let free = this.freeMail.get(domain);
    if (free === undefined) {
      free = isFreeMailDomain(domain);
      this.freeMail.set(domain, free);
    }
    return free;
  }

  finish(): PreparedRecords {
    const { size, columns } = this.finishPart();
    return { size, columns: columns as Record<ColumnName, Column> };
  }

  /** This part's columns only (see `joinParts`). */
  finishPart(): PreparedPart {
    const n = this.size;
    return { size: n, columns: Object.fromEntries(this.owned.map((c) => [c, this.builders[c].build(n)])) };
  }
}

export interface PreparedPart {
  size: number;
  columns: Partial<Record<ColumnName, Column>>;
}

/** The records prepared in two parts (the same rows, in the same order) as one. */
export function joinParts(names: PreparedPart, contact: PreparedPart): PreparedRecords {
  if (names.size !== contact.size)
    throw new Error(`prepared parts disagree: ${names.size} rows of names, ${contact.size} of contacts`);
  const columns = { ...names.columns, ...contact.columns };
  for (const c of COLUMN_NAMES) if (!columns[c]) throw new Error(`prepared parts lack the column ${c}`);
  return { size: names.size, columns: columns as Record<ColumnName, Column> };
}

/** Normalises records into interned columns. Pure and deterministic. */
export function prepareRecords(inputs: readonly DedupeInput[]): PreparedRecords {
  const preparer = new RecordPreparer(inputs.length);
  for (const input of inputs) preparer.add(input);
  return preparer.finish();
}
