import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, jaro, jaroWinkler } from './compare-strings.ts';
import { NICKNAME_PAIRS } from './nicknames.data.ts';
import { areNicknames, nameRoots, nicknameKey } from './nicknames.ts';
import { nysiis } from './phonetic.ts';

describe('jaro / jaro-winkler', () => {
  // Reference values from Winkler (1990) and the usual textbook examples.
  it.each([
    ['martha', 'marhta', 0.944, 0.961],
    ['dwayne', 'duane', 0.822, 0.84],
    ['dixon', 'dicksonx', 0.767, 0.813],
    ['abc', 'abc', 1, 1],
    ['abc', 'xyz', 0, 0],
    ['', 'abc', 0, 0],
  ])('%s / %s', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(jw, 3);
  });
});

describe('damerauLevenshtein (optimal string alignment)', () => {
  it.each([
    ['kitten', 'sitting', undefined, 3],
    ['ca', 'ac', undefined, 1], // one transposition
    ['abcdef', 'abcdfe', undefined, 1],
    ['', 'abc', undefined, 3],
    ['same', 'same', undefined, 0],
    ['kitten', 'sitting', 1, 2], // early exit: "more than 1" reported as max + 1
    ['abcdefgh', 'a', 2, 3],
  ])('%s / %s (max %s) = %s', (a, b, max, expected) => {
    expect(damerauLevenshtein(a, b, max)).toBe(expected);
  });
});

describe('nysiis', () => {
  it.each([
    ['Phillips', 'Philips'],
    ['Brown', 'Browne'],
    ['Knight', 'Night'],
    ['MacDonald', 'McDonald'],
    ['Schmidt', 'Schmid'],
  ])('%s sounds like %s', (a, b) => {
    expect(nysiis(a)).toBe(nysiis(b));
    expect(nysiis(a)).not.toBe('');
  });
  it.each([
    ['Smith', 'Jones'],
    ['Miller', 'Mills'],
  ])('%s does not sound like %s', (a, b) => {
    expect(nysiis(a)).not.toBe(nysiis(b));
  });
  it('ignores case and punctuation', () => {
    expect(nysiis("O'Brien")).toBe(nysiis('obrien'));
    expect(nysiis('')).toBe('');
  });
});

describe('nicknames', () => {
  it.each([
    ['bob', 'robert', true],
    ['robert', 'bob', true],
    ['bob', 'rob', true], // both nicknames of robert
    ['bill', 'william', true],
    ['peggy', 'margaret', true],
    ['edward', 'edwin', false], // share the nickname "ed", but are different names
    ['robert', 'william', false],
    ['anna', 'anna', true],
  ])('%s ≈ %s: %s', (a, b, expected) => {
    expect(areNicknames(a, b)).toBe(expected);
  });

  it('is symmetric over the whole vendored list', () => {
    const names = new Set<string>();
    for (const line of NICKNAME_PAIRS.split('\n')) for (const n of line.split(',')) names.add(n);
    const sample = [...names].filter((_, i) => i % 7 === 0);
    for (const a of sample) for (const b of nameRoots(a)) expect(areNicknames(b, a)).toBe(true);
  });

  it('does not chain through shared nicknames', () => {
    // "ed" and "eddie" belong to several formal names; those must not become each other's nicknames.
    const formal = ['edgar', 'edmond', 'edmund', 'eduardo', 'edward', 'edwin'];
    for (const a of formal) {
      expect(areNicknames('ed', a)).toBe(true);
      for (const b of formal) if (a !== b) expect(areNicknames(a, b)).toBe(false);
    }
  });

  it('gives nickname variants a shared blocking key', () => {
    expect(nicknameKey('bob')).toBe(nicknameKey('robert'));
    expect(nicknameKey('zzyzx')).toBe('zzyzx');
  });
});
