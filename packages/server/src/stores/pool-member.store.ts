import type { PoolMemberState } from '@mops/core';

export interface PoolMemberRow {
  pool_id: string;
  rep_id: string;
  next_turn: number;
  day_key: string | null;
  day_count: number;
  total_count: number;
  last_assigned_at: Date | string | null;
}

export const memberStateOfRow = (r: PoolMemberRow): PoolMemberState => ({
  poolId: r.pool_id,
  repId: r.rep_id,
  nextTurn: Number(r.next_turn),
  dayKey: r.day_key,
  dayCount: Number(r.day_count),
  totalCount: Number(r.total_count),
  lastAssignedAt: r.last_assigned_at === null ? null : new Date(r.last_assigned_at),
});
