// Shared text folding for lookup keys: the hygiene tables match on a folded form so that case,
// accents, punctuation and spacing in user input never decide whether a value is recognized.

// Letters that NFKD does not decompose into a base letter plus a combining mark.
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
};

const COMBINING_MARKS = /\p{M}+/gu;
// Apostrophes vanish rather than split words: "Côte d'Ivoire" and "Cote dIvoire" fold alike.
const APOSTROPHES = /['’‘`´]/g;
const NON_ALNUM = /[^a-z0-9]+/g;

/**
 * Folds text to a lookup key: lowercase ASCII letters and digits separated by single spaces.
 * "  Côte d'Ivoire " → "cote divoire", "U.S.A." → "usa", "Bosnia & Herzegovina" →
 * "bosnia and herzegovina".
 */
export function foldText(input: string): string {
  const lowered = foldLetters(input).replace(APOSTROPHES, '').replace(/&/g, ' and ');
  // Collapse dotted initialisms ("u.s.a.", "n.y.", "b.c.") into one token before other
  // punctuation turns their dots into spaces.
  const initialisms = lowered.replace(/\b[a-z](?:\.[a-z])+\b\.?/g, (m) => m.replace(/\./g, ''));
  return initialisms.replace(NON_ALNUM, ' ').trim();
}

/**
 * Lowercases and strips accents ("Société" → "societe", "Straße" → "strasse") but keeps every
 * character otherwise, in any script: for keys that must not lose Cyrillic or Greek names the way
 * `foldText`'s ASCII-only output would.
 */
export function foldLetters(input: string): string {
  return input
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/[ßøæœđðłıþ]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch);
}
