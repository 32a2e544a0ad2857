import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CompiledPlaybook, compilePlaybook } from '../playbook/compile-playbook.ts';
import { loadPlaybook } from '../playbook/load-playbook.ts';
import type { Playbook, Pool } from '../playbook/playbook.schema.ts';
import { assignFromPools, type PoolAssignment, type PoolMemberState } from './assign-from-pools.ts';

const loaded = loadPlaybook(
  readFileSync(new URL('../../../../examples/playbook.yaml', import.meta.url), 'utf8'),
);
if (!loaded.ok) throw new Error(loaded.error.message);
const EXAMPLE_SOURCE: Playbook = loaded.value;

/**
 * Example reps: dana (Chicago), eli (New York), fay (Los Angeles), gus (Berlin, out of office
 * 2026-12-24..2027-01-02), hana (London), kenji (Tokyo), priya (Sydney), ivan (New York); all
 * Mon-Fri office hours. Pools: na (lowest_count, dana ×2, eli, fay, cap 40), emea, apac,
 * enterprise, follow-the-sun (lowest_count, everyone but ivan), on-call (round robin, eli, hana,
 * priya, ignores working hours).
 */
function examplePlaybook(
  extraPools: Record<string, Omit<Pool, 'respect_working_hours'> & { respect_working_hours?: boolean }> = {},
): CompiledPlaybook {
  const source = structuredClone(EXAMPLE_SOURCE);
  for (const [id, pool] of Object.entries(extraPools)) {
    source.routing.pools[id] = { respect_working_hours: true, ...pool };
  }
  return compilePlaybook(source, { id: 1, hash: 'x' });
}
const EXAMPLE = examplePlaybook();

/** Monday 10:00 New York = 09:00 Chicago = 07:00 Los Angeles. */
const MONDAY_MORNING = new Date('2026-11-23T15:00:00Z');
/** Monday 20:00 New York; Tuesday 10:00 Tokyo, 12:00 Sydney, 01:00 London. */
const MONDAY_EVENING = new Date('2026-11-24T01:00:00Z');
/** Sunday 03:00 New York; Sunday everywhere the reps are. */
const SUNDAY_NIGHT = new Date('2026-11-22T08:00:00Z');
/** Monday 28 December: Gus is out of office; London 10:00. */
const HOLIDAYS = new Date('2026-12-28T10:00:00Z');

const member = (rep: string, weight = 1, daily_cap?: number) =>
  daily_cap === undefined ? { rep, weight } : { rep, weight, daily_cap };

function state(poolId: string, repId: string, overrides: Partial<PoolMemberState> = {}): PoolMemberState {
  return {
    poolId,
    repId,
    rrCurrent: 0,
    dayKey: null,
    dayCount: 0,
    totalCount: 0,
    lastAssignedAt: null,
    ...overrides,
  };
}

/** What the shell does: write each update over the stored state of that (pool, rep). */
function applyUpdates(states: PoolMemberState[], updates: PoolMemberState[]): PoolMemberState[] {
  const key = (s: PoolMemberState) => `${s.poolId}/${s.repId}`;
  const byKey = new Map(states.map((s) => [key(s), s]));
  for (const update of updates) byKey.set(key(update), update);
  return [...byKey.values()];
}

function simulate(poolIds: string[], playbook: CompiledPlaybook, count: number, start: Date, stepMs: number) {
  let states: PoolMemberState[] = [];
  const picks: string[] = [];
  for (let i = 0; i < count; i++) {
    const result = assignFromPools(poolIds, states, new Date(start.getTime() + i * stepMs), playbook);
    if (!result.repId) throw new Error(`nobody picked at step ${i}`);
    picks.push(result.repId);
    states = applyUpdates(states, result.updates);
  }
  const counts: Record<string, number> = {};
  for (const pick of picks) counts[pick] = (counts[pick] ?? 0) + 1;
  return { picks, counts, states };
}

const MINUTE = 60_000;

