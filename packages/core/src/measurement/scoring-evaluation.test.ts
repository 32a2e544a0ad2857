import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/mulberry32.ts';
import { compareScoring, evaluateScoring, type ScoreBucket } from './scoring-evaluation.ts';

const b = (score: number, people: number, sql: number, won = 0): ScoreBucket => ({ score, people, sql, won });

/** The textbook definition, one person at a time: every (positive, negative) pair, ties ½. */
function bruteForceAuc(buckets: readonly ScoreBucket[], outcome: 'sql' | 'won'): number | null {
  const people: { score: number; positive: boolean }[] = [];
  for (const bucket of buckets) {
    for (let i = 0; i < bucket.people; i++)
      people.push({ score: bucket.score, positive: i < bucket[outcome] });
  }
  const positives = people.filter((p) => p.positive);
  const negatives = people.filter((p) => !p.positive);
  if (positives.length === 0 || negatives.length === 0) return null;
  let wins = 0;
  for (const p of positives) {
    for (const n of negatives) wins += p.score > n.score ? 1 : p.score === n.score ? 0.5 : 0;
  }
  return wins / (positives.length * negatives.length);
}

function randomHistogram(seed: number): ScoreBucket[] {
  const random = mulberry32(seed);
  const count = 1 + Math.floor(random() * 25);
  return Array.from({ length: count }, () => {
    // Few distinct scores so ties and repeated score values (merged) both happen.
    const score = Math.floor(random() * 15) * 5;
    const people = Math.floor(random() * 12);
    const sql = Math.floor(random() * (people + 1) * Math.min(1, score / 60));
    const won = Math.floor(random() * (sql + 1));
    return { score, people, sql, won };
  });
}

describe('evaluateScoring: AUC', () => {
  it('matches a hand count with ties counted ½', () => {
    // Positives at 3 and 2; negatives at 3, 2, 1, 1. Pairs won: 3.5 (from 3) + 2.5 (from 2) of 8.
    const r = evaluateScoring([b(3, 2, 1), b(2, 2, 1), b(1, 2, 0)], { mqlThreshold: null });
    expect(r.auc.sql).toBe(0.75);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, ½ when everyone ties', () => {
    expect(evaluateScoring([b(9, 3, 3), b(1, 5, 0)], { mqlThreshold: null }).auc.sql).toBe(1);
    expect(evaluateScoring([b(9, 3, 0), b(1, 5, 5)], { mqlThreshold: null }).auc.sql).toBe(0);
    expect(evaluateScoring([b(4, 10, 3)], { mqlThreshold: null }).auc.sql).toBe(0.5);
  });

  it('is null without positives or without negatives', () => {
    const r = evaluateScoring([b(5, 4, 0), b(2, 3, 0)], { mqlThreshold: null });
    expect(r.auc).toEqual({ sql: null, won: null });
    expect(evaluateScoring([b(5, 4, 4, 4)], { mqlThreshold: null }).auc).toEqual({ sql: null, won: null });
  });

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('agrees with brute force pairs (seed %i)', (seed) => {
    const buckets = randomHistogram(seed);
    const r = evaluateScoring(buckets, { mqlThreshold: 30 });
    for (const outcome of ['sql', 'won'] as const) {
      const expected = bruteForceAuc(buckets, outcome);
      if (expected === null) expect(r.auc[outcome]).toBeNull();
      else expect(r.auc[outcome]).toBeCloseTo(expected, 12);
    }
    // Bands cover everyone once, highest first, and never share a score value.
    expect(r.bands.reduce((total, x) => total + x.people, 0)).toBe(r.people);
    for (const [i, x] of r.bands.entries()) {
      expect(x.band).toBe(i + 1);
      expect(x.min_score).toBeLessThanOrEqual(x.max_score);
      if (i > 0) expect(x.max_score).toBeLessThan(r.bands[i - 1]!.min_score);
    }
  });
});

