import { describe, expect, it } from 'vitest';
import { sanitizeForJson } from './sanitize.ts';

describe('sanitizeForJson', () => {
  it('replaces NUL and lone surrogates, and leaves clean text as it is', () => {
    expect(sanitizeForJson('a\u0000b\uD800c')).toBe('a\uFFFDb\uFFFDc');
    const clean = 'Northwind — /pricing';
    expect(sanitizeForJson(clean)).toBe(clean);
  });

  it('caps strings, keys, arrays, object sizes and depth', () => {
    expect(sanitizeForJson('x'.repeat(50), 10)).toBe('x'.repeat(10));
    const wide = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(sanitizeForJson(wide) as object)).toHaveLength(100);
    expect(Object.keys(sanitizeForJson({ ['k'.repeat(300)]: 1 }) as object)[0]).toHaveLength(200);
    expect(sanitizeForJson(Array.from({ length: 150 }, () => 1))).toHaveLength(100);
    const deep = JSON.parse('{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}');
    expect(JSON.stringify(sanitizeForJson(deep))).toBe(
      '{"a":{"b":{"c":{"d":{"e":{"f":"[nested too deep]"}}}}}}',
    );
  });

  it('keeps a "__proto__" key as data (it is valid JSON), never as the prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "plan": "pro"}');
    const out = sanitizeForJson(hostile) as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true},"plan":"pro"}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores inherited properties', () => {
    const child = Object.create({ inherited: 1 }) as Record<string, unknown>;
    child.own = 2;
    expect(sanitizeForJson(child)).toEqual({ own: 2 });
  });
});
