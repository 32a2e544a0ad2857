import { describe, expect, it } from 'vitest';
import { scorePairwise } from './pairwise.ts';
import { createRng } from './prng.ts';

const truthOf = (groups: Record<string, string[]>) =>
  new Map(Object.entries(groups).flatMap(([entity, ids]) => ids.map((id) => [id, entity] as const)));
const predOf = (groups: Record<string, string[]>) =>
  Object.entries(groups).flatMap(([cluster, ids]) => ids.map((id) => [id, cluster] as const));

describe('scorePairwise (hand-computed)', () => {
  const cases: {
    name: string;
    truth: Record<string, string[]>;
    predicted: Record<string, string[]>;
    expect: {
      truePairs: number;
      predictedPairs: number;
      truePositives: number;
      p: number;
      r: number;
      f1: number;
    };
  }[] = [
    {
      name: 'perfect clustering',
      truth: { E1: ['a', 'b'], E2: ['c'] },
      predicted: { X: ['a', 'b'], Y: ['c'] },
      expect: { truePairs: 1, predictedPairs: 1, truePositives: 1, p: 1, r: 1, f1: 1 },
    },
    {
      name: 'everything merged: C(4,2)=6 predicted, 2 true',
      truth: { E1: ['a', 'b'], E2: ['c', 'd'] },
      predicted: { X: ['a', 'b', 'c', 'd'] },
      expect: { truePairs: 2, predictedPairs: 6, truePositives: 2, p: 1 / 3, r: 1, f1: 0.5 },
    },
    {
      name: 'all singletons: no predicted pairs, precision 1 by convention',
      truth: { E1: ['a', 'b', 'c'] },
      predicted: { X: ['a'], Y: ['b'], Z: ['c'] },
      expect: { truePairs: 3, predictedPairs: 0, truePositives: 0, p: 1, r: 0, f1: 0 },
    },
    {
      name: 'split and merged: cells (E1,X)=2 (E1,Y)=1 (E2,Y)=2',
      truth: { E1: ['a', 'b', 'c'], E2: ['d', 'e'] },
      predicted: { X: ['a', 'b'], Y: ['c', 'd', 'e'] },
      expect: { truePairs: 4, predictedPairs: 4, truePositives: 2, p: 0.5, r: 0.5, f1: 0.5 },
    },
    {
      name: 'labels are arbitrary: cluster names that collide with entity names mean nothing',
      truth: { A: ['a', 'b'], B: ['c', 'd'] },
      predicted: { B: ['a', 'b'], A: ['c', 'd'] },
      expect: { truePairs: 2, predictedPairs: 2, truePositives: 2, p: 1, r: 1, f1: 1 },
    },
    {
      name: 'one wrong merge: clusters {a,b,c} {d}',
      truth: { E1: ['a', 'b'], E2: ['c', 'd'] },
      predicted: { X: ['a', 'b', 'c'], Y: ['d'] },
      expect: { truePairs: 2, predictedPairs: 3, truePositives: 1, p: 1 / 3, r: 0.5, f1: 0.4 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = scorePairwise(truthOf(c.truth), predOf(c.predicted));
      expect(r.truePairs).toBe(c.expect.truePairs);
      expect(r.predictedPairs).toBe(c.expect.predictedPairs);
      expect(r.truePositives).toBe(c.expect.truePositives);
      expect(r.precision).toBeCloseTo(c.expect.p, 12);
      expect(r.recall).toBeCloseTo(c.expect.r, 12);
      expect(r.f1).toBeCloseTo(c.expect.f1, 12);
      expect(r.valid).toBe(true);
    });
  }
});

describe('scorePairwise (contract violations)', () => {
  it('scores ids missing from the output as singletons and marks the run invalid', () => {
    const r = scorePairwise(truthOf({ E1: ['a', 'b', 'c'] }), predOf({ X: ['a', 'b'] }));
    expect(r).toMatchObject({ truePairs: 3, predictedPairs: 1, truePositives: 1, missing: 1, valid: false });
    expect(r.precision).toBe(1);
    expect(r.recall).toBeCloseTo(1 / 3, 12);
    expect(r.f1).toBeCloseTo(0.5, 12);
  });

  it('two missing ids never form a pair between themselves', () => {
    const r = scorePairwise(truthOf({ E1: ['a', 'b'] }), []);
    expect(r).toMatchObject({ truePairs: 1, predictedPairs: 0, truePositives: 0, missing: 2, valid: false });
  });

  it('counts repeated and unknown ids, scores the first listing', () => {
    const r = scorePairwise(truthOf({ E1: ['a', 'b'] }), [
      ['a', 'X'],
      ['b', 'X'],
      ['a', 'Y'],
      ['zzz', 'X'],
    ]);
    expect(r).toMatchObject({
      truePositives: 1,
      predictedPairs: 1,
      duplicated: 1,
      unknown: 1,
      missing: 0,
      valid: false,
    });
  });
});

describe('scorePairwise (scale and cross-check)', () => {
  it('handles a 50,000-record entity without enumerating pairs', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `r${i}`);
    const r = scorePairwise(
      truthOf({ E: ids }),
      ids.map((id, i) => [id, i < 25_000 ? 'X' : 'Y'] as const),
    );
    expect(r.truePairs).toBe(1_249_975_000);
    expect(r.predictedPairs).toBe(2 * 312_487_500);
    expect(r.truePositives).toBe(624_975_000);
    expect(r.precision).toBe(1);
  });

  it('agrees with brute-force pair enumeration on random clusterings', () => {
    const rng = createRng('pairwise-crosscheck');
    for (let trial = 0; trial < 50; trial++) {
      const n = rng.int(1, 40);
      const truth = new Map<string, string>();
      const predicted: [string, string][] = [];
      for (let i = 0; i < n; i++) {
        truth.set(`r${i}`, `E${rng.int(0, 6)}`);
        if (rng.chance(0.9)) predicted.push([`r${i}`, `C${rng.int(0, 6)}`]);
      }
      const cluster = new Map(predicted);
      let tp = 0;
      let truePairs = 0;
      let predPairs = 0;
      const ids = [...truth.keys()];
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          const a = ids[i] as string;
          const b = ids[j] as string;
          const same = truth.get(a) === truth.get(b);
          const ca = cluster.get(a);
          const together = ca !== undefined && ca === cluster.get(b);
          if (same) truePairs++;
          if (together) predPairs++;
          if (same && together) tp++;
        }
      }
      const r = scorePairwise(truth, predicted);
      expect([r.truePairs, r.predictedPairs, r.truePositives]).toEqual([truePairs, predPairs, tp]);
    }
  });
});