describe('evaluateScoring: totals, bands and lift', () => {
  it('cuts equal bands when every score holds the same number of people', () => {
    const buckets = Array.from({ length: 10 }, (_, i) => b(i * 10, 10, i, i === 9 ? 5 : 0));
    const r = evaluateScoring(buckets, { mqlThreshold: null });
    expect(r.people).toBe(100);
    expect(r.sql).toBe(45);
    expect(r.sql_rate).toBe(0.45);
    expect(r.won_rate).toBe(0.05);
    expect(r.bands.map((x) => [x.band, x.min_score, x.max_score, x.people])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, 90 - i * 10, 90 - i * 10, 10]),
    );
    expect(r.bands[0]).toMatchObject({ sql: 9, won: 5, sql_rate: 0.9, won_rate: 0.5, won_lift: 10 });
    expect(r.bands[0]!.sql_lift).toBeCloseTo(2, 12);
    expect(r.bands[9]).toMatchObject({ sql: 0, sql_rate: 0, sql_lift: 0, won_lift: 0 });
    expect(r.top_band_lift.sql).toBeCloseTo(2, 12);
    expect(r.top_band_lift.won).toBe(10);
  });

  it('never splits a score value: a big tie makes an oversized band and the rest rebalance', () => {
    // 100 people, 4 bands (aim 25). Score 90 holds 40 → band 1 alone; the remaining 60 over 3 bands aim 20.
    const r = evaluateScoring([b(90, 40, 8), b(80, 10, 1), b(70, 10, 1), b(60, 20, 0), b(10, 20, 0)], {
      mqlThreshold: null,
      bands: 4,
    });
    expect(r.bands.map((x) => [x.min_score, x.max_score, x.people])).toEqual([
      [90, 90, 40],
      [70, 80, 20],
      [60, 60, 20],
      [10, 10, 20],
    ]);
  });

  it('starts a new band rather than overshoot more than it would undershoot', () => {
    // Aim 10 per band. 80 (4) + 70 (3) = 7; adding 60 (9) overshoots by 6 > undershoot 3 → new band.
    const r = evaluateScoring([b(80, 4, 0), b(70, 3, 0), b(60, 9, 0), b(50, 4, 0)], {
      mqlThreshold: null,
      bands: 2,
    });
    expect(r.bands.map((x) => [x.min_score, x.max_score, x.people])).toEqual([
      [70, 80, 7],
      [50, 60, 13],
    ]);
  });

  it('gives fewer bands than asked when there are fewer distinct scores, merging repeated rows', () => {
    const r = evaluateScoring([b(5, 3, 1), b(1, 2, 0), b(5, 1, 1), b(3, 0, 0)], { mqlThreshold: null });
    expect(r.bands.map((x) => [x.band, x.min_score, x.people, x.sql])).toEqual([
      [1, 5, 4, 2],
      [2, 1, 2, 0],
    ]);
  });

  it('reports null lift when nobody converted, and an empty histogram as zeros', () => {
    const r = evaluateScoring([b(5, 3, 0), b(1, 2, 0)], { mqlThreshold: null, bands: 2 });
    expect(r.bands[0]).toMatchObject({ sql_lift: null, won_lift: null, sql_rate: 0 });
    expect(r.top_band_lift).toEqual({ sql: null, won: null });
    const empty = evaluateScoring([], { mqlThreshold: 50 });
    expect(empty).toMatchObject({ people: 0, sql_rate: 0, bands: [], auc: { sql: null, won: null } });
    expect(empty.threshold).toMatchObject({ band: null, people_at_or_above: 0, share_at_or_above: 0 });
    expect(empty.threshold?.sql_captured).toBeNull();
  });
});

describe('evaluateScoring: MQL threshold', () => {
  const buckets = [b(90, 10, 6, 3), b(70, 10, 3, 1), b(50, 20, 2, 0), b(20, 60, 1, 0)];

  it('splits people at or above the threshold from those below', () => {
    const r = evaluateScoring(buckets, { mqlThreshold: 60, bands: 4 });
    // Aim 25: 90+70 = 20 (adding 50 would overshoot by 15 > 5); then aim 80/3: 50 = 20, then 20 = 60.
    expect(r.bands.map((x) => [x.min_score, x.max_score, x.people])).toEqual([
      [70, 90, 20],
      [50, 50, 20],
      [20, 20, 60],
    ]);
    expect(r.threshold).toEqual({
      value: 60,
      band: 1,
      people_at_or_above: 20,
      share_at_or_above: 0.2,
      sql_rate_at_or_above: 9 / 20,
      sql_rate_below: 3 / 80,
      won_rate_at_or_above: 4 / 20,
      won_rate_below: 0,
      sql_captured: 9 / 12,
      won_captured: 1,
    });
  });

  it('counts a score equal to the threshold as at or above', () => {
    const r = evaluateScoring(buckets, { mqlThreshold: 50, bands: 4 });
    expect(r.threshold).toMatchObject({
      band: 2,
      people_at_or_above: 40,
      share_at_or_above: 0.4,
      sql_rate_at_or_above: 11 / 40,
      sql_rate_below: 1 / 60,
      sql_captured: 11 / 12,
    });
  });

  it('has no band and null rates above when nobody reaches the threshold', () => {
    const r = evaluateScoring(buckets, { mqlThreshold: 95 });
    expect(r.threshold).toMatchObject({ band: null, people_at_or_above: 0, sql_rate_at_or_above: null });
    expect(r.threshold?.sql_rate_below).toBe(12 / 100);
    expect(r.threshold?.sql_captured).toBe(0);
  });

  it('is null without a threshold', () => {
    expect(evaluateScoring(buckets, { mqlThreshold: null }).threshold).toBeNull();
  });
});