describe('assignFromPools: availability, overflow and on-call (example playbook)', () => {
  it.each<{
    name: string;
    pools: string[];
    now: Date;
    rep: string | null;
    pool: string | null;
    tried: string[];
    why?: Record<string, string>;
  }>([
    {
      name: 'Monday morning: North America has Dana and Eli; Fay is not up yet',
      pools: ['na', 'follow-the-sun', 'on-call'],
      now: MONDAY_MORNING,
      rep: 'dana',
      pool: 'na',
      tried: ['na'],
      why: {
        dana: 'available (local time Mon 09:00)',
        eli: 'available (local time Mon 10:00)',
        fay: 'outside working hours (Mon-Fri 08:00-17:00, America/Los_Angeles; local time Mon 07:00)',
      },
    },
    {
      name: 'Monday evening: North America has gone home, Tokyo is at work',
      pools: ['na', 'follow-the-sun', 'on-call'],
      now: MONDAY_EVENING,
      rep: 'kenji',
      pool: 'follow-the-sun',
      tried: ['na', 'follow-the-sun'],
      why: { fay: 'outside working hours (Mon-Fri 08:00-17:00, America/Los_Angeles; local time Mon 17:00)' },
    },
    {
      name: '3 AM on a Sunday: only the on-call pool, which ignores working hours',
      pools: ['na', 'follow-the-sun', 'on-call'],
      now: SUNDAY_NIGHT,
      rep: 'eli',
      pool: 'on-call',
      tried: ['na', 'follow-the-sun', 'on-call'],
      why: { eli: 'available (local time Sun 03:00)', priya: 'available (local time Sun 19:00)' },
    },
    {
      name: 'nobody anywhere: no rep, no pool (the caller uses the fallback queue)',
      pools: ['na', 'follow-the-sun'],
      now: SUNDAY_NIGHT,
      rep: null,
      pool: null,
      tried: ['na', 'follow-the-sun'],
    },
    {
      name: 'out of office over the holidays: Hana takes EMEA',
      pools: ['emea'],
      now: HOLIDAYS,
      rep: 'hana',
      pool: 'emea',
      tried: ['emea'],
      why: { gus: 'out of office 2026-12-24..2027-01-02', hana: 'available (local time Mon 10:00)' },
    },
    {
      name: 'an unknown pool id is passed over',
      pools: ['nowhere', 'emea'],
      now: MONDAY_MORNING,
      rep: 'gus',
      pool: 'emea',
      tried: ['emea'],
    },
  ])('$name', ({ pools, now, rep, pool, tried, why }) => {
    const result = assignFromPools(pools, [], now, EXAMPLE);
    expect(result.repId).toBe(rep);
    expect(result.poolId).toBe(pool);
    expect(result.pools.map((t) => t.poolId)).toEqual(tried);
    for (const trace of result.pools.slice(0, -1)) {
      expect(trace).toMatchObject({ picked: null, tieBreak: 'nobody available' });
      expect(trace.candidates.every((c) => !c.eligible)).toBe(true);
    }
    // The last pool tried is the one that decided; a rep may be a candidate in several pools.
    const candidates = [...result.pools].reverse().flatMap((t) => t.candidates);
    for (const [repId, reason] of Object.entries(why ?? {})) {
      expect(candidates.find((c) => c.repId === repId)?.why).toBe(reason);
    }
    if (rep === null) expect(result.updates).toEqual([]);
  });

  it('names the candidates, weights and tie-break in the trace', () => {
    const result = assignFromPools(['na'], [], MONDAY_MORNING, EXAMPLE);
    expect(result.pools[0]).toEqual({
      poolId: 'na',
      strategy: 'lowest_count',
      candidates: [
        {
          repId: 'dana',
          weight: 2,
          eligible: true,
          why: 'available (local time Mon 09:00)',
          assignedToday: 0,
        },
        {
          repId: 'eli',
          weight: 1,
          eligible: true,
          why: 'available (local time Mon 10:00)',
          assignedToday: 0,
        },
        {
          repId: 'fay',
          weight: 1,
          eligible: false,
          why: 'outside working hours (Mon-Fri 08:00-17:00, America/Los_Angeles; local time Mon 07:00)',
          assignedToday: 0,
        },
      ],
      picked: 'dana',
      tieBreak: 'lowest count today per unit of weight: dana 0/2, eli 0/1 → dana',
    });
    expect(result.updates).toEqual([
      state('na', 'dana', {
        dayKey: '2026-11-23',
        dayCount: 1,
        totalCount: 1,
        lastAssignedAt: MONDAY_MORNING,
      }),
    ]);
  });
});

