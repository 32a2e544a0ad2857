import {
  type AccountSnapshot,
  assignFromPools,
  type CompiledPlaybook,
  type FieldValue,
  type PoolAssignment,
  type PoolMemberState,
  type RoutingPlan,
} from '@mops/core';
import { sql, type Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { enqueue } from '../jobs/queue.ts';

export interface RoutingWrite {
  via: 'existing_owner' | 'account_owner' | 'pool' | 'fallback';
  ruleId: string | null;
  poolId: string | null;
  repId: string | null;
  queue: string | null;
  reason: string;
  routedAt: Date;
  claimedAccount: boolean;
}

/**
 * Turns a routing plan into an assignment. For pools it locks the pools' counter rows first
 * (SELECT … FOR UPDATE, in a fixed order so two transactions cannot deadlock), so 100 MQLs
 * arriving at once are spread by the weights instead of all seeing the same "next" rep.
 */
export async function routePerson(
  trx: Transaction<DB>,
  ctx: {
    playbook: CompiledPlaybook;
    plan: RoutingPlan;
    person: { id: string; email: string; fields: Record<string, FieldValue>; stage: string };
    account: AccountSnapshot | null;
    eventId: number | null;
    capturedAt: Date;
    note: string;
    clock: Clock;
  },
): Promise<RoutingWrite> {
  const { plan, playbook } = ctx;
  let write: RoutingWrite;
  let pools: PoolAssignment | null = null;
  if (plan.kind === 'owner') {
    write = {
      via: plan.via,
      ruleId: plan.ruleId,
      poolId: null,
      repId: plan.repId,
      queue: null,
      reason: plan.reason,
      routedAt: ctx.clock(),
      claimedAccount: false,
    };
  } else if (plan.kind === 'pools') {
    const states = await lockPoolStates(trx, plan.poolIds);
    const now = ctx.clock();
    pools = assignFromPools(plan.poolIds, states, now, playbook);
    if (pools.repId) {
      await savePoolStates(trx, pools.updates);
      const claim = plan.claimAccount && ctx.account !== null && ctx.account.ownerRepId === null;
      const overflow =
        pools.poolId !== plan.poolIds[0] ? ` (overflow: nobody available in ${plan.poolIds[0]})` : '';
      write = {
        via: 'pool',
        ruleId: plan.ruleId,
        poolId: pools.poolId,
        repId: pools.repId,
        queue: null,
        reason: `${plan.reason}: pool ${pools.poolId}${overflow} → ${pools.repId}`,
        routedAt: now,
        claimedAccount: claim,
      };
    } else {
      write = fallbackWrite(
        playbook,
        `${plan.reason}: nobody available in ${plan.poolIds.join(', ')}`,
        plan.ruleId,
        now,
      );
    }
  } else {
    write = fallbackWrite(playbook, plan.reason, null, ctx.clock());
  }

  const trace = {
    note: ctx.note,
    rules: plan.trace,
    pools: pools?.pools ?? [],
    claimed_account: write.claimedAccount,
  };
  await sql`
    WITH assignment AS (
      INSERT INTO routing_assignments (person_id, rule_id, via, pool_id, rep_id, queue, captured_at, routed_at, assigned_at,
                                       reason, trace, event_id, playbook_version_id)
      VALUES (${ctx.person.id}, ${write.ruleId}, ${write.via}, ${write.poolId}, ${write.repId}, ${write.queue}, ${ctx.capturedAt},
              ${write.routedAt}, ${write.repId ? write.routedAt : null}, ${write.reason}, ${JSON.stringify(trace)}::jsonb,
              ${ctx.eventId}, ${playbook.version.id})
    ), claimed AS (
      UPDATE accounts SET owner_rep_id = ${write.repId}, updated_at = ${write.routedAt}
       WHERE ${write.claimedAccount} AND id = ${ctx.account?.id ?? null}::uuid AND owner_rep_id IS NULL
    )
    UPDATE people SET owner_rep_id = COALESCE(${write.repId}, owner_rep_id), owner_queue = ${write.queue}
     WHERE id = ${ctx.person.id}`.execute(trx);

  const who =
    `${String(ctx.person.fields.first_name ?? '')} ${String(ctx.person.fields.last_name ?? '')}`.trim() ||
    ctx.person.email;
  await enqueue(trx, [
    write.repId
      ? {
          task: 'notify-owner',
          payload: {
            personId: ctx.person.id,
            repId: write.repId,
            stage: ctx.person.stage,
            reason: write.reason,
            who,
          },
        }
      : {
          task: 'alert-unrouted',
          payload: { personId: ctx.person.id, queue: write.queue, reason: write.reason, who },
        },
  ]);
  return write;
}

function fallbackWrite(
  playbook: CompiledPlaybook,
  reason: string,
  ruleId: string | null,
  routedAt: Date,
): RoutingWrite {
  const queue = playbook.source.routing.fallback.queue;
  return {
    via: 'fallback',
    ruleId,
    poolId: null,
    repId: null,
    queue,
    reason: `${reason} → fallback queue ${queue}`,
    routedAt,
    claimedAccount: false,
  };
}

async function lockPoolStates(trx: Transaction<DB>, poolIds: string[]): Promise<PoolMemberState[]> {
  const { rows } = await sql<{
    pool_id: string;
    rep_id: string;
    rr_current: number;
    day_key: string | null;
    day_count: number;
    total_count: number;
    last_assigned_at: Date | null;
  }>`
    SELECT pool_id, rep_id, rr_current, day_key, day_count, total_count, last_assigned_at
      FROM pool_members WHERE pool_id = ANY(${poolIds}::text[])
     ORDER BY pool_id, rep_id
       FOR UPDATE`.execute(trx);
  return rows.map((r) => ({
    poolId: r.pool_id,
    repId: r.rep_id,
    rrCurrent: r.rr_current,
    dayKey: r.day_key,
    dayCount: r.day_count,
    totalCount: r.total_count,
    lastAssignedAt: r.last_assigned_at,
  }));
}

async function savePoolStates(trx: Transaction<DB>, updates: PoolMemberState[]): Promise<void> {
  if (updates.length === 0) return;
  await sql`
    UPDATE pool_members m SET rr_current = u."rrCurrent", day_key = u."dayKey", day_count = u."dayCount",
           total_count = u."totalCount", last_assigned_at = u."lastAssignedAt"
      FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
        AS u("poolId" text, "repId" text, "rrCurrent" bigint, "dayKey" text, "dayCount" int, "totalCount" bigint, "lastAssignedAt" timestamptz)
     WHERE m.pool_id = u."poolId" AND m.rep_id = u."repId"`.execute(trx);
}