describe('evaluateScoring: bad input', () => {
  it.each([
    [[b(1, 2, 0), b(5, -1, 0)], /score bucket 1 \(score 5\): people must be a whole number ≥ 0 \(got -1\)/],
    [[b(5, 2, 3)], /score bucket 0 \(score 5\): sql 3 exceeds people 2/],
    [[b(5, 2, 0, 4)], /score bucket 0 \(score 5\): won 4 exceeds people 2/],
    [[b(Number.NaN, 2, 0)], /score bucket 0 \(score NaN\): score must be a finite number/],
    [[b(5, 2.5, 0)], /people must be a whole number/],
    [[b(5, 2, -1)], /sql must be a whole number ≥ 0 \(got -1\)/],
  ])('rejects %j', (buckets, message) => {
    expect(() => evaluateScoring(buckets, { mqlThreshold: null })).toThrow(message);
  });

  it('rejects a band count that is not a positive whole number', () => {
    expect(() => evaluateScoring([], { mqlThreshold: null, bands: 0 })).toThrow(
      /bands must be a whole number/,
    );
    expect(() => evaluateScoring([], { mqlThreshold: Number.NaN })).toThrow(/mqlThreshold must be/);
  });
});

describe('compareScoring', () => {
  const current = evaluateScoring([b(3, 2, 1), b(2, 2, 1), b(1, 2, 0)], { mqlThreshold: 2 });
  const draft = evaluateScoring([b(3, 2, 2), b(2, 2, 0), b(1, 2, 0)], { mqlThreshold: 3 });

  it('reports draft − current and says which ranks converters better', () => {
    const c = compareScoring(current, draft);
    expect(current.auc.sql).toBe(0.75);
    expect(draft.auc.sql).toBe(1);
    expect(c.auc.sql).toEqual({ current: 0.75, draft: 1, delta: 0.25 });
    expect(c.people_at_or_above).toEqual({ current: 4, draft: 2, delta: -2 });
    expect(c.sql_captured).toEqual({ current: 1, draft: 1, delta: 0 });
    expect(c.top_band_lift.sql.delta).toBeCloseTo(draft.top_band_lift.sql! - current.top_band_lift.sql!, 12);
    expect(c.verdict).toBe('draft ranks converters better: AUC 0.75 → 1.00');
    expect(compareScoring(draft, current).verdict).toBe('draft ranks converters worse: AUC 1.00 → 0.75');
  });

  it('calls differences within 0.005 the same', () => {
    // 10 positives × 10 negatives = 100 pairs; everyone tied gives 0.5.
    const tied = evaluateScoring([b(1, 20, 10)], { mqlThreshold: null });
    // Hand count: 9 positives at 2 beat the negative at 0 and tie 9 → 9 × 5.5; 1 positive at 1 beats 1.
    const halfPairBetter = evaluateScoring([b(2, 18, 9), b(1, 1, 1), b(0, 1, 0)], { mqlThreshold: null });
    // 8 positives at 2: 8 × (2 + 4) = 48; 2 positives at 1: 2 × (1 + ½) = 3 → 51.
    const onePairBetter = evaluateScoring([b(2, 16, 8), b(1, 3, 2), b(0, 1, 0)], { mqlThreshold: null });
    expect(tied.auc.sql).toBe(0.5);
    expect(halfPairBetter.auc.sql).toBe(0.505);
    expect(onePairBetter.auc.sql).toBe(0.51);
    expect(compareScoring(tied, halfPairBetter).verdict).toMatch(
      /^draft ranks converters the same: AUC 0\.50 → /,
    );
    expect(compareScoring(halfPairBetter, tied).verdict).toMatch(/^draft ranks converters the same/);
    expect(compareScoring(tied, onePairBetter).verdict).toBe(
      'draft ranks converters better: AUC 0.50 → 0.51',
    );
    expect(compareScoring(onePairBetter, tied).verdict).toBe('draft ranks converters worse: AUC 0.51 → 0.50');
  });

  it('falls back to won AUC, and says when nothing can be compared', () => {
    const noSql = evaluateScoring([b(3, 4, 0, 0)], { mqlThreshold: null });
    expect(compareScoring(noSql, current).verdict).toMatch(/^cannot compare/);
    const wonOnly = evaluateScoring([b(3, 2, 2, 1), b(1, 2, 2, 0)], { mqlThreshold: null });
    expect(wonOnly.auc.sql).toBeNull();
    // Won: the positive at 3 ties one negative and beats two → 2.5 / 3.
    expect(compareScoring(wonOnly, wonOnly).verdict).toBe(
      'draft ranks converters the same: won AUC 0.83 → 0.83',
    );
    expect(compareScoring(noSql, current).people_at_or_above.delta).toBeNull();
  });
});
