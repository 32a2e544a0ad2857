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
};

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
  return {
    get(input) {
      const key = foldText(input);
      if (key === '') return undefined;
      return exact.get(key) ?? compact.get(key.replace(/ /g, '')) ?? undefined;
    },
  };
}
