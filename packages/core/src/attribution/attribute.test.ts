import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_MODELS, type AttributionModel, attribute } from './attribute.ts';
import { buildPathSet, type Journey, MILESTONE } from './path-set.ts';

const { LEAD_CREATED: L, OPPORTUNITY_CREATED: O, CLOSED_WON: W } = MILESTONE;
const DAY = 24 * 3600 * 1000;

const path = (text: string, conversions = 1, value = 0, nulls = 0): Journey => ({
  touches: text.split('>').map((c) => ({ channel: c.trim() })),
  conversions,
  value,
  nulls,
});

/** Credit by channel name. */
function credit(journeys: Journey[], model: AttributionModel, extra: { halfLifeMs?: number } = {}) {
  const r = attribute(buildPathSet(journeys), { model, ...extra });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return Object.fromEntries(r.value.channels.map((c, i) => [c, r.value.conversions[i]!]));
}

const TOY2 = ['A', 'A>B', 'A>B>C', 'B', 'B>A', 'B>C>A', 'C', 'C>A', 'C>B>A'].map((p) => path(p, 1, 3));

describe('rule-based models on toy2 (expected values derived by hand)', () => {
  it.each([
    ['first', { A: 3, B: 3, C: 3 }],
    ['last', { A: 5, B: 2, C: 2 }],
    ['linear', { A: 3.5, B: 3, C: 2.5 }],
    ['position', { A: 3.7, B: 2.8, C: 2.5 }],
    ['shapley', { A: 3.5, B: 3, C: 2.5 }],
  ] as const)('%s', (model, expected) => {
    const got = credit(TOY2, model);
    expect(Object.keys(got)).toEqual(['A', 'B', 'C']);
    for (const [c, v] of Object.entries(expected)) expect(got[c]).toBeCloseTo(v, 12);
  });
});

describe('rule-based models: definitions', () => {
  it.each([
    ['linear: a channel twice gets two shares', 'linear', [path('a > b > a')], { a: 2 / 3, b: 1 / 3 }],
    ['shapley: distinct channels share equally', 'shapley', [path('a > b > a')], { a: 0.5, b: 0.5 }],
    ['position: 1 touch takes 100 %', 'position', [path('a')], { a: 1 }],
    ['position: 2 touches 50/50', 'position', [path('a > b')], { a: 0.5, b: 0.5 }],
    ['position: 40/20/40', 'position', [path('a > b > c')], { a: 0.4, b: 0.2, c: 0.4 }],
    [
      'position: 20 % split over the middle',
      'position',
      [path('a > b > c > d')],
      { a: 0.4, b: 0.1, c: 0.1, d: 0.4 },
    ],
    ['position: first = last channel adds up', 'position', [path('a > b > a')], { a: 0.8, b: 0.2 }],
    ['first', 'first', [path('a > b', 3), path('b', 2)], { a: 3, b: 2 }],
    ['last', 'last', [path('a > b', 3), path('b > a', 2)], { a: 2, b: 3 }],
  ] as const)('%s', (_, model, journeys, expected) => {
    const got = credit([...journeys], model);
    for (const [c, v] of Object.entries(expected)) expect(got[c]).toBeCloseTo(v, 12);
  });
});

const touches = (spec: string): Journey => ({
  // "a:L b c:O d:W" — channel and milestones of each touch
  touches: spec.split(' ').map((t) => {
    const [channel, flags = ''] = t.split(':');
    const m = (flags.includes('L') ? L : 0) | (flags.includes('O') ? O : 0) | (flags.includes('W') ? W : 0);
    return { channel: channel!, milestones: m };
  }),
  conversions: 1,
  value: 100,
});

describe('w-shaped and full-path (milestone edge cases)', () => {
  it.each([
    [
      'w: 30/30/30 + 10 over the others',
      'w-shaped',
      'a b:L c d:O e',
      { a: 0.3, b: 0.3, c: 0.05, d: 0.3, e: 0.05 },
    ],
    ['w: first touch is the lead creation → 60 %', 'w-shaped', 'a:L b c:O', { a: 0.6, b: 0.1, c: 0.3 }],
    ['w: lead and opportunity on one touch', 'w-shaped', 'a b:LO c', { a: 0.3, b: 0.6, c: 0.1 }],
    ['w: every role on the single touch', 'w-shaped', 'a:LO', { a: 1 }],
    ['w: no role-less touch → roles share 100 %', 'w-shaped', 'a b:L c:O', { a: 1 / 3, b: 1 / 3, c: 1 / 3 }],
    ['w: no opportunity yet → 45/45 + 10', 'w-shaped', 'a b c:L', { a: 0.45, b: 0.1, c: 0.45 }],
    ['w: two touches, first = lead, no opportunity', 'w-shaped', 'a:L b', { a: 0.9, b: 0.1 }],
    [
      'w: the first flagged touch holds the role',
      'w-shaped',
      'a b:L c:L d:O',
      { a: 0.3, b: 0.3, c: 0.1, d: 0.3 },
    ],
    [
      'full: 22.5 × 4 + 10',
      'full-path',
      'a b:L c:O d e:W',
      { a: 0.225, b: 0.225, c: 0.225, d: 0.1, e: 0.225 },
    ],
    [
      'full: won on the opportunity touch',
      'full-path',
      'a b:L c:OW d',
      { a: 0.225, b: 0.225, c: 0.45, d: 0.1 },
    ],
    ['full: not won yet → 30 × 3 + 10', 'full-path', 'a b:L c:O d', { a: 0.3, b: 0.3, c: 0.3, d: 0.1 }],
    ['full: all four on one of two touches', 'full-path', 'a:LOW b', { a: 0.9, b: 0.1 }],
  ] as const)('%s', (_, model, spec, expected) => {
    const journey = touches(spec);
    const got = credit([journey], model);
    const names = new Set(journey.touches.map((t) => t.channel));
    expect(Object.keys(got).sort()).toEqual([...names].sort());
    for (const [c, v] of Object.entries(expected)) expect(got[c]).toBeCloseTo(v, 12);
  });

  it.each(['w-shaped', 'full-path'] as const)(
    '%s refuses paths without milestones (a path file)',
    (model) => {
      const r = attribute(buildPathSet([path('a > b')]), { model });
      expect(r.ok ? null : r.error.code).toBe('MILESTONES_MISSING');
    },
  );
});