describe('assignFromPools: daily caps', () => {
  const playbook = examplePlaybook({
    capped: {
      strategy: 'lowest_count',
      members: [member('dana'), member('eli', 1, 5)],
      daily_cap: 2,
      respect_working_hours: false,
    },
    solo: { strategy: 'round_robin', members: [member('fay')], daily_cap: 2, respect_working_hours: false },
    paused: { strategy: 'round_robin', members: [member('fay')], daily_cap: 0, respect_working_hours: false },
  });

  it.each<{
    name: string;
    pool: string;
    now: Date;
    states: PoolMemberState[];
    rep: string | null;
    why?: Record<string, string>;
  }>([
    {
      name: 'a rep at the pool cap is skipped',
      pool: 'capped',
      now: MONDAY_MORNING,
      states: [
        state('capped', 'dana', { dayKey: '2026-11-23', dayCount: 2 }),
        state('capped', 'eli', { dayKey: '2026-11-23', dayCount: 3 }),
      ],
      rep: 'eli',
      why: { dana: 'daily cap reached (2/2)', eli: 'available (local time Mon 10:00)' },
    },
    {
      name: 'a member cap overrides the pool cap',
      pool: 'capped',
      now: MONDAY_MORNING,
      states: [
        state('capped', 'dana', { dayKey: '2026-11-23', dayCount: 2 }),
        state('capped', 'eli', { dayKey: '2026-11-23', dayCount: 5 }),
      ],
      rep: null,
      why: { dana: 'daily cap reached (2/2)', eli: 'daily cap reached (5/5)' },
    },
    {
      name: 'yesterday’s count does not count today',
      pool: 'capped',
      now: MONDAY_MORNING,
      states: [
        state('capped', 'dana', { dayKey: '2026-11-22', dayCount: 2 }),
        state('capped', 'eli', { dayKey: '2026-11-23', dayCount: 1 }),
      ],
      rep: 'dana',
    },
    {
      name: 'the day is the rep’s own: 23:59 Monday in Los Angeles is still capped',
      pool: 'solo',
      now: new Date('2026-11-24T07:59:00Z'),
      states: [state('solo', 'fay', { dayKey: '2026-11-23', dayCount: 2, totalCount: 9 })],
      rep: null,
      why: { fay: 'daily cap reached (2/2)' },
    },
    {
      name: 'and midnight in Los Angeles resets it',
      pool: 'solo',
      now: new Date('2026-11-24T08:00:00Z'),
      states: [state('solo', 'fay', { dayKey: '2026-11-23', dayCount: 2, totalCount: 9 })],
      rep: 'fay',
    },
    {
      name: 'a cap of 0 pauses a rep',
      pool: 'paused',
      now: MONDAY_MORNING,
      states: [],
      rep: null,
      why: { fay: 'daily cap reached (0/0)' },
    },
  ])('$name', ({ pool, now, states, rep, why }) => {
    const result = assignFromPools([pool], states, now, playbook);
    expect(result.repId).toBe(rep);
    for (const [repId, reason] of Object.entries(why ?? {})) {
      expect(result.pools[0]?.candidates.find((c) => c.repId === repId)?.why).toBe(reason);
    }
  });

  it('counts the new day from 1 and keeps the running total', () => {
    const now = new Date('2026-11-24T08:00:00Z');
    const result = assignFromPools(
      ['solo'],
      [state('solo', 'fay', { dayKey: '2026-11-23', dayCount: 2, totalCount: 9 })],
      now,
      playbook,
    );
    expect(result.updates).toEqual([
      state('solo', 'fay', {
        rrCurrent: 0,
        dayKey: '2026-11-24',
        dayCount: 1,
        totalCount: 10,
        lastAssignedAt: now,
      }),
    ]);
  });

  it('caps a simulated day: two each, then nobody', () => {
    const { picks, states } = simulate(['capped'], playbook, 4, MONDAY_MORNING, MINUTE);
    expect(picks).toEqual(['dana', 'eli', 'dana', 'eli']);
    const next = assignFromPools(
      ['capped'],
      states,
      new Date(MONDAY_MORNING.getTime() + 4 * MINUTE),
      playbook,
    );
    expect(next.repId).toBe('eli'); // eli's own cap is 5
    const afterEli = applyUpdates(states, next.updates);
    const onlyDanaCapped = assignFromPools(['capped'], afterEli, MONDAY_MORNING, playbook);
    expect(onlyDanaCapped.pools[0]?.candidates.map((c) => c.eligible)).toEqual([false, true]);
  });
});

