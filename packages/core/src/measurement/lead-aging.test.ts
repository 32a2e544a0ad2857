import { describe, expect, it } from 'vitest';
import { type AgingLead, type AgingRow, bucketLabels, leadAging } from './lead-aging.ts';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-12-01T12:00Z');

const lead = (
  personId: string,
  ownerRepId: string | null,
  queue: string | null,
  ageMs: number,
): AgingLead => ({
  personId,
  ownerRepId,
  queue,
  stage: 'MQL',
  enteredAt: NOW - ageMs,
});

const ROWS: AgingLead[] = [
  lead('a', 'ann', null, 2 * H),
  lead('b', 'ann', 'sdr', D), // exactly one day: the next bucket; a rep owner wins over the queue
  lead('c', 'ann', null, 10 * D),
  lead('d', null, 'sdr', 40 * D),
  lead('e', null, 'sdr', 5 * D),
  lead('f', null, null, -H), // entered "in the future" (clock skew): age 0
  lead('g', 'bob', null, 3 * D),
];

const counts = (lt1: number, to3: number, to7: number, to30: number, over: number) => ({
  '<1d': lt1,
  '1–3d': to3,
  '3–7d': to7,
  '7–30d': to30,
  '30d+': over,
});

describe('leadAging', () => {
  const report = leadAging(ROWS, NOW);

  it('labels the default buckets', () => {
    expect(report.buckets).toEqual(['<1d', '1–3d', '3–7d', '7–30d', '30d+']);
  });

  it('counts per owner: rep, queue:<name>, (unassigned); by total then name', () => {
    expect(report.owners).toEqual<AgingRow[]>([
      { owner: 'ann', counts: counts(1, 1, 0, 1, 0), total: 3, oldest_age_ms: 10 * D, median_age_ms: D },
      {
        owner: 'queue:sdr',
        counts: counts(0, 0, 1, 0, 1),
        total: 2,
        oldest_age_ms: 40 * D,
        median_age_ms: 22.5 * D,
      },
      { owner: '(unassigned)', counts: counts(1, 0, 0, 0, 0), total: 1, oldest_age_ms: 0, median_age_ms: 0 },
      { owner: 'bob', counts: counts(0, 0, 1, 0, 0), total: 1, oldest_age_ms: 3 * D, median_age_ms: 3 * D },
    ]);
  });

  it('has an overall row, and the owner rows sum to it', () => {
    expect(report.overall).toEqual<AgingRow>({
      owner: 'all',
      counts: counts(2, 1, 2, 1, 1),
      total: 7,
      oldest_age_ms: 40 * D,
      median_age_ms: 3 * D, // [0, 2h, 1d, 3d, 5d, 10d, 40d]
    });
    for (const label of report.buckets) {
      const sum = report.owners.reduce((total, row) => total + (row.counts[label] ?? 0), 0);
      expect(sum, label).toBe(report.overall.counts[label]);
    }
    expect(report.owners.reduce((total, row) => total + row.total, 0)).toBe(report.overall.total);
    for (const row of [...report.owners, report.overall]) {
      expect(
        Object.values(row.counts).reduce((a, b) => a + b, 0),
        row.owner,
      ).toBe(row.total);
    }
  });

  it('empty input: an overall row of zeros and no owners', () => {
    expect(leadAging([], NOW)).toEqual({
      buckets: ['<1d', '1–3d', '3–7d', '7–30d', '30d+'],
      owners: [],
      overall: {
        owner: 'all',
        counts: counts(0, 0, 0, 0, 0),
        total: 0,
        oldest_age_ms: null,
        median_age_ms: null,
      },
    });
  });

  it('takes other buckets', () => {
    const custom = leadAging(ROWS, NOW, [4 * H, D]);
    expect(custom.buckets).toEqual(['<4h', '4h–1d', '1d+']);
    expect(custom.overall.counts).toEqual({ '<4h': 2, '4h–1d': 0, '1d+': 5 });
  });

  it('spells bounds of different units in full', () => {
    expect(bucketLabels([30 * 60_000, 2 * H, 7 * D])).toEqual(['<30m', '30m–2h', '2h–7d', '7d+']);
  });

  it.each([[[D, D]], [[3 * D, D]], [[0, D]], [[-D]], [[Number.NaN]]])('rejects buckets %j', (buckets) => {
    expect(() => leadAging(ROWS, NOW, buckets)).toThrow(
      /bucket bounds must be increasing positive durations/,
    );
  });

  it('rejects a lead without a valid enteredAt, naming the person', () => {
    expect(() => leadAging([{ ...lead('zed', null, null, 0), enteredAt: Number.NaN }], NOW)).toThrow(
      /person zed has no valid enteredAt/,
    );
  });
});
