import { describe, expect, it } from 'vitest';
import { newId, UUID_PATTERN } from '../src/ids.ts';

describe('newId (UUIDv7)', () => {
  it('carries the version 7 and RFC 4122 variant bits and the millisecond time', () => {
    const at = Date.parse('2026-12-06T09:30:00.123Z');
    for (let i = 0; i < 1000; i++) {
      const id = newId(at);
      expect(id).toMatch(UUID_PATTERN);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
      expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    }
  });

  it('sorts by creation time and never repeats', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => newId(1_700_000_000_000 + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    const byTime = ids.map((id) => id.slice(0, 13));
    expect([...byTime].sort()).toEqual(byTime);
  });

  it('draws the random part fresh for ids of the same millisecond', () => {
    const a = newId(0);
    const b = newId(0);
    expect(a.slice(0, 13)).toBe('00000000-0000');
    expect(a.slice(15)).not.toBe(b.slice(15));
  });
});
