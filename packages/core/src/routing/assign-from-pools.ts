import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import type { Pool } from '../playbook/playbook.schema.ts';
import { repAvailability } from './rep-availability.ts';

/** Persisted per (pool, member): the counters that make distribution fair across processes. */
export interface PoolMemberState {
  poolId: string;
  repId: string;
  /** Smooth weighted round-robin "current weight". */
  rrCurrent: number;
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
}

export interface PoolTrace {
  poolId: string;
  strategy: Pool['strategy'];
  candidates: CandidateTrace[];
  picked: string | null;
  tieBreak: string;
}

export interface PoolAssignment {
  repId: string | null;
  poolId: string | null;
  pools: PoolTrace[];
  /** New states for every member whose counters changed. */
  updates: PoolMemberState[];
}

/**
 * Picks a rep from the first pool in `poolIds` that has anyone available, then the next (overflow:
 * follow-the-sun, on-call). The caller holds a lock on these pools' states, so the counters it
 * passes in are current and the updates it writes back cannot race.
 */
export function assignFromPools(
  poolIds: string[],
  states: PoolMemberState[],
  now: Date,
  playbook: CompiledPlaybook,
): PoolAssignment {
  const traces: PoolTrace[] = [];
  for (const poolId of poolIds) {
    const pool = playbook.pools.get(poolId);
    if (!pool) continue;
    const result = pickFromPool(poolId, pool, states, now, playbook);
    traces.push(result.trace);
    if (result.trace.picked) {
      return { repId: result.trace.picked, poolId, pools: traces, updates: result.updates };
    }
  }
  return { repId: null, poolId: null, pools: traces, updates: [] };
}

function pickFromPool(
  poolId: string,
  pool: Pool,
  states: PoolMemberState[],
  now: Date,
  playbook: CompiledPlaybook,
): { trace: PoolTrace; updates: PoolMemberState[] } {
  const members = pool.members.map((member, position) => {
    const rep = playbook.reps.get(member.rep);
    const stored = states.find((s) => s.poolId === poolId && s.repId === member.rep);
    const state: PoolMemberState = stored ?? {
      poolId,
      repId: member.rep,
      rrCurrent: 0,
      dayKey: null,
      dayCount: 0,
      totalCount: 0,
      lastAssignedAt: null,
    };
    const availability = rep ? repAvailability(rep, now, pool.respect_working_hours) : null;
    const today = availability?.local.date ?? null;
    const assignedToday = state.dayKey === today ? state.dayCount : 0;
    const cap = member.daily_cap ?? pool.daily_cap;
    let eligible = availability?.available ?? false;
    let why = availability?.why ?? 'not a rep in this playbook';
    if (eligible && cap !== undefined && assignedToday >= cap) {
      eligible = false;
      why = `daily cap reached (${assignedToday}/${cap})`;
    }
    return { member, position, state, today, assignedToday, eligible, why };
  });
  const candidates: CandidateTrace[] = members.map((m) => ({
    repId: m.member.rep,
    weight: m.member.weight,
    eligible: m.eligible,
    why: m.why,
    assignedToday: m.assignedToday,
  }));
  const eligible = members.filter((m) => m.eligible);
  if (eligible.length === 0) {
    return {
      trace: { poolId, strategy: pool.strategy, candidates, picked: null, tieBreak: 'nobody available' },
      updates: [],
    };
  }

  let picked: (typeof eligible)[number];
  let tieBreak: string;
  const updates = new Map<string, PoolMemberState>();
  if (pool.strategy === 'round_robin') {
    // Smooth weighted round robin (as in nginx): over any window, each member's share of
    // assignments equals its share of weight, and turns interleave rather than bunch up.
    const totalWeight = eligible.reduce((sum, m) => sum + m.member.weight, 0);
    const current = eligible.map((m) => ({ m, value: m.state.rrCurrent + m.member.weight }));
    let best = current[0] as (typeof current)[number];
    for (const c of current) if (c.value > best.value) best = c;
    picked = best.m;
    tieBreak = `weighted round robin: turn values ${current.map((c) => `${c.m.member.rep} ${c.value}`).join(', ')} → ${picked.member.rep}${current.filter((c) => c.value === best.value).length > 1 ? ' (tie: earlier in the pool list)' : ''}`;
    for (const c of current) {
      updates.set(c.m.member.rep, { ...c.m.state, rrCurrent: c === best ? c.value - totalWeight : c.value });
    }
  } else {
    // Lowest count: fewest assignments today relative to weight; ties go to whoever waited longest.
    const ranked = [...eligible].sort(
      (a, b) =>
        a.assignedToday / a.member.weight - b.assignedToday / b.member.weight ||
        (a.state.lastAssignedAt?.getTime() ?? 0) - (b.state.lastAssignedAt?.getTime() ?? 0) ||
        a.position - b.position,
    );
    picked = ranked[0] as (typeof ranked)[number];
    tieBreak = `lowest count today per unit of weight: ${ranked.map((m) => `${m.member.rep} ${m.assignedToday}/${m.member.weight}`).join(', ')} → ${picked.member.rep}`;
  }
  const before = updates.get(picked.member.rep) ?? picked.state;
  updates.set(picked.member.rep, {
    ...before,
    dayKey: picked.today,
    dayCount: picked.assignedToday + 1,
    totalCount: picked.state.totalCount + 1,
    lastAssignedAt: now,
  });
  return {
    trace: { poolId, strategy: pool.strategy, candidates, picked: picked.member.rep, tieBreak },
    updates: [...updates.values()],
  };
}