describe('assignFromPools: smooth weighted round robin', () => {
  const playbook = examplePlaybook({
    weighted: {
      strategy: 'round_robin',
      members: [member('dana', 2), member('eli'), member('fay')],
      respect_working_hours: false,
    },
    equal: {
      strategy: 'round_robin',
      members: [member('dana'), member('eli'), member('fay')],
      respect_working_hours: false,
    },
    nginx: {
      strategy: 'round_robin',
      members: [member('dana', 5), member('eli'), member('fay')],
      respect_working_hours: false,
    },
  });

  it.each<{ pool: string; count: number; shares: Record<string, number>; firstPicks: string[] }>([
    {
      pool: 'weighted',
      count: 400,
      shares: { dana: 200, eli: 100, fay: 100 },
      firstPicks: ['dana', 'eli', 'fay', 'dana'],
    },
    {
      pool: 'equal',
      count: 300,
      shares: { dana: 100, eli: 100, fay: 100 },
      firstPicks: ['dana', 'eli', 'fay'],
    },
    {
      pool: 'nginx',
      count: 700,
      shares: { dana: 500, eli: 100, fay: 100 },
      firstPicks: ['dana', 'dana', 'eli', 'dana', 'fay', 'dana', 'dana'],
    },
  ])(
    '$pool: $count assignments split exactly by weight, interleaved',
    ({ pool, count, shares, firstPicks }) => {
      const { picks, counts } = simulate([pool], playbook, count, MONDAY_MORNING, MINUTE);
      expect(counts).toEqual(shares);
      // The cycle repeats every total-weight picks, so every window of that size has the exact shares.
      expect(picks.slice(0, firstPicks.length)).toEqual(firstPicks);
      const cycle = firstPicks.length;
      for (let i = 0; i + cycle <= picks.length; i += 1) {
        const window: Record<string, number> = {};
        for (const pick of picks.slice(i, i + cycle)) window[pick] = (window[pick] ?? 0) + 1;
        expect(window).toEqual(
          Object.fromEntries(Object.entries(shares).map(([rep, n]) => [rep, (n / count) * cycle])),
        );
      }
    },
  );

  it('never gives the same rep two in a row when weights are equal', () => {
    const { picks } = simulate(['equal'], playbook, 300, MONDAY_MORNING, MINUTE);
    for (let i = 1; i < picks.length; i++) expect(picks[i]).not.toBe(picks[i - 1]);
  });

  it('keeps the turn values of reps who are unavailable', () => {
    const states = [
      state('weighted', 'dana', { rrCurrent: -2 }),
      state('weighted', 'eli', { rrCurrent: 1 }),
      state('weighted', 'fay', { rrCurrent: 1 }),
    ];
    const fayOut = examplePlaybook({
      weighted: {
        strategy: 'round_robin',
        members: [member('dana', 2), member('eli'), member('fay', 1, 0)],
        respect_working_hours: false,
      },
    });
    const result = assignFromPools(['weighted'], states, MONDAY_MORNING, fayOut);
    // Only dana and eli take turns: values dana 0, eli 2 → eli; eli pays the eligible total (3).
    expect(result.repId).toBe('eli');
    expect(result.pools[0]?.tieBreak).toBe('weighted round robin: turn values dana 0, eli 2 → eli');
    expect(result.updates.map((u) => [u.repId, u.rrCurrent])).toEqual([
      ['dana', 0],
      ['eli', -1],
    ]);
  });

  it('says when a tie went to the earlier member', () => {
    const result = assignFromPools(['equal'], [], MONDAY_MORNING, playbook);
    expect(result.pools[0]?.tieBreak).toBe(
      'weighted round robin: turn values dana 1, eli 1, fay 1 → dana (tie: earlier in the pool list)',
    );
  });
});

