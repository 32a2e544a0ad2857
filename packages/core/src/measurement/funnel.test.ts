import { describe, expect, it } from 'vitest';
import { buildFunnel, type FunnelCount } from './funnel.ts';

const stages = ['known', 'lead', 'mql', 'sql'];
const count = (
  group: string | null,
  stage: string,
  reached: number,
  median: number | null = null,
): FunnelCount => ({
  group,
  stage,
  reached,
  medianDaysToNext: median,
  p75DaysToNext: median === null ? null : median * 2,
});

describe('buildFunnel', () => {
  it('turns reached counts into conversions with their denominators', () => {
    const funnel = buildFunnel(stages, [
      count(null, 'known', 100, 1),
      count(null, 'lead', 60, 5),
      count(null, 'mql', 15, 3),
      count(null, 'sql', 6),
    ]);
    expect(funnel.total.people).toBe(100);
    expect(funnel.total.steps.map((s) => [s.stage, s.reached, s.converted, s.conversion])).toEqual([
      ['known', 100, 60, 0.6],
      ['lead', 60, 15, 0.25],
      ['mql', 15, 6, 0.4],
      ['sql', 6, null, null],
    ]);
    expect(funnel.total.steps[1]?.share_of_group).toBe(0.6);
    expect(funnel.total.steps[0]?.median_days_to_next).toBe(1);
    expect(funnel.total.steps[0]?.p75_days_to_next).toBe(2);
    expect(funnel.total.steps[3]?.median_days_to_next).toBeNull();
  });

  it('a stage nobody reached has no conversion rather than a division by zero', () => {
    const funnel = buildFunnel(stages, [count(null, 'known', 3), count(null, 'lead', 0)]);
    expect(funnel.total.steps[1]).toMatchObject({ reached: 0, converted: 0, conversion: null });
    expect(funnel.total.steps[2]).toMatchObject({ reached: 0, conversion: null, share_of_group: 0 });
  });

  it('checks that the groups add up to the total, stage by stage', () => {
    const rows = [
      count(null, 'known', 10),
      count(null, 'lead', 5),
      count('a', 'known', 7),
      count('a', 'lead', 4),
      count('b', 'known', 3),
      count('b', 'lead', 1),
    ];
    const funnel = buildFunnel(stages, rows);
    expect(funnel.reconciles).toBe(true);
    expect(funnel.groups.map((g) => g.group)).toEqual(['a', 'b']);
    const broken = buildFunnel(stages, [...rows.slice(0, 5), count('b', 'lead', 2)]);
    expect(broken.reconciles).toBe(false);
    expect(broken.mismatches).toEqual([{ stage: 'lead', total: 5, sumOfGroups: 6 }]);
  });

  it('refuses counts for a stage the playbook does not have, or negative counts', () => {
    expect(() => buildFunnel(stages, [count(null, 'opportunity', 1)])).toThrow(/unknown stage "opportunity"/);
    expect(() => buildFunnel(stages, [count(null, 'lead', -1)])).toThrow(/-1/);
  });
});
