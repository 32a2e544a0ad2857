import { createHash } from 'node:crypto';
import {
  type CompiledPlaybook,
  companyMatchKey,
  compilePlaybook,
  diffPlaybooks,
  type Playbook,
  type PlaybookChange,
} from '@mops/core';
import { type Kysely, sql, type Transaction } from 'kysely';
import { syncPlaybookCampaigns } from '../campaigns/sync-playbook-campaigns.ts';
import type { DB } from '../db/schema.ts';
import { newId } from '../ids.ts';

export interface StoredPlaybook {
  id: number;
  hash: string;
  playbook: Playbook;
  sourceFile: string | null;
  appliedAt: Date;
  appliedBy: string;
}

export const hashPlaybookSource = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function currentPlaybook(db: Kysely<DB>): Promise<StoredPlaybook | null> {
  const row = await db
    .selectFrom('playbook_versions')
    .select(['id', 'hash', 'playbook', 'source_file', 'applied_at', 'applied_by'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    hash: row.hash,
    playbook: row.playbook as unknown as Playbook,
    sourceFile: row.source_file,
    appliedAt: row.applied_at,
    appliedBy: row.applied_by,
  };
}

export async function currentVersionId(db: Kysely<DB>): Promise<number | null> {
  const row = await db
    .selectFrom('playbook_versions')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface ApplyResult {
  version: StoredPlaybook;
  applied: boolean;
  changes: PlaybookChange[];
}

// Serialises concurrent applies so versions and projections stay in step.
const APPLY_LOCK = 4_100_002;

/**
 * Stores a new playbook version (unless the same text is already current) and projects it onto
 * the reps, pools and named-account tables that routing reads, in one transaction.
 */
export async function applyPlaybook(
  db: Kysely<DB>,
  input: { text: string; playbook: Playbook; sourceFile: string | null; actor: string },
): Promise<ApplyResult> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${APPLY_LOCK})`.execute(trx);
    const hash = hashPlaybookSource(input.text);
    const current = await currentPlaybook(trx);
    const changes = diffPlaybooks(current?.playbook ?? {}, input.playbook);
    if (current && current.hash === hash) return { version: current, applied: false, changes: [] };
    const row = await trx
      .insertInto('playbook_versions')
      .values({
        hash,
        source_yaml: input.text,
        playbook: JSON.stringify(input.playbook),
        source_file: input.sourceFile,
        applied_by: input.actor,
      })
      .returning(['id', 'applied_at'])
      .executeTakeFirstOrThrow();
    await projectPlaybook(trx, input.playbook, row.id);
    await syncPlaybookCampaigns(trx, input.playbook, row.id, input.actor, new Date());
    await trx
      .insertInto('audit_log')
      .values({
        actor: input.actor,
        action: 'playbook.apply',
        target: `v${row.id}`,
        details: JSON.stringify({
          hash,
          source_file: input.sourceFile,
          changes: changes.length,
          summary: changes.slice(0, 200),
        }),
      })
      .execute();
    return {
      version: {
        id: row.id,
        hash,
        playbook: input.playbook,
        sourceFile: input.sourceFile,
        appliedAt: row.applied_at,
        appliedBy: input.actor,
      },
      applied: true,
      changes,
    };
  });
}

async function projectPlaybook(trx: Transaction<DB>, pb: Playbook, versionId: number): Promise<void> {
  await trx.updateTable('reps').set({ in_playbook: false }).execute();
  for (const rep of pb.reps) {
    const values = {
      name: rep.name,
      email: rep.email,
      timezone: rep.timezone,
      hours: rep.hours,
      out_of_office: JSON.stringify(rep.out_of_office),
      active: rep.active,
      in_playbook: true,
      playbook_version_id: versionId,
      updated_at: new Date(),
    };
    await trx
      .insertInto('reps')
      .values({ id: rep.id, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }
  await trx.updateTable('pools').set({ in_playbook: false }).execute();
  await trx.updateTable('pool_members').set({ in_pool: false }).execute();
  for (const [poolId, pool] of Object.entries(pb.routing.pools)) {
    const values = {
      strategy: pool.strategy,
      config: JSON.stringify(pool),
      in_playbook: true,
      playbook_version_id: versionId,
      updated_at: new Date(),
    };
    await trx
      .insertInto('pools')
      .values({ id: poolId, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    for (const [position, member] of pool.members.entries()) {
      // Counters survive a re-apply: changing a weight must not reset who is next.
      await trx
        .insertInto('pool_members')
        .values({
          pool_id: poolId,
          rep_id: member.rep,
          position,
          weight: member.weight,
          in_pool: true,
          day_key: null,
          last_assigned_at: null,
        })
        .onConflict((oc) =>
          oc.columns(['pool_id', 'rep_id']).doUpdateSet({ position, weight: member.weight, in_pool: true }),
        )
        .execute();
    }
  }
  await trx.updateTable('accounts').set({ named: false }).where('named', '=', true).execute();
  for (const account of pb.accounts) {
    const domain = account.domain.toLowerCase();
    const values = {
      named: true,
      ...(account.name !== undefined
        ? { name: account.name, name_key: companyMatchKey(account.name) || null }
        : {}),
      ...(account.employees !== undefined ? { employees: account.employees } : {}),
      ...(account.industry !== undefined ? { industry: account.industry } : {}),
      ...(account.country !== undefined ? { country: account.country } : {}),
      ...(account.owner !== undefined ? { owner_rep_id: account.owner } : {}),
      updated_at: new Date(),
    };
    await trx
      .insertInto('accounts')
      .values({
        id: newId(),
        domain,
        source: 'playbook',
        name: null,
        employees: null,
        industry: null,
        country: null,
        owner_rep_id: null,
        ...values,
      })
      .onConflict((oc) => oc.column('domain').doUpdateSet(values))
      .execute();
  }
}

export function compileStored(stored: StoredPlaybook): CompiledPlaybook {
  return compilePlaybook(stored.playbook, { id: stored.id, hash: stored.hash });
}