describe('assignFromPools: lowest count', () => {
  const playbook = examplePlaybook({
    lowest: {
      strategy: 'lowest_count',
      members: [member('dana', 2), member('eli'), member('fay')],
      respect_working_hours: false,
    },
  });
  const today = '2026-11-23';
  const at = (minutes: number) => new Date(MONDAY_MORNING.getTime() - minutes * MINUTE);

  it('gives shares proportional to weight over a day', () => {
    const { counts } = simulate(['lowest'], playbook, 400, new Date('2026-11-23T14:00:00Z'), MINUTE);
    expect(counts).toEqual({ dana: 200, eli: 100, fay: 100 });
  });

  it.each<{ name: string; states: PoolMemberState[]; rep: string; tieBreak: string }>([
    {
      name: 'fewest per unit of weight wins',
      states: [
        state('lowest', 'dana', { dayKey: today, dayCount: 1 }),
        state('lowest', 'eli', { dayKey: today, dayCount: 1 }),
        state('lowest', 'fay', { dayKey: today, dayCount: 1 }),
      ],
      rep: 'dana',
      tieBreak: 'lowest count today per unit of weight: dana 1/2, eli 1/1, fay 1/1 → dana',
    },
    {
      name: 'equal ratios: whoever waited longest',
      states: [
        state('lowest', 'dana', { dayKey: today, dayCount: 2, lastAssignedAt: at(5) }),
        state('lowest', 'eli', { dayKey: today, dayCount: 1, lastAssignedAt: at(30) }),
        state('lowest', 'fay', { dayKey: today, dayCount: 1, lastAssignedAt: at(10) }),
      ],
      rep: 'eli',
      tieBreak: 'lowest count today per unit of weight: eli 1/1, fay 1/1, dana 2/2 → eli',
    },
    {
      name: 'never assigned beats any time',
      states: [
        state('lowest', 'dana', { dayKey: today, dayCount: 2, lastAssignedAt: at(600) }),
        state('lowest', 'eli', { dayKey: today, dayCount: 1, lastAssignedAt: at(900) }),
      ],
      rep: 'fay',
      tieBreak: 'lowest count today per unit of weight: fay 0/1, eli 1/1, dana 2/2 → fay',
    },
    {
      name: 'same ratio, same time: pool order',
      states: [
        state('lowest', 'dana', { dayKey: today, dayCount: 2, lastAssignedAt: at(10) }),
        state('lowest', 'eli', { dayKey: today, dayCount: 1, lastAssignedAt: at(10) }),
        state('lowest', 'fay', { dayKey: today, dayCount: 1, lastAssignedAt: at(10) }),
      ],
      rep: 'dana',
      tieBreak: 'lowest count today per unit of weight: dana 2/2, eli 1/1, fay 1/1 → dana',
    },
    {
      name: 'the running total does not matter, only today',
      states: [
        state('lowest', 'dana', { dayKey: today, dayCount: 2, totalCount: 2 }),
        state('lowest', 'eli', { dayKey: '2026-11-20', dayCount: 40, totalCount: 900 }),
        state('lowest', 'fay', { dayKey: today, dayCount: 1, totalCount: 1 }),
      ],
      rep: 'eli',
      tieBreak: 'lowest count today per unit of weight: eli 0/1, dana 2/2, fay 1/1 → eli',
    },
  ])('$name', ({ states, rep, tieBreak }) => {
    const result = assignFromPools(['lowest'], states, MONDAY_MORNING, playbook);
    expect(result.repId).toBe(rep);
    expect(result.pools[0]?.tieBreak).toBe(tieBreak);
    expect(result.updates).toHaveLength(1);
    expect(result.updates[0]).toMatchObject({ repId: rep, lastAssignedAt: MONDAY_MORNING });
  });
});

describe('assignFromPools: determinism', () => {
  const states = [
    state('na', 'dana', {
      dayKey: '2026-11-23',
      dayCount: 3,
      totalCount: 50,
      lastAssignedAt: new Date('2026-11-23T14:00:00Z'),
    }),
    state('na', 'eli', {
      dayKey: '2026-11-23',
      dayCount: 1,
      totalCount: 20,
      lastAssignedAt: new Date('2026-11-23T14:30:00Z'),
    }),
    state('on-call', 'eli', { rrCurrent: 2 }),
    state('on-call', 'hana', { rrCurrent: -1 }),
  ];

  it.each([
    ['Monday morning', MONDAY_MORNING],
    ['Monday evening', MONDAY_EVENING],
    ['Sunday night', SUNDAY_NIGHT],
  ])('%s: the same inputs give the same decision, and the inputs are untouched', (_name, now) => {
    const before = structuredClone(states);
    const first: PoolAssignment = assignFromPools(['na', 'follow-the-sun', 'on-call'], states, now, EXAMPLE);
    const second = assignFromPools(
      ['na', 'follow-the-sun', 'on-call'],
      structuredClone(states),
      now,
      EXAMPLE,
    );
    expect(second).toEqual(first);
    expect(states).toEqual(before);
  });
});
