import { describe, expect, it } from 'vitest';
import { MinHeap } from './heap.ts';
import { hashString, Prng, weightedPicker } from './prng.ts';

describe('Prng', () => {
  it('repeats exactly for the same seed and stream, and differs otherwise', () => {
    const draw = (seed: number, stream: number) => {
      const rng = new Prng(seed, stream);
      return Array.from({ length: 5 }, () => rng.nextU32());
    };
    expect(draw(42, 0)).toEqual(draw(42, 0));
    expect(draw(42, 0)).not.toEqual(draw(43, 0));
    expect(draw(42, 0)).not.toEqual(draw(42, 1));
  });

  it('draws uniform numbers, weighted keys and lognormal medians with the right statistics', () => {
    const rng = new Prng(7);
    const n = 50_000;
    let sum = 0;
    const counts = { a: 0, b: 0, c: 0 };
    const logs: number[] = [];
    for (let i = 0; i < n; i++) {
      sum += rng.next();
      counts[rng.weighted({ a: 1, b: 2, c: 7 })]++;
      logs.push(rng.lognormal(10, 0.8));
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(counts.a / n).toBeCloseTo(0.1, 1);
    expect(counts.c / n).toBeCloseTo(0.7, 1);
    logs.sort((x, y) => x - y);
    expect(logs[n / 2]).toBeGreaterThan(9.5);
    expect(logs[n / 2]).toBeLessThan(10.5);
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const rng = new Prng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(rng.int(2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('makes version-4 shaped UUIDs', () => {
    const rng = new Prng(3);
    for (let i = 0; i < 100; i++) {
      expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('picks precompiled weights in proportion and never picks a zero weight', () => {
    const pick = weightedPicker({ a: 1, b: 3, never: 0 });
    const rng = new Prng(8);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) counts[pick(rng)]++;
    expect(counts.never).toBe(0);
    expect(Math.abs(counts.a / 40_000 - 0.25)).toBeLessThan(0.01);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => new Prng(1).pick([])).toThrow(/empty list/);
  });

  it('hashes strings deterministically', () => {
    expect(hashString('globex.example')).toBe(hashString('globex.example'));
    expect(hashString('globex.example')).not.toBe(hashString('initech.example'));
  });
});

describe('MinHeap', () => {
  it('pops in time order, ties in insertion order', () => {
    const heap = new MinHeap<{ at: number; seq: number; id: string }>();
    const input = [
      [5, 'a'],
      [1, 'b'],
      [5, 'c'],
      [3, 'd'],
      [1, 'e'],
      [9, 'f'],
    ] as const;
    input.forEach(([at, id], seq) => {
      heap.push({ at, seq, id });
    });
    const out: string[] = [];
    while (heap.size > 0) out.push(heap.pop()!.id);
    expect(out).toEqual(['b', 'e', 'd', 'a', 'c', 'f']);
    expect(heap.pop()).toBeUndefined();
  });
});
