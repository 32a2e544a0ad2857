// The funnel waterfall: for each stage, how many people reached it, how many of those went on to
// the next stage (with that denominator), and how long the step took. The database counts; this
// turns the counts into the report and checks that the groups add up to the total.
//
// "Reached" a stage means entered it or any later stage: someone routed straight from known to
// MQL has reached lead too. So `reached` never grows from one stage to the next, and the
// conversion to the next stage is `reached[next] / reached[stage]`.

export interface FunnelCount {
  /** The group's key (a cohort month, a channel…); null for the total over every group. */
  group: string | null;
  stage: string;
  reached: number;
  /** Days from reaching this stage to reaching the next, over the people who reached the next. */
  medianDaysToNext: number | null;
  p75DaysToNext: number | null;
}

export interface FunnelStep {
  stage: string;
  reached: number;
  next_stage: string | null;
  /** People who reached the next stage: the numerator of `conversion`. */
  converted: number | null;
  /** converted / reached (the denominator); null for the last stage or when reached is 0. */
  conversion: number | null;
  /** reached / the group's people: how much of the group got this far. */
  share_of_group: number | null;
  median_days_to_next: number | null;
  p75_days_to_next: number | null;
}

export interface FunnelGroup {
  group: string;
  people: number;
  steps: FunnelStep[];
}

export interface Funnel {
  stages: string[];
  total: FunnelGroup;
  groups: FunnelGroup[];
  /** Per stage, the groups' reached counts summed: equal to the total's, or the report is wrong. */
  reconciles: boolean;
  mismatches: { stage: string; total: number; sumOfGroups: number }[];
}

export const TOTAL_GROUP = '(total)';

export function buildFunnel(stages: readonly string[], counts: readonly FunnelCount[]): Funnel {
  const byGroup = new Map<string | null, Map<string, FunnelCount>>();
  for (const count of counts) {
    if (!stages.includes(count.stage)) throw new Error(`funnel count for unknown stage "${count.stage}"`);
    if (!(count.reached >= 0)) throw new Error(`funnel count for ${count.stage} is ${count.reached}`);
    const group = byGroup.get(count.group) ?? new Map<string, FunnelCount>();
    byGroup.set(count.group, group);
    group.set(count.stage, count);
  }
  const build = (key: string | null): FunnelGroup => {
    const row = byGroup.get(key) ?? new Map<string, FunnelCount>();
    const reachedOf = (stage: string | undefined) => (stage ? (row.get(stage)?.reached ?? 0) : 0);
    const people = reachedOf(stages[0]);
    return {
      group: key ?? TOTAL_GROUP,
      people,
      steps: stages.map((stage, i) => {
        const next = stages[i + 1] ?? null;
        const reached = reachedOf(stage);
        const converted = next === null ? null : reachedOf(next);
        const count = row.get(stage);
        return {
          stage,
          reached,
          next_stage: next,
          converted,
          conversion: converted === null || reached === 0 ? null : converted / reached,
          share_of_group: people === 0 ? null : reached / people,
          median_days_to_next: next === null ? null : (count?.medianDaysToNext ?? null),
          p75_days_to_next: next === null ? null : (count?.p75DaysToNext ?? null),
        };
      }),
    };
  };
  const total = build(null);
  const groups = [...byGroup.keys()]
    .filter((key): key is string => key !== null)
    .map(build)
    .sort((a, b) => b.people - a.people || a.group.localeCompare(b.group));
  const mismatches: Funnel['mismatches'] = [];
  if (groups.length > 0) {
    for (const [i, stage] of stages.entries()) {
      const sum = groups.reduce((s, g) => s + (g.steps[i]?.reached ?? 0), 0);
      const expected = total.steps[i]?.reached ?? 0;
      if (sum !== expected) mismatches.push({ stage, total: expected, sumOfGroups: sum });
    }
  }
  return { stages: [...stages], total, groups, reconciles: mismatches.length === 0, mismatches };
}