describe('time-decay', () => {
  const timed = (days: number[], convertedAfter = 0): Journey => ({
    touches: days.map((d, i) => ({ channel: `c${i}`, at: d * DAY })),
    conversions: 1,
    value: 10,
    convertedAt: (days.at(-1)! + convertedAfter) * DAY,
  });

  it('weights 2^(−Δt/7 days): a touch one half-life earlier counts half', () => {
    const got = credit([timed([0, 7, 14])], 'time-decay');
    // weights 1/4, 1/2, 1 → 1/7, 2/7, 4/7
    expect(got.c0).toBeCloseTo(1 / 7, 12);
    expect(got.c1).toBeCloseTo(2 / 7, 12);
    expect(got.c2).toBeCloseTo(4 / 7, 12);
  });

  it('a different half-life', () => {
    const got = credit([timed([0, 1])], 'time-decay', { halfLifeMs: DAY });
    expect(got.c0).toBeCloseTo(1 / 3, 12);
  });

  it('Δt from the conversion: shares do not depend on how long after the last touch it came', () => {
    expect(credit([timed([0, 7], 30)], 'time-decay')).toEqual(credit([timed([0, 7])], 'time-decay'));
  });

  it('very old journeys do not underflow', () => {
    const got = credit([timed([0, 70_000])], 'time-decay');
    expect(got.c1).toBe(1);
  });

  it('refuses a touch after the conversion, and paths without times', () => {
    const bad = timed([0, 7]);
    const r = attribute(buildPathSet([{ ...bad, convertedAt: 3 * DAY }]), { model: 'time-decay' });
    expect(r.ok ? null : r.error.code).toBe('TOUCH_AFTER_CONVERSION');
    const untimed = attribute(buildPathSet([path('a > b')]), { model: 'time-decay' });
    expect(untimed.ok ? null : untimed.error.code).toBe('TIMES_MISSING');
  });
});

describe('every model: credit sums to the total conversions and value (property)', () => {
  function random(seed: number): () => number {
    let s = seed;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  it.each(seeds)('seed %i', (seed) => {
    const r = random(seed);
    const journeys: Journey[] = Array.from({ length: 1 + Math.floor(r() * 60) }, (_, j) => {
      const n = 1 + Math.floor(r() * 8);
      const lead = Math.floor(r() * n);
      const opp = lead + Math.floor(r() * (n - lead));
      return {
        touches: Array.from({ length: n }, (_, i) => ({
          channel: `ch${Math.floor(r() * 5)}`,
          at: i * 3 * DAY,
          milestones:
            (i === lead ? L : 0) | (i === opp && r() < 0.7 ? O : 0) | (i === n - 1 && r() < 0.5 ? W : 0),
        })),
        conversions: j === 0 ? 1 : Math.floor(r() * 4),
        value: 0,
        nulls: Math.floor(r() * 5),
      };
    });
    for (const j of journeys) j.value = (j.conversions * Math.round(r() * 5000)) / 100;
    const total = journeys.reduce((s, j) => s + j.conversions, 0);
    const value = journeys.reduce((s, j) => s + (j.value ?? 0), 0);
    const paths = buildPathSet(journeys);
    for (const model of ATTRIBUTION_MODELS) {
      const result = attribute(paths, { model, order: 1 + (seed % 3) });
      if (!result.ok) throw new Error(`${model}: ${result.error.message}`);
      const sum = result.value.conversions.reduce((s, x) => s + x, 0);
      const sumValue = result.value.value.reduce((s, x) => s + x, 0);
      expect(Math.abs(sum - total), model).toBeLessThan(1e-9 * total);
      expect(Math.abs(sumValue - value), model).toBeLessThan(1e-9 * Math.max(1, value));
      for (const x of result.value.conversions) expect(x, model).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses journeys with no conversion at all, whatever the model', () => {
    for (const model of ATTRIBUTION_MODELS) {
      const r = attribute(buildPathSet([path('a > b', 0, 0, 4)]), { model });
      expect(r.ok ? null : r.error.code, model).toBe('NO_CONVERSIONS');
    }
  });
});
