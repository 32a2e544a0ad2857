import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import type { Pool } from '../playbook/playbook.schema.ts';
import { repAvailability } from './rep-availability.ts';

/** Persisted per (pool, member): the counters that make distribution fair across processes. */
export interface PoolMemberState {
  poolId: string;
  repId: string;
  /**
   * Round robin's "next turn" on the pool's virtual clock: each assignment moves the rep 1/weight
   * further on, so a rep with weight 2 comes up twice as often (start-time fair queueing).
   */
  nextTurn: number;
  /** `YYYY-MM-DD` in the rep's time zone that `dayCount` counts. */
  dayKey: string | null;
  dayCount: number;
  totalCount: number;
  lastAssignedAt: Date | null;
}

export interface CandidateTrace {
  repId: string;
  weight: number;
  eligible: boolean;
  why: string;
  assignedToday: number;
  /** The rep's local date (`YYYY-MM-DD`): their daily count and cap run on it. */
  today: string | null;
}

export interface PoolRanking {
  poolId: string;
  strategy: Pool['strategy'];
  candidates: CandidateTrace[];
  /** Eligible reps, best first. The shell claims the first one no concurrent assignment holds. */
  ranked: string[];
  /** The ranking in words: each rep's turn or count, for the decision log. */
  order: string;
  /** The pool's virtual time: a rep returning from time away starts here, not far behind. */
  virtualTime: number;
}

export interface PoolTrace extends PoolRanking {
  picked: string | null;
  /** Reps skipped because a concurrent assignment held them (or filled their cap meanwhile). */
  busy: string[];
}

export interface PoolAssignment {
  repId: string | null;
  poolId: string | null;
  pools: PoolTrace[];
  /** The new state of the picked member (the only row an assignment changes). */
  updates: PoolMemberState[];
}

const EPSILON = 1e-9;

export const emptyMemberState = (poolId: string, repId: string): PoolMemberState => ({
  poolId,
  repId,
  nextTurn: 0,
  dayKey: null,
  dayCount: 0,
  totalCount: 0,
  lastAssignedAt: null,
});

/**
 * Who in this pool can take a lead now, best first. Round robin orders by turn (no catch-up
 * bursts: a rep back from holiday rejoins at the pool's current turn); lowest count orders by
 * assignments today per unit of weight, then by who waited longest. Ties go to pool order.
 */
export function rankPool(
  poolId: string,
  states: PoolMemberState[],
  now: Date,
  playbook: CompiledPlaybook,
): PoolRanking {
  const pool = playbook.pools.get(poolId);
  if (!pool)
    return {
      poolId,
      strategy: 'round_robin',
      candidates: [],
      ranked: [],
      order: 'unknown pool',
      virtualTime: 0,
    };
  const stateOf = (repId: string) =>
    states.find((s) => s.poolId === poolId && s.repId === repId) ?? emptyMemberState(poolId, repId);
  const virtualTime = Math.max(
    0,
    ...pool.members.map((m) => {
      const s = stateOf(m.rep);
      return s.totalCount > 0 ? s.nextTurn - 1 / m.weight : 0;
    }),
  );
  const members = pool.members.map((member, position) => {
    const state = stateOf(member.rep);
    const check = checkMember(pool, member, state, now, playbook);
    return { member, position, state, ...check, turn: Math.max(state.nextTurn, virtualTime) };
  });
  const eligible = members.filter((m) => m.eligible);
  const ranked =
    pool.strategy === 'round_robin'
      ? [...eligible].sort((a, b) =>
          Math.abs(a.turn - b.turn) > EPSILON ? a.turn - b.turn : a.position - b.position,
        )
      : [...eligible].sort(
          (a, b) =>
            a.assignedToday / a.member.weight - b.assignedToday / b.member.weight ||
            (a.state.lastAssignedAt?.getTime() ?? 0) - (b.state.lastAssignedAt?.getTime() ?? 0) ||
            a.position - b.position,
        );
  const order =
    pool.strategy === 'round_robin'
      ? `round robin by turn: ${ranked.map((m) => `${m.member.rep} ${round(m.turn)}`).join(', ')}`
      : `lowest count today per unit of weight: ${ranked.map((m) => `${m.member.rep} ${m.assignedToday}/${m.member.weight}`).join(', ')}`;
  return {
    poolId,
    strategy: pool.strategy,
    candidates: members.map((m) => ({
      repId: m.member.rep,
      weight: m.member.weight,
      eligible: m.eligible,
      why: m.why,
      assignedToday: m.assignedToday,
      today: m.today,
    })),
    ranked: ranked.map((m) => m.member.rep),
    order: ranked.length > 0 ? order : 'nobody available',
    virtualTime,
  };
}

