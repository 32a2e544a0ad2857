import { describe, expect, it } from 'vitest';
import { boundedMemo } from './bounded-memo.ts';

describe('boundedMemo', () => {
  it('works each key out once, remembers null answers too, and forgets everything when full', () => {
    const computed: string[] = [];
    const lengthOrNull = boundedMemo(3, (key) => {
      computed.push(key);
      return key === '' ? null : key.length;
    });
    expect([lengthOrNull('ab'), lengthOrNull('ab'), lengthOrNull(''), lengthOrNull('')]).toEqual([
      2,
      2,
      null,
      null,
    ]);
    expect(computed).toEqual(['ab', '']);
    lengthOrNull('abc');
    // Full (3 keys): the fourth clears the memo, so 'ab' is worked out again.
    lengthOrNull('abcd');
    expect(lengthOrNull('ab')).toBe(2);
    expect(computed).toEqual(['ab', '', 'abc', 'abcd', 'ab']);
  });
});
