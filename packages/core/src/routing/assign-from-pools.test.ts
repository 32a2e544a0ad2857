import { describe, expect, it } from 'vitest';
import { type CompiledPlaybook, compilePlaybook } from '../playbook/compile-playbook.ts';
import type { Pool } from '../playbook/playbook.schema.ts';
import { EXAMPLE_SOURCE } from '../testing/example-playbook.ts';
import {
  assignFromPools,
  claimMember,
  emptyMemberState,
  type PoolAssignment,
  type PoolMemberState,
  type PoolRanking,
  rankPool,
} from './assign-from-pools.ts';

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
/** Monday 21 December: the week before Gus goes on holiday. */
const BEFORE_HOLIDAYS = new Date('2026-12-21T10:00:00Z');
/** Monday 28 December: Gus is out of office; London 10:00. */
const HOLIDAYS = new Date('2026-12-28T10:00:00Z');
/** Monday 4 January: Gus is back. */
const BACK_FROM_HOLIDAYS = new Date('2027-01-04T10:00:00Z');

const member = (rep: string, weight = 1, daily_cap?: number) =>
  daily_cap === undefined ? { rep, weight } : { rep, weight, daily_cap };

/** A stored (pool, rep) row; spelled out rather than built on emptyMemberState, which is under test. */
function state(poolId: string, repId: string, overrides: Partial<PoolMemberState> = {}): PoolMemberState {
  return {
    poolId,
    repId,
    nextTurn: 0,
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

type Decide = (
  poolIds: string[],
  states: PoolMemberState[],
  now: Date,
  playbook: CompiledPlaybook,
) => { repId: string | null; updates: PoolMemberState[] };

/** The whole decision in one call. */
const viaAssignFromPools: Decide = assignFromPools;

/** What the shell does, pool by pool: rank, then claim the best-ranked rep on that rep's current row. */
const viaRankAndClaim: Decide = (poolIds, states, now, playbook) => {
  for (const poolId of poolIds) {
    const ranking = rankPool(poolId, states, now, playbook);
    for (const repId of ranking.ranked) {
      const fresh =
        states.find((s) => s.poolId === poolId && s.repId === repId) ?? emptyMemberState(poolId, repId);
      const claim = claimMember(ranking, fresh, now, playbook);
      if (claim.ok) return { repId, updates: [claim.update] };
    }
  }
  return { repId: null, updates: [] };
};

function simulate(
  poolIds: string[],
  playbook: CompiledPlaybook,
  count: number,
  start: Date,
  stepMs: number,
  { states: initial = [], decide = viaAssignFromPools }: { states?: PoolMemberState[]; decide?: Decide } = {},
) {
  let states = initial;
  const picks: string[] = [];
  for (let i = 0; i < count; i++) {
    const result = decide(poolIds, states, new Date(start.getTime() + i * stepMs), playbook);
    if (!result.repId) throw new Error(`nobody picked at step ${i}`);
    // An assignment writes exactly one row: the picked rep's.
    expect(result.updates.map((u) => u.repId)).toEqual([result.repId]);
    picks.push(result.repId);
    states = applyUpdates(states, result.updates);
  }
  return { picks, counts: tally(picks), states };
}

function tally(picks: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pick of picks) counts[pick] = (counts[pick] ?? 0) + 1;
  return counts;
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
    /** The deciding (last tried) pool's available reps, best first. */
    ranked: string[];
    why?: Record<string, string>;
  }>([
    {
      name: 'Monday morning: North America has Dana and Eli; Fay is not up yet',
      pools: ['na', 'follow-the-sun', 'on-call'],
      now: MONDAY_MORNING,
      rep: 'dana',
      pool: 'na',
      tried: ['na'],
      ranked: ['dana', 'eli'],
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
      ranked: ['kenji', 'priya'],
      why: { fay: 'outside working hours (Mon-Fri 08:00-17:00, America/Los_Angeles; local time Mon 17:00)' },
    },
    {
      name: '3 AM on a Sunday: only the on-call pool, which ignores working hours',
      pools: ['na', 'follow-the-sun', 'on-call'],
      now: SUNDAY_NIGHT,
      rep: 'eli',
      pool: 'on-call',
      tried: ['na', 'follow-the-sun', 'on-call'],
      ranked: ['eli', 'hana', 'priya'],
      why: { eli: 'available (local time Sun 03:00)', priya: 'available (local time Sun 19:00)' },
    },
    {
      name: 'nobody anywhere: no rep, no pool (the caller uses the fallback queue)',
      pools: ['na', 'follow-the-sun'],
      now: SUNDAY_NIGHT,
      rep: null,
      pool: null,
      tried: ['na', 'follow-the-sun'],
      ranked: [],
    },
    {
      name: 'out of office over the holidays: Hana takes EMEA',
      pools: ['emea'],
      now: HOLIDAYS,
      rep: 'hana',
      pool: 'emea',
      tried: ['emea'],
      ranked: ['hana'],
      why: { gus: 'out of office 2026-12-24..2027-01-02', hana: 'available (local time Mon 10:00)' },
    },
    {
      name: 'an unknown pool id is passed over',
      pools: ['nowhere', 'emea'],
      now: MONDAY_MORNING,
      rep: 'gus',
      pool: 'emea',
      tried: ['emea'],
      ranked: ['gus', 'hana'],
    },
  ])('$name', ({ pools, now, rep, pool, tried, ranked, why }) => {
    const result = assignFromPools(pools, [], now, EXAMPLE);
    expect(result.repId).toBe(rep);
    expect(result.poolId).toBe(pool);
    expect(result.pools.map((t) => t.poolId)).toEqual(tried);
    for (const trace of result.pools.slice(0, -1)) {
      expect(trace).toMatchObject({ picked: null, ranked: [], order: 'nobody available', busy: [] });
      expect(trace.candidates.every((c) => !c.eligible)).toBe(true);
    }
    const deciding = result.pools.at(-1);
    expect(deciding).toMatchObject({ picked: rep, ranked, busy: [] });
    if (rep === null) expect(deciding?.order).toBe('nobody available');
    // The last pool tried is the one that decided; a rep may be a candidate in several pools.
    const candidates = [...result.pools].reverse().flatMap((t) => t.candidates);
    for (const [repId, reason] of Object.entries(why ?? {})) {
      expect(candidates.find((c) => c.repId === repId)?.why).toBe(reason);
    }
    expect(result.updates.map((u) => u.repId)).toEqual(rep === null ? [] : [rep]);
  });

  it('names the candidates, weights, local dates and ranking in the trace', () => {
    const result = assignFromPools(['na'], [], MONDAY_MORNING, EXAMPLE);
    expect(result.pools).toEqual([
      {
        poolId: 'na',
        strategy: 'lowest_count',
        candidates: [
          {
            repId: 'dana',
            weight: 2,
            eligible: true,
            why: 'available (local time Mon 09:00)',
            assignedToday: 0,
            today: '2026-11-23',
          },
          {
            repId: 'eli',
            weight: 1,
            eligible: true,
            why: 'available (local time Mon 10:00)',
            assignedToday: 0,
            today: '2026-11-23',
          },
          {
            repId: 'fay',
            weight: 1,
            eligible: false,
            why: 'outside working hours (Mon-Fri 08:00-17:00, America/Los_Angeles; local time Mon 07:00)',
            assignedToday: 0,
            today: '2026-11-23',
          },
        ],
        ranked: ['dana', 'eli'],
        order: 'lowest count today per unit of weight: dana 0/2, eli 0/1',
        virtualTime: 0,
        picked: 'dana',
        busy: [],
      },
    ]);
    // Only the picked rep's row changes; her turn moves on by 1/weight whatever the strategy.
    expect(result.updates).toEqual([
      state('na', 'dana', {
        nextTurn: 0.5,
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
      states: [state('solo', 'fay', { nextTurn: 9, dayKey: '2026-11-23', dayCount: 2, totalCount: 9 })],
      rep: null,
      why: { fay: 'daily cap reached (2/2)' },
    },
    {
      name: 'and midnight in Los Angeles resets it',
      pool: 'solo',
      now: new Date('2026-11-24T08:00:00Z'),
      states: [state('solo', 'fay', { nextTurn: 9, dayKey: '2026-11-23', dayCount: 2, totalCount: 9 })],
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
    expect(result.pools[0]?.picked).toBe(rep);
    for (const [repId, reason] of Object.entries(why ?? {})) {
      expect(result.pools[0]?.candidates.find((c) => c.repId === repId)?.why).toBe(reason);
    }
  });

  it('counts the new day from 1 and keeps the running total', () => {
    const now = new Date('2026-11-24T08:00:00Z');
    const result = assignFromPools(
      ['solo'],
      [state('solo', 'fay', { nextTurn: 9, dayKey: '2026-11-23', dayCount: 2, totalCount: 9 })],
      now,
      playbook,
    );
    expect(result.pools[0]?.candidates[0]?.today).toBe('2026-11-24');
    expect(result.updates).toEqual([
      state('solo', 'fay', {
        nextTurn: 10,
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

describe('claimMember: re-checks the cap on the rep’s current row', () => {
  const playbook = examplePlaybook({
    capped: {
      strategy: 'lowest_count',
      members: [member('dana'), member('eli', 1, 5)],
      daily_cap: 2,
      respect_working_hours: false,
    },
    solo: { strategy: 'round_robin', members: [member('fay')], daily_cap: 2, respect_working_hours: false },
  });
  /** Monday 12:00 in Los Angeles. */
  const MONDAY_NOON_LA = new Date('2026-11-23T20:00:00Z');
  const LA_MIDNIGHT = new Date('2026-11-24T08:00:00Z');
  const fay = (overrides: Partial<PoolMemberState>) => state('solo', 'fay', overrides);

  it.each<{
    name: string;
    pool: string;
    now: Date;
    /** The rows the ranking was read from. */
    read: PoolMemberState[];
    /** The rep's row as it is when the shell claims it. */
    fresh: PoolMemberState;
    expected: { ok: false; why: string } | { ok: true; update: PoolMemberState };
  }>([
    {
      name: 'another assignment filled the cap since the ranking was read: refused',
      pool: 'solo',
      now: MONDAY_NOON_LA,
      read: [fay({ nextTurn: 5, dayKey: '2026-11-23', dayCount: 1, totalCount: 5 })],
      fresh: fay({ nextTurn: 6, dayKey: '2026-11-23', dayCount: 2, totalCount: 6 }),
      expected: { ok: false, why: 'daily cap reached (2/2)' },
    },
    {
      name: 'one below the cap: claimed, counted, and the turn moves on',
      pool: 'solo',
      now: MONDAY_NOON_LA,
      read: [fay({ nextTurn: 5, dayKey: '2026-11-23', dayCount: 1, totalCount: 5 })],
      fresh: fay({ nextTurn: 5, dayKey: '2026-11-23', dayCount: 1, totalCount: 5 }),
      expected: {
        ok: true,
        update: fay({
          nextTurn: 6,
          dayKey: '2026-11-23',
          dayCount: 2,
          totalCount: 6,
          lastAssignedAt: MONDAY_NOON_LA,
        }),
      },
    },
    {
      name: '23:59 in Los Angeles: yesterday is still today, refused',
      pool: 'solo',
      now: new Date(LA_MIDNIGHT.getTime() - MINUTE),
      read: [fay({ nextTurn: 5, dayKey: '2026-11-23', dayCount: 1, totalCount: 5 })],
      fresh: fay({ nextTurn: 6, dayKey: '2026-11-23', dayCount: 2, totalCount: 6 }),
      expected: { ok: false, why: 'daily cap reached (2/2)' },
    },
    {
      name: 'a new local day: the full count is yesterday’s, claimed and counted from 1',
      pool: 'solo',
      now: LA_MIDNIGHT,
      read: [fay({ nextTurn: 5, dayKey: '2026-11-23', dayCount: 1, totalCount: 5 })],
      fresh: fay({ nextTurn: 6, dayKey: '2026-11-23', dayCount: 2, totalCount: 6 }),
      expected: {
        ok: true,
        update: fay({
          nextTurn: 7,
          dayKey: '2026-11-24',
          dayCount: 1,
          totalCount: 7,
          lastAssignedAt: LA_MIDNIGHT,
        }),
      },
    },
    {
      name: 'a member cap (5) is checked, not the pool cap (2)',
      pool: 'capped',
      now: MONDAY_MORNING,
      read: [],
      fresh: state('capped', 'eli', { dayKey: '2026-11-23', dayCount: 5, totalCount: 5 }),
      expected: { ok: false, why: 'daily cap reached (5/5)' },
    },
    {
      name: 'a member cap above the pool cap allows more than the pool cap',
      pool: 'capped',
      now: MONDAY_MORNING,
      read: [],
      fresh: state('capped', 'eli', { nextTurn: 4, dayKey: '2026-11-23', dayCount: 4, totalCount: 4 }),
      expected: {
        ok: true,
        update: state('capped', 'eli', {
          nextTurn: 5,
          dayKey: '2026-11-23',
          dayCount: 5,
          totalCount: 5,
          lastAssignedAt: MONDAY_MORNING,
        }),
      },
    },
    {
      name: 'a rep who is not a member of the pool is refused',
      pool: 'solo',
      now: MONDAY_NOON_LA,
      read: [],
      fresh: state('solo', 'kenji'),
      expected: { ok: false, why: 'no longer in the pool' },
    },
  ])('$name', ({ pool, now, read, fresh, expected }) => {
    const ranking = rankPool(pool, read, now, playbook);
    const before = structuredClone(fresh);
    expect(claimMember(ranking, fresh, now, playbook)).toEqual(expected);
    expect(fresh).toEqual(before);
  });

  it('refuses for a pool the playbook no longer has', () => {
    const ranking: PoolRanking = { ...rankPool('solo', [], MONDAY_NOON_LA, playbook), poolId: 'gone' };
    expect(claimMember(ranking, state('gone', 'fay'), MONDAY_NOON_LA, playbook)).toEqual({
      ok: false,
      why: 'no longer in the pool',
    });
  });
});

describe('rankPool + claimMember: long-run shares', () => {
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
    heavy: {
      strategy: 'round_robin',
      members: [member('dana', 5), member('eli'), member('fay')],
      respect_working_hours: false,
    },
    // Turns in thirds, fifths and sevenths do not add up exactly in floating point.
    uneven: {
      strategy: 'round_robin',
      members: [member('dana', 3), member('eli', 5), member('fay', 7)],
      respect_working_hours: false,
    },
    'lowest-weighted': {
      strategy: 'lowest_count',
      members: [member('dana', 2), member('eli'), member('fay')],
      respect_working_hours: false,
    },
    'lowest-equal': {
      strategy: 'lowest_count',
      members: [member('dana'), member('eli'), member('fay')],
      respect_working_hours: false,
    },
  });

  it.each<{
    pool: string;
    count: number;
    shares: Record<string, number>;
    /** One cycle (the total weight) of picks from the start. */
    firstPicks: string[];
    /** Every run of a cycle's length has the exact shares, not only whole cycles from the start. */
    everyWindow: boolean;
  }>([
    {
      pool: 'weighted',
      count: 400,
      shares: { dana: 200, eli: 100, fay: 100 },
      firstPicks: ['dana', 'eli', 'fay', 'dana'],
      everyWindow: true,
    },
    {
      pool: 'equal',
      count: 300,
      shares: { dana: 100, eli: 100, fay: 100 },
      firstPicks: ['dana', 'eli', 'fay'],
      everyWindow: true,
    },
    {
      pool: 'heavy',
      count: 700,
      shares: { dana: 500, eli: 100, fay: 100 },
      firstPicks: ['dana', 'eli', 'fay', 'dana', 'dana', 'dana', 'dana'],
      everyWindow: true,
    },
    {
      pool: 'uneven',
      count: 600,
      shares: { dana: 120, eli: 200, fay: 280 },
      firstPicks: [
        ...['dana', 'eli', 'fay', 'fay', 'eli', 'fay', 'dana', 'eli'],
        ...['fay', 'fay', 'eli', 'dana', 'fay', 'eli', 'fay'],
      ],
      everyWindow: true,
    },
    {
      pool: 'lowest-weighted',
      count: 400,
      shares: { dana: 200, eli: 100, fay: 100 },
      firstPicks: ['dana', 'eli', 'fay', 'dana'],
      everyWindow: false,
    },
    {
      pool: 'lowest-equal',
      count: 300,
      shares: { dana: 100, eli: 100, fay: 100 },
      firstPicks: ['dana', 'eli', 'fay'],
      everyWindow: true,
    },
  ])(
    '$pool: $count assignments split exactly by weight, cycle by cycle',
    ({ pool, count, shares, firstPicks, everyWindow }) => {
      const { picks, counts } = simulate([pool], playbook, count, MONDAY_MORNING, MINUTE, {
        decide: viaRankAndClaim,
      });
      expect(counts).toEqual(shares);
      expect(picks.slice(0, firstPicks.length)).toEqual(firstPicks);
      const cycle = firstPicks.length;
      const perCycle = Object.fromEntries(
        Object.entries(shares).map(([rep, n]) => [rep, (n * cycle) / count]),
      );
      for (let i = 0; i + cycle <= picks.length; i += everyWindow ? 1 : cycle) {
        expect(tally(picks.slice(i, i + cycle))).toEqual(perCycle);
      }
      // assignFromPools is the same two steps in one call: the same sequence.
      expect(simulate([pool], playbook, count, MONDAY_MORNING, MINUTE).picks).toEqual(picks);
    },
  );

  it.each(['equal', 'lowest-equal'])('%s: equal weights never give the same rep two in a row', (pool) => {
    const { picks } = simulate([pool], playbook, 300, MONDAY_MORNING, MINUTE, { decide: viaRankAndClaim });
    for (let i = 1; i < picks.length; i++) expect(picks[i]).not.toBe(picks[i - 1]);
  });
});

describe('rankPool: round robin turns on the pool’s virtual clock', () => {
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
    reversed: {
      strategy: 'round_robin',
      members: [member('fay'), member('eli'), member('dana')],
      respect_working_hours: false,
    },
    // At MONDAY_MORNING Fay (Los Angeles, 07:00) is not at work yet.
    office: {
      strategy: 'round_robin',
      members: [member('dana'), member('eli'), member('fay')],
    },
  });
  const rows = (pool: string, turns: Record<string, [nextTurn: number, totalCount: number]>) =>
    Object.entries(turns).map(([rep, [nextTurn, totalCount]]) => state(pool, rep, { nextTurn, totalCount }));

  it.each<{
    name: string;
    pool: string;
    states: PoolMemberState[];
    ranked: string[];
    order: string;
    virtualTime: number;
  }>([
    {
      name: 'nobody assigned yet: everyone at turn 0, pool order',
      pool: 'equal',
      states: [],
      ranked: ['dana', 'eli', 'fay'],
      order: 'round robin by turn: dana 0, eli 0, fay 0',
      virtualTime: 0,
    },
    {
      name: 'ties go to pool order, not to the name',
      pool: 'reversed',
      states: [],
      ranked: ['fay', 'eli', 'dana'],
      order: 'round robin by turn: fay 0, eli 0, dana 0',
      virtualTime: 0,
    },
    {
      name: 'earliest turn first; a weight-2 rep moves half a turn per lead',
      pool: 'weighted',
      states: rows('weighted', { dana: [1.5, 3], eli: [1, 1], fay: [2, 2] }),
      ranked: ['eli', 'dana', 'fay'],
      order: 'round robin by turn: eli 1, dana 1.5, fay 2',
      virtualTime: 1,
    },
    {
      name: 'a rep far behind starts at the virtual time, not at her own turn',
      pool: 'equal',
      states: rows('equal', { dana: [50, 50], eli: [50, 50], fay: [10, 10] }),
      ranked: ['fay', 'dana', 'eli'],
      order: 'round robin by turn: fay 49, dana 50, eli 50',
      virtualTime: 49,
    },
    {
      name: 'a rep new to the pool joins at the virtual time (pool order breaks the tie)',
      pool: 'equal',
      states: rows('equal', { dana: [5, 5], eli: [4, 4] }),
      ranked: ['eli', 'fay', 'dana'],
      order: 'round robin by turn: eli 4, fay 4, dana 5',
      virtualTime: 4,
    },
    {
      name: 'a row with no assignment does not move the virtual time',
      pool: 'equal',
      states: rows('equal', { dana: [3, 0] }),
      ranked: ['eli', 'fay', 'dana'],
      order: 'round robin by turn: eli 0, fay 0, dana 3',
      virtualTime: 0,
    },
    {
      name: 'the virtual time counts the turns of reps unavailable now',
      pool: 'office',
      states: rows('office', { dana: [2, 2], eli: [2, 2], fay: [6, 6] }),
      ranked: ['dana', 'eli'],
      order: 'round robin by turn: dana 5, eli 5',
      virtualTime: 5,
    },
  ])('$name', ({ pool, states, ranked, order, virtualTime }) => {
    const ranking = rankPool(pool, states, MONDAY_MORNING, playbook);
    expect(ranking).toMatchObject({ poolId: pool, strategy: 'round_robin', ranked, order, virtualTime });
    expect(assignFromPools([pool], states, MONDAY_MORNING, playbook).repId).toBe(ranked[0]);
  });

  it('a claim moves the rep on from where she ranked: max(her turn, virtual time) + 1/weight', () => {
    const states = rows('weighted', { dana: [1, 10], eli: [40, 40], fay: [40, 40] });
    const ranking = rankPool('weighted', states, MONDAY_MORNING, playbook);
    expect(ranking.virtualTime).toBe(39);
    const behind = claimMember(ranking, states[0] as PoolMemberState, MONDAY_MORNING, playbook);
    expect(behind).toMatchObject({ ok: true, update: { repId: 'dana', nextTurn: 39.5, totalCount: 11 } });
    // A concurrent assignment already moved her past the virtual time: her own turn counts.
    const ahead = state('weighted', 'dana', { nextTurn: 41, totalCount: 12 });
    expect(claimMember(ranking, ahead, MONDAY_MORNING, playbook)).toMatchObject({
      ok: true,
      update: { nextTurn: 41.5, totalCount: 13 },
    });
  });

  it('an assignment changes only the picked rep’s row; an unavailable rep keeps her turn', () => {
    const fayPaused = examplePlaybook({
      weighted: {
        strategy: 'round_robin',
        members: [member('dana', 2), member('eli'), member('fay', 1, 0)],
        respect_working_hours: false,
      },
    });
    const states = rows('weighted', { dana: [1.5, 3], eli: [2, 2], fay: [1, 1] });
    const result = assignFromPools(['weighted'], states, MONDAY_MORNING, fayPaused);
    // Fay has the earliest turn but a cap of 0; Dana (1.5) goes before Eli (2).
    expect(result.pools[0]).toMatchObject({
      ranked: ['dana', 'eli'],
      order: 'round robin by turn: dana 1.5, eli 2',
      virtualTime: 1,
    });
    expect(result.updates).toEqual([
      state('weighted', 'dana', {
        nextTurn: 2,
        dayKey: '2026-11-23',
        dayCount: 1,
        totalCount: 4,
        lastAssignedAt: MONDAY_MORNING,
      }),
    ]);
    // Fay back without the cap: her missed turn comes first — once — then the rotation goes on.
    const { picks } = simulate(['weighted'], playbook, 4, MONDAY_MORNING, MINUTE, {
      states: applyUpdates(states, result.updates),
    });
    expect(picks).toEqual(['fay', 'dana', 'eli', 'dana']);
  });

  it('candidates carry their own local date; counts and caps run on it', () => {
    const ranking = rankPool(
      'follow-the-sun',
      [
        state('follow-the-sun', 'kenji', { dayKey: '2026-11-23', dayCount: 4, totalCount: 4 }),
        state('follow-the-sun', 'priya', { dayKey: '2026-11-24', dayCount: 1, totalCount: 1 }),
      ],
      MONDAY_EVENING,
      EXAMPLE,
    );
    expect(ranking.candidates.map((c) => [c.repId, c.today, c.assignedToday])).toEqual([
      ['dana', '2026-11-23', 0],
      ['eli', '2026-11-23', 0],
      ['fay', '2026-11-23', 0],
      ['gus', '2026-11-24', 0],
      ['hana', '2026-11-24', 0],
      ['kenji', '2026-11-24', 0],
      ['priya', '2026-11-24', 1],
    ]);
    expect(ranking).toMatchObject({
      ranked: ['kenji', 'priya'],
      order: 'lowest count today per unit of weight: kenji 0/1, priya 1/1',
    });
  });

  it('an unknown pool ranks nobody', () => {
    expect(rankPool('nowhere', [], MONDAY_MORNING, EXAMPLE)).toEqual({
      poolId: 'nowhere',
      strategy: 'round_robin',
      candidates: [],
      ranked: [],
      order: 'unknown pool',
      virtualTime: 0,
    });
  });

  it('a rep with no stored row counts as never assigned', () => {
    expect(emptyMemberState('na', 'dana')).toEqual(state('na', 'dana'));
  });
});

describe('round robin: a rep back from time away rejoins the rotation, no catch-up burst', () => {
  const playbook = examplePlaybook({
    desk: {
      strategy: 'round_robin',
      members: [member('gus'), member('hana'), member('dana')],
      respect_working_hours: false,
    },
    'desk-gus-last': {
      strategy: 'round_robin',
      members: [member('hana'), member('dana'), member('gus')],
      respect_working_hours: false,
    },
  });

  /** Gus, Hana and Dana share a desk; Gus is out of office 2026-12-24..2027-01-02. */
  const returns: { pool: string; orderAfter: string; backPicks: string[] }[] = [
    {
      pool: 'desk',
      orderAfter: 'round robin by turn: gus 33, hana 33, dana 33',
      // The one lead at the current turn, then Gus is first in pool order for the next round.
      backPicks: ['gus', 'gus', 'hana', 'dana', 'gus', 'hana', 'dana'],
    },
    {
      pool: 'desk-gus-last',
      orderAfter: 'round robin by turn: hana 33, dana 33, gus 33',
      backPicks: ['gus', 'hana', 'dana', 'gus', 'hana', 'dana', 'gus'],
    },
  ];

  it.each(returns)('$pool: rank and claim on stored turns', ({ pool, orderAfter }) => {
    const states = [
      state(pool, 'gus', { nextTurn: 3, totalCount: 3 }),
      state(pool, 'hana', { nextTurn: 33, totalCount: 33 }),
      state(pool, 'dana', { nextTurn: 33, totalCount: 33 }),
    ];
    const away = rankPool(pool, states, HOLIDAYS, playbook);
    expect(away.candidates.find((c) => c.repId === 'gus')).toMatchObject({
      eligible: false,
      why: 'out of office 2026-12-24..2027-01-02',
    });
    expect(away).toMatchObject({ ranked: ['hana', 'dana'], virtualTime: 32 });

    const back = rankPool(pool, states, BACK_FROM_HOLIDAYS, playbook);
    expect(back).toMatchObject({
      ranked: ['gus', 'hana', 'dana'],
      order: 'round robin by turn: gus 32, hana 33, dana 33',
      virtualTime: 32,
    });
    const claim = claimMember(back, states[0] as PoolMemberState, BACK_FROM_HOLIDAYS, playbook);
    // Level with the others (33), not one step on from where he left (4).
    expect(claim).toMatchObject({ ok: true, update: { repId: 'gus', nextTurn: 33, totalCount: 4 } });
    if (!claim.ok) return;
    const after = rankPool(pool, applyUpdates(states, [claim.update]), BACK_FROM_HOLIDAYS, playbook);
    expect(after).toMatchObject({ order: orderAfter, virtualTime: 32 });
  });

  it.each(returns)('$pool: a week before, the holidays, the week after', ({ pool, backPicks }) => {
    const run = (count: number, start: Date, states: PoolMemberState[]) =>
      simulate([pool], playbook, count, start, MINUTE, { states, decide: viaRankAndClaim });
    const before = run(9, BEFORE_HOLIDAYS, []);
    expect(before.counts).toEqual({ gus: 3, hana: 3, dana: 3 });
    const holidays = run(60, HOLIDAYS, before.states);
    expect(holidays.counts).toEqual({ hana: 30, dana: 30 });
    const back = run(13, BACK_FROM_HOLIDAYS, holidays.states);
    expect(back.picks.slice(0, backPicks.length)).toEqual(backPicks);
    // Exactly one lead for the turn he comes back on, then one per round like everyone else.
    expect(back.picks[0]).toBe('gus');
    for (let i = 1; i + 3 <= back.picks.length; i += 3) {
      expect(tally(back.picks.slice(i, i + 3))).toEqual({ gus: 1, hana: 1, dana: 1 });
    }
    expect(back.counts).toEqual({ gus: 5, hana: 4, dana: 4 });
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
  const yesterday = '2026-11-22';
  const at = (minutes: number) => new Date(MONDAY_MORNING.getTime() - minutes * MINUTE);

  it('gives shares proportional to weight over a day', () => {
    const { counts } = simulate(['lowest'], playbook, 400, new Date('2026-11-23T14:00:00Z'), MINUTE);
    expect(counts).toEqual({ dana: 200, eli: 100, fay: 100 });
  });

  it.each<{ name: string; states: PoolMemberState[]; ranked: string[]; order: string }>([
    {
      name: 'fewest per unit of weight wins',
      states: [
        state('lowest', 'dana', { dayKey: today, dayCount: 1 }),
        state('lowest', 'eli', { dayKey: today, dayCount: 1 }),
        state('lowest', 'fay', { dayKey: today, dayCount: 1 }),
      ],
      ranked: ['dana', 'eli', 'fay'],
      order: 'lowest count today per unit of weight: dana 1/2, eli 1/1, fay 1/1',
    },
    {
      name: 'equal ratios: whoever waited longest',
      states: [
        state('lowest', 'dana', { dayKey: today, dayCount: 2, lastAssignedAt: at(5) }),
        state('lowest', 'eli', { dayKey: today, dayCount: 1, lastAssignedAt: at(30) }),
        state('lowest', 'fay', { dayKey: today, dayCount: 1, lastAssignedAt: at(10) }),
      ],
      ranked: ['eli', 'fay', 'dana'],
      order: 'lowest count today per unit of weight: eli 1/1, fay 1/1, dana 2/2',
    },
    {
      name: 'never assigned beats any time (all at 0 today)',
      states: [
        state('lowest', 'dana', { dayKey: yesterday, dayCount: 2, lastAssignedAt: at(600) }),
        state('lowest', 'eli', { dayKey: yesterday, dayCount: 1, lastAssignedAt: at(900) }),
      ],
      ranked: ['fay', 'eli', 'dana'],
      order: 'lowest count today per unit of weight: fay 0/1, eli 0/1, dana 0/2',
    },
    {
      name: 'same ratio, same time: pool order',
      states: [
        state('lowest', 'dana', { dayKey: today, dayCount: 2, lastAssignedAt: at(10) }),
        state('lowest', 'eli', { dayKey: today, dayCount: 1, lastAssignedAt: at(10) }),
        state('lowest', 'fay', { dayKey: today, dayCount: 1, lastAssignedAt: at(10) }),
      ],
      ranked: ['dana', 'eli', 'fay'],
      order: 'lowest count today per unit of weight: dana 2/2, eli 1/1, fay 1/1',
    },
    {
      name: 'the running total does not matter, only today',
      states: [
        state('lowest', 'dana', { dayKey: today, dayCount: 2, totalCount: 2 }),
        state('lowest', 'eli', { dayKey: '2026-11-20', dayCount: 40, totalCount: 900 }),
        state('lowest', 'fay', { dayKey: today, dayCount: 1, totalCount: 1 }),
      ],
      ranked: ['eli', 'dana', 'fay'],
      order: 'lowest count today per unit of weight: eli 0/1, dana 2/2, fay 1/1',
    },
  ])('$name', ({ states, ranked, order }) => {
    expect(rankPool('lowest', states, MONDAY_MORNING, playbook)).toMatchObject({
      strategy: 'lowest_count',
      ranked,
      order,
    });
    const result = assignFromPools(['lowest'], states, MONDAY_MORNING, playbook);
    const rep = ranked[0];
    expect(result.repId).toBe(rep);
    expect(result.pools[0]).toMatchObject({ picked: rep, ranked, order });
    const before = states.find((s) => s.repId === rep);
    expect(result.updates).toHaveLength(1);
    expect(result.updates[0]).toMatchObject({
      repId: rep,
      dayKey: today,
      dayCount: (before?.dayKey === today ? before.dayCount : 0) + 1,
      totalCount: (before?.totalCount ?? 0) + 1,
      lastAssignedAt: MONDAY_MORNING,
    });
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
    state('on-call', 'eli', { nextTurn: 3, totalCount: 3 }),
    state('on-call', 'hana', { nextTurn: 2, totalCount: 2 }),
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
