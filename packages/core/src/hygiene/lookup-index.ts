import { levenshtein } from '../text/suggest.ts';
import { foldText } from './fold-text.ts';

/**
 * A case-, accent- and punctuation-insensitive index from names and codes to values.
 *
 * Keys are folded with `foldText`; a second, space-free form is kept as a fallback so that
 * "U. S. A." and "Unitedstates" still resolve. A space-free form that two different values share
 * is dropped rather than guessed.
 */
export type LookupIndex<T> = {
  readonly get: (input: string) => T | undefined;
  /**
   * Typo-tolerant lookup for names: the one value whose key is closest to the input within one
   * edit (swaps count as one) for inputs of 6+ letters, two for 10+; shorter inputs, codes
   * included, must match exactly. Two values equally close is a tie and yields undefined.
   */
  readonly getNear: (input: string) => T | undefined;
};

// Typo tolerance by input length: short words are too close to each other ("Iran"/"Iraq",
// "Mali"/"Malta") for any edit to be safe.
const FUZZY_MIN_LENGTH = 6;
const FUZZY_TWO_EDITS_LENGTH = 10;
// Longer input is not a mistyped name; skip the scan.
const FUZZY_MAX_LENGTH = 60;

function allowedEdits(key: string): number {
  if (key.length < FUZZY_MIN_LENGTH || key.length > FUZZY_MAX_LENGTH) return 0;
  return key.length >= FUZZY_TWO_EDITS_LENGTH ? 2 : 1;
}

// Edits between a folded input and a key. Names of several words are compared word by word,
// each word within its own allowance: otherwise "South America" is two edits from "South
// Africa", well inside the allowance of the whole 13 letters.
function editsBetween(key: string, words: readonly string[], candidate: string): number {
  const candidateWords = candidate.split(' ');
  if (words.length < 2 || candidateWords.length !== words.length) return levenshtein(key, candidate);
  let total = 0;
  for (const [i, word] of words.entries()) {
    const other = candidateWords[i] ?? '';
    if (word === other) continue;
    const edits = levenshtein(word, other);
    if (edits > allowedEdits(word)) return Number.POSITIVE_INFINITY;
    total += edits;
  }
  return total;
}

export function buildLookupIndex<T>(entries: Iterable<readonly [key: string, value: T]>): LookupIndex<T> {
  const exact = new Map<string, T>();
  const compact = new Map<string, T | null>();
  for (const [rawKey, value] of entries) {
    const key = foldText(rawKey);
    if (key === '') continue;
    const existing = exact.get(key);
    if (existing !== undefined && existing !== value) {
      // Two table rows claiming one spelling is a bug in the table, not bad input.
      throw new Error(`lookup key "${key}" maps to two different values`);
    }
    exact.set(key, value);
    const squeezed = key.replace(/ /g, '');
    const prior = compact.get(squeezed);
    compact.set(squeezed, prior === undefined || prior === value ? value : null);
  }
  const get = (input: string): T | undefined => {
    const key = foldText(input);
    if (key === '') return undefined;
    return exact.get(key) ?? compact.get(key.replace(/ /g, '')) ?? undefined;
  };
  return {
    get,
    getNear(input) {
      const found = get(input);
      if (found !== undefined) return found;
      const key = foldText(input);
      const limit = allowedEdits(key);
      if (limit === 0) return undefined;
      let best: T | undefined;
      let bestDistance = limit + 1;
      let tied = false;
      const words = key.split(' ');
      for (const [candidate, value] of exact) {
        if (Math.abs(candidate.length - key.length) > limit) continue;
        const distance = editsBetween(key, words, candidate);
        if (distance < bestDistance) {
          best = value;
          bestDistance = distance;
          tied = false;
        } else if (distance === bestDistance && value !== best) {
          tied = true;
        }
      }
      return tied ? undefined : best;
    },
  };
}
