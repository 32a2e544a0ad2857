import { COMPANY_SUFFIX_TERMS } from './company-suffixes.data.ts';
import { foldLetters } from './fold-text.ts';

// Company names → a display form without the legal suffix, and a match key for account
// matching: "The Acme Holdings, Inc." and "ACME Holdings Ltd" are one company to sales.
//
// Legal-entity terms come from cleanco (vendored, MIT), read at the end of the name and chained
// ("Acme Co., Ltd." loses both). Terms are compared in a normal form — accents folded, "&" read
// as "and" and then dropped, punctuation dropped, single letters joined — so "S.A.", "S. A." and
// "SA", or "A/S" and "AS", are one term.

export type CleanCompanyName = { display: string; legalSuffix: string | null };

// Terms this project adds: common spellings cleanco lacks.
const EXTRA_TERMS: readonly string[] = [
  'pvt',
  'pvt ltd',
  'private limited',
  'spa',
  's.p.a.',
  'k.k.',
  'pty',
  'ltd co',
  's.a.b. de c.v.',
  's.a.p.i. de c.v.',
];

// Two-letter terms are mostly ordinary words or country codes too ("at", "up", "ok", "uk",
// "по", "до"): stripping them would eat real names ("Level Up", "Look At"). Only these
// unmistakable legal forms are kept at that length.
const SHORT_TERMS = new Set([
  'ab',
  'ag',
  'as',
  'bv',
  'co',
  'ev',
  'gk',
  'gp',
  'hb',
  'kb',
  'kg',
  'kk',
  'ks',
  'lp',
  'nv',
  'oy',
  'pc',
  'sa',
  'sl',
  'se',
]);

// Words that say "the same organization" in a match key but carry meaning in a display name:
// "Acme Holdings" and "Acme Group" are Acme's accounts in a CRM. Words like Systems, Solutions
// or International are not here: Acme Systems and Acme Solutions are usually different firms.
const GENERIC_WORDS = new Set(['holdings', 'holding', 'group']);

// Names longer than this are pasted text; the key is computed from a prefix only.
const MAX_INPUT = 500;

let termSet: { terms: ReadonlySet<string>; maxWords: number } | undefined;

function terms() {
  if (termSet === undefined) {
    const set = new Set<string>();
    let maxWords = 1;
    for (const raw of [...COMPANY_SUFFIX_TERMS.split('\n'), ...EXTRA_TERMS]) {
      const tokens = normalTokens(raw);
      const key = tokens.join(' ');
      if (key === '' || (key.length <= 2 && !SHORT_TERMS.has(key))) continue;
      set.add(key);
      maxWords = Math.max(maxWords, raw.trim().split(/[\s,]+/).length);
    }
    termSet = { terms: set, maxWords };
  }
  return termSet;
}

/**
 * Normal-form tokens of a name fragment: folded letters and digits of any script, "and"/"&"
 * dropped, dotted initialisms ("s.a.", "l.l.c.") and runs of single letters ("a s", "at t")
 * joined. Shared by terms and names so both sides of every comparison agree.
 */
function normalTokens(text: string): string[] {
  const folded = foldLetters(text)
    .replace(/['’‘`´]/g, '')
    .replace(/&/g, ' and ')
    .replace(/(?<![\p{L}\p{N}])\p{L}(?:\.\p{L})+\.?(?![\p{L}\p{N}])/gu, (m) => m.replace(/\./g, ''));
  const words = folded.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '' && word !== 'and');
  return joinLetterRuns(words);
}

// "AT&T" → "at t" → "att", like "ATT"; "J P Morgan" → "jp morgan", like "J.P. Morgan". A run
// of short tokens is joined only when it contains a single letter, so "Go AI" stays two words.
function joinLetterRuns(words: readonly string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1 && run.some((word) => word.length === 1)) out.push(run.join(''));
    else out.push(...run);
    run = [];
  };
  for (const word of words) {
    if (word.length <= 2) run.push(word);
    else {
      flush();
      out.push(word);
    }
  }
  flush();
  return out;
}

type Segment = { text: string; start: number };

// Whitespace- and comma-separated pieces of the name, with their offsets, so suffixes are cut
// from the text as typed ("Acme Holdings, Inc." keeps "Acme Holdings" exactly).
function segmentsOf(name: string): Segment[] {
  return [...name.matchAll(/[^\s,]+/g)].map((m) => ({ text: m[0], start: m.index }));
}

// How many trailing segments form a legal term, longest first; 0 when none does.
function trailingTermLength(segments: readonly Segment[], end: number): number {
  const { terms: set, maxWords } = terms();
  for (let k = Math.min(maxWords, end - 1); k >= 1; k--) {
    const candidate = normalTokens(
      segments
        .slice(end - k, end)
        .map((s) => s.text)
        .join(' '),
    ).join(' ');
    if (candidate !== '' && set.has(candidate)) return k;
  }
  return 0;
}

function tidy(name: string): string {
  return name
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Splits a company name into its display form and its legal suffix: "Acme Holdings, Inc." →
 * "Acme Holdings" + "Inc."; "Müller GmbH & Co. KG" → "Müller" + "GmbH & Co. KG". Casing and "The"
 * are kept (that is the company's own spelling); whitespace is tidied and trailing commas or
 * dashes dropped. A name that is nothing but a suffix ("Inc") is returned as it is.
 */
export function cleanCompanyName(name: string): CleanCompanyName {
  const text = tidy(name.length > MAX_INPUT ? name.slice(0, MAX_INPUT) : name);
  const segments = segmentsOf(text);
  let end = segments.length;
  for (let k = trailingTermLength(segments, end); k > 0; k = trailingTermLength(segments, end)) end -= k;
  if (end === segments.length || end === 0) return { display: text, legalSuffix: null };
  const cut = segments[end]?.start ?? text.length;
  const display = text
    .slice(0, cut)
    .replace(/[\s,;:–—-]+$/, '')
    .trim();
  // "The Company" is a name, not "The" with a suffix.
  if (withoutArticles(normalTokens(display)).length === 0) return { display: text, legalSuffix: null };
  return { display, legalSuffix: text.slice(cut).trim() };
}

function withoutArticles(tokens: readonly string[]): string[] {
  let start = 0;
  let end = tokens.length;
  // "The Home Depot", "Home Depot, The". Only English "the": other languages' articles are
  // part of the name ("La Poste" is not "Poste").
  if (tokens[start] === 'the') start++;
  if (end > start + 1 && tokens[end - 1] === 'the') end--;
  return tokens.slice(start, end);
}

function withoutGenericWords(tokens: readonly string[]): string[] {
  let end = tokens.length;
  while (end > 1 && GENERIC_WORDS.has(tokens[end - 1] ?? '')) end--;
  return tokens.slice(0, end);
}

/**
 * A key under which spellings of one company agree: lowercase, accents folded, "The" dropped,
 * "&"/"and" dropped, punctuation dropped, legal suffixes and trailing Holdings/Group removed.
 * "The Home Depot, Inc." → "home depot"; "AT&T Inc." → "att"; "Procter & Gamble Co." →
 * "procter gamble". When stripping would leave nothing ("Inc", "The Group") the unstripped form
 * is used. Empty string only for input with no letters or digits.
 */
export function companyMatchKey(name: string): string {
  const { display } = cleanCompanyName(name);
  const stripped = withoutGenericWords(withoutArticles(normalTokens(display)));
  if (stripped.length > 0) return stripped.join(' ');
  const whole = normalTokens(tidy(name.slice(0, MAX_INPUT)));
  const unarticled = withoutArticles(whole);
  return (unarticled.length > 0 ? unarticled : whole).join(' ');
}