/**
 * Claims a rep the shell has just locked, with that rep's current counters (another assignment
 * may have landed since the ranking was read): re-checks the cap and returns the new counters.
 */
export function claimMember(
  ranking: PoolRanking,
  fresh: PoolMemberState,
  now: Date,
  playbook: CompiledPlaybook,
): { ok: true; update: PoolMemberState } | { ok: false; why: string } {
  const pool = playbook.pools.get(ranking.poolId);
  const member = pool?.members.find((m) => m.rep === fresh.repId);
  if (!pool || !member) return { ok: false, why: 'no longer in the pool' };
  const check = checkMember(pool, member, fresh, now, playbook);
  if (!check.eligible) return { ok: false, why: check.why };
  return {
    ok: true,
    update: {
      ...fresh,
      nextTurn: Math.max(fresh.nextTurn, ranking.virtualTime) + 1 / member.weight,
      dayKey: check.today,
      dayCount: check.assignedToday + 1,
      totalCount: fresh.totalCount + 1,
      lastAssignedAt: now,
    },
  };
}

/**
 * The whole decision without concurrency: the first pool in `poolIds` with anyone available
 * gives the lead to its best-ranked rep (overflow pools — follow-the-sun, on-call — come after).
 * Used to simulate and test; the shell does the same pool by pool, locking as it goes.
 */
export function assignFromPools(
  poolIds: string[],
  states: PoolMemberState[],
  now: Date,
  playbook: CompiledPlaybook,
): PoolAssignment {
  const traces: PoolTrace[] = [];
  for (const poolId of poolIds) {
    if (!playbook.pools.has(poolId)) continue;
    const ranking = rankPool(poolId, states, now, playbook);
    const first = ranking.ranked[0];
    const fresh = first
      ? (states.find((s) => s.poolId === poolId && s.repId === first) ?? emptyMemberState(poolId, first))
      : null;
    const claim = fresh ? claimMember(ranking, fresh, now, playbook) : null;
    traces.push({ ...ranking, picked: claim?.ok ? (first as string) : null, busy: [] });
    if (claim?.ok) return { repId: first as string, poolId, pools: traces, updates: [claim.update] };
  }
  return { repId: null, poolId: null, pools: traces, updates: [] };
}

function checkMember(
  pool: Pool,
  member: Pool['members'][number],
  state: PoolMemberState,
  now: Date,
  playbook: CompiledPlaybook,
): { eligible: boolean; why: string; today: string | null; assignedToday: number } {
  const rep = playbook.reps.get(member.rep);
  if (!rep) return { eligible: false, why: 'not a rep in this playbook', today: null, assignedToday: 0 };
  const availability = repAvailability(rep, now, pool.respect_working_hours);
  const today = availability.local.date;
  const assignedToday = state.dayKey === today ? state.dayCount : 0;
  const cap = member.daily_cap ?? pool.daily_cap;
  if (availability.available && cap !== undefined && assignedToday >= cap) {
    return { eligible: false, why: `daily cap reached (${assignedToday}/${cap})`, today, assignedToday };
  }
  return { eligible: availability.available, why: availability.why, today, assignedToday };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
