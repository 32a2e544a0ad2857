import { describe, expect, it } from 'vitest';
import { didYouMean, levenshtein, suggest } from './suggest.ts';

describe('levenshtein (with adjacent transpositions)', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['emea', 'emea', 0],
    ['mql', 'mqll', 1],
    ['mql', 'mlq', 1], // swapping neighbours is one edit
    ['emea', 'emae', 1],
    ['abcd', 'badc', 2],
    ['ca', 'abc', 3], // optimal string alignment: no edits inside a transposed pair
  ])('%j ↔ %j is %d', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
    expect(levenshtein(b, a)).toBe(distance);
  });
});

describe('suggest / didYouMean', () => {
  const pools = ['na', 'emea', 'apac', 'enterprise', 'follow-the-sun', 'on-call'];
  it.each<[string, string | null]>([
    ['emae', 'emea'],
    ['emeaa', 'emea'],
    ['EMEA', 'emea'], // case is ignored
    ['enterprize', 'enterprise'],
    ['follow-the-son', 'follow-the-sun'],
    ['oncall', 'on-call'],
    ['nn', 'na'],
    ['emmea-x', null], // 3 edits on a 7-letter name: too far (allowance is a third of the length)
    ['latam', null],
    ['', null], // the allowance is at least one edit; "" is two from "na"
  ])('%j → %j', (input, expected) => {
    expect(suggest(input, pools)).toBe(expected);
    expect(didYouMean(input, pools)).toBe(expected ? ` Did you mean "${expected}"?` : '');
  });

  it('suggests nothing from an empty list', () => {
    expect(suggest('na', [])).toBeNull();
    expect(didYouMean('na', new Set<string>())).toBe('');
  });
});
