import { describe, expect, it } from 'vitest';
import { type ReferencePath, referenceMarkov } from '../testing/markov-reference.ts';
import { mulberry32 } from '../testing/mulberry32.ts';
import { attribute } from './attribute.ts';
import { attributeMarkov } from './markov.ts';
import { buildPathSet, type Journey } from './path-set.ts';

const journeys = (rows: readonly [string, number, number, number][]): Journey[] =>
  rows.map(([path, conversions, value, nulls]) => ({
    touches: path.split('>').map((c) => ({ channel: c.trim() })),
    conversions,
    value,
    nulls,
  }));

const toReference = (rows: readonly [string, number, number, number][]): ReferencePath[] =>
  rows.map(([path, conversions, value, nulls]) => ({
    steps: path.split('>').map((c) => c.trim()),
    conversions,
    value,
    nulls,
  }));

/** Random journeys with cycles (a > b > a), repeats (a > a) and non-converting paths. */
function randomRows(seed: number, count: number, channels: number): [string, number, number, number][] {
  const random = mulberry32(seed);
  const names = Array.from({ length: channels }, (_, i) => `ch${i}`);
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(random() * 7);
    const steps = Array.from({ length }, () => names[Math.floor(random() ** 1.5 * channels)]!);
    const conversions = random() < 0.6 ? Math.floor(random() * 5) : 0;
    const value = conversions > 0 ? Math.round(random() * 1000) / 10 : 0;
    const nulls = Math.floor(random() * 8);
    return [steps.join(' > '), conversions, value, nulls] as [string, number, number, number];
  });
}

describe('markov (exact absorbing-chain solve)', () => {
  it.each([
    { nulls: true, name: 'with nulls' },
    { nulls: false, name: 'without nulls' },
  ])('toy1 by hand, $name: removal effects a 1, b 0.75, c 0.25', ({ nulls }) => {
    const paths = buildPathSet(
      journeys([
        ['a > b', 3, 30, 1],
        ['a > c', 1, 10, 1],
      ]),
    );
    const r = attributeMarkov(paths, { nulls });
    if (!r.ok) throw new Error(r.error.message);
    expect([...r.value.removalEffect].map((x) => +x.toFixed(12))).toEqual([1, 0.75, 0.25]);
    expect([...r.value.conversions].map((x) => +x.toFixed(12))).toEqual([2, 1.5, 0.5]);
    expect([...r.value.value].map((x) => +x.toFixed(9))).toEqual([20, 15, 5]);
    expect(r.value.conversionProbability).toBeCloseTo(nulls ? 2 / 3 : 1, 14);
  });

  it('toy2: conversions A 3.547718, B 2.838174, C 2.614108', () => {
    const rows = ['A', 'A>B', 'A>B>C', 'B', 'B>A', 'B>C>A', 'C', 'C>A', 'C>B>A'].map(
      (p) => [p, 1, 3, 0] as [string, number, number, number],
    );
    const r = attribute(buildPathSet(journeys(rows)), { model: 'markov' });
    if (!r.ok) throw new Error(r.error.message);
    expect([...r.value.conversions].map((x) => +x.toFixed(6))).toEqual([3.547718, 2.838174, 2.614108]);
  });

  it('collapses consecutive repeats: a > a > b is a > b', () => {
    const a = attributeMarkov(
      buildPathSet(
        journeys([
          ['a > a > b', 2, 4, 1],
          ['b > b', 1, 1, 3],
        ]),
      ),
    );
    const b = attributeMarkov(
      buildPathSet(
        journeys([
          ['a > b', 2, 4, 1],
          ['b', 1, 1, 3],
        ]),
      ),
    );
    if (!a.ok || !b.ok) throw new Error('failed');
    expect([...a.value.conversions]).toEqual([...b.value.conversions]);
    expect(a.value.states).toBe(b.value.states);
  });

  // The contract: exact to 1e-9 of the total against the independent calculation, at several
  // orders, with and without nulls, with both solvers of the engine.
  const cases = [1, 2, 3].flatMap((order) =>
    [true, false].flatMap((nulls) =>
      (['direct', 'iterative'] as const).map((solver) => ({ order, nulls, solver })),
    ),
  );
  it.each(cases)(
    'random journeys with cycles, order $order, nulls $nulls, $solver solver',
    ({ order, nulls, solver }) => {
      const rows = randomRows(order * 100 + (nulls ? 1 : 2), 400, 6);
      const paths = buildPathSet(journeys(rows));
      const r = attributeMarkov(paths, { order, nulls, solver });
      if (!r.ok) throw new Error(r.error.message);
      const ref = referenceMarkov(toReference(rows), order, nulls);
      const totalConversions = rows.reduce((s, row) => s + row[1], 0);
      const totalValue = rows.reduce((s, row) => s + row[2], 0);
      paths.channels.forEach((name, c) => {
        expect(Math.abs(r.value.conversions[c]! - ref.conversions.get(name)!)).toBeLessThan(
          1e-9 * totalConversions,
        );
        expect(Math.abs(r.value.value[c]! - ref.value.get(name)!)).toBeLessThan(1e-9 * totalValue);
        expect(Math.abs(r.value.removalEffect[c]! - ref.removalEffect.get(name)!)).toBeLessThan(1e-12);
      });
      expect(r.value.conversions.reduce((s, x) => s + x, 0)).toBeCloseTo(totalConversions, 9);
      expect(r.value.value.reduce((s, x) => s + x, 0)).toBeCloseTo(totalValue, 7);
    },
  );

  it('a long two-channel ping-pong converges to the exact answer with the iterative solver', () => {
    const rows: [string, number, number, number][] = [
      [Array.from({ length: 60 }, (_, i) => (i % 2 ? 'b' : 'a')).join(' > '), 1, 5, 0],
      ['a > b > a > b > c', 0, 0, 50],
      ['c', 2, 2, 1],
    ];
    const direct = attributeMarkov(buildPathSet(journeys(rows)), { order: 2, solver: 'direct' });
    const iterative = attributeMarkov(buildPathSet(journeys(rows)), { order: 2, solver: 'iterative' });
    if (!direct.ok || !iterative.ok) throw new Error('failed');
    direct.value.conversions.forEach((x, c) => {
      expect(Math.abs(x - iterative.value.conversions[c]!)).toBeLessThan(1e-12);
    });
  });

  it('a channel only on non-converting paths gets no credit', () => {
    const r = attributeMarkov(
      buildPathSet(
        journeys([
          ['a > b', 4, 8, 2],
          ['z', 0, 0, 9],
        ]),
      ),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.conversions[2]).toBe(0);
    expect(r.value.removalEffect[2]).toBe(0);
  });

  it.each([
    [0, 'INVALID_ORDER'],
    [1.5, 'INVALID_ORDER'],
    [40, 'INVALID_ORDER'],
  ])('order %s is refused with %s', (order, code) => {
    const r = attributeMarkov(buildPathSet(journeys([['a > b', 1, 1, 0]])), { order });
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it('refuses journeys without conversions', () => {
    const r = attribute(buildPathSet(journeys([['a > b', 0, 0, 3]])), { model: 'markov' });
    expect(r.ok ? null : r.error.code).toBe('NO_CONVERSIONS');
  });
});
