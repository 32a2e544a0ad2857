import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { UUID_PATTERN } from '../ids.ts';
import type { CampaignRow } from './campaign.store.ts';
import { FieldErrors, readEnum, readText, readTimestamp } from './parse-values.ts';

export const MEMBER_STATUSES = ['targeted', 'engaged', 'responded'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
const RANK: Record<MemberStatus, number> = { targeted: 0, engaged: 1, responded: 2 };

/** Members per request: enough for a list upload, small enough to hold one transaction briefly. */
export const MAX_MEMBERS_PER_REQUEST = 1000;

export interface MemberInput {
  personId?: string;
  email?: string;
  status: MemberStatus;
  at: Date;
}

export interface MemberOutcome {
  person_id: string;
  status: MemberStatus;
  previous_status: MemberStatus | null;
  /** added, advanced (status moved forward), kept (a same or earlier status: timestamps only). */
  outcome: 'added' | 'advanced' | 'kept';
}

/** Reads `{ members: [{ person_id | email, status, at? }] }`, every problem listed with its index. */
export function readMembers(
  body: Record<string, unknown>,
  now: Date,
): { members: MemberInput[]; source?: string } {
  const errors = new FieldErrors();
  const list = body.members;
  if (!Array.isArray(list) || list.length === 0) {
    errors.add(
      'members',
      'REQUIRED',
      'members must be a non-empty list of {person_id or email, status, at?}',
    );
    errors.throwIfAny('members are invalid');
  }
  const items = list as unknown[];
  if (items.length > MAX_MEMBERS_PER_REQUEST) {
    errors.add(
      'members',
      'TOO_MANY',
      `at most ${MAX_MEMBERS_PER_REQUEST} members per request (got ${items.length})`,
    );
    errors.throwIfAny('members are invalid');
  }
  const members: MemberInput[] = [];
  // Five minutes of client clock skew is forgiven; later than that is a mistake.
  const latest = new Date(now.getTime() + 5 * 60_000);
  items.forEach((item, i) => {
    const path = `members[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.add(path, 'INVALID_TYPE', `${path} must be an object`);
      return;
    }
    const m = item as Record<string, unknown>;
    const personId = readText(errors, `${path}.person_id`, m.person_id, { max: 36 });
    if (personId !== undefined && !UUID_PATTERN.test(personId)) {
      errors.add(`${path}.person_id`, 'INVALID_ID', `${path}.person_id is not a person id (a UUID)`);
    }
    const email = readText(errors, `${path}.email`, m.email, { max: 254 });
    if (personId === undefined && email === undefined) {
      errors.add(path, 'REQUIRED', `${path} needs person_id or email`);
    }
    const status = readEnum(errors, `${path}.status`, m.status ?? 'targeted', MEMBER_STATUSES);
    const at = readTimestamp(errors, `${path}.at`, m.at, { notAfter: latest }) ?? now;
    if (status) members.push({ ...(personId ? { personId } : {}), ...(email ? { email } : {}), status, at });
  });
  const source = readText(errors, 'source', body.source, { max: 100 });
  errors.throwIfAny('members are invalid');
  return { members, ...(source ? { source } : {}) };
}

/**
 * Adds people to a campaign or moves them on. Status only moves forward (targeted → engaged →
 * responded); a same or earlier status only updates that status's first/last timestamps. Every
 * change of status writes a `decisions` row with its reason. All or nothing: an unknown person
 * fails the whole request and writes nothing.
 */
export async function recordMembers(
  db: Kysely<DB>,
  campaign: CampaignRow,
  members: MemberInput[],
  ctx: { source: string; now: Date; playbookVersionId: number | null },
): Promise<MemberOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const ids = await resolvePeople(trx, members, 'members');
    const outcomes: MemberOutcome[] = new Array(members.length);
    // Rows are locked in person order (a batch of membership jobs, an upload) so that two
    // writers never wait on each other in a circle; outcomes keep the request's order.
    // (Stable: one person listed twice keeps their entries in the request's order.)
    const idOf = (i: number) => ids[i] as string;
    const order = members
      .map((_, i) => i)
      .sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
    for (const i of order) {
      const member = members[i] as MemberInput;
      const personId = ids[i] as string;
      const first = sql.ref(`first_${member.status}_at`);
      const last = sql.ref(`last_${member.status}_at`);
      // Insert first: a concurrent request for the same person waits on the unique key and then
      // finds the row, so exactly one of them records "added".
      const inserted = await sql`
        INSERT INTO campaign_members (campaign_id, person_id, status, ${first}, ${last}, source, created_at, updated_at)
        VALUES (${campaign.id}, ${personId}, ${member.status}, ${member.at}, ${member.at}, ${ctx.source}, ${ctx.now}, ${ctx.now})
        ON CONFLICT (campaign_id, person_id) DO NOTHING
        RETURNING status`.execute(trx);
      let previous: MemberStatus | null = null;
      let next = member.status;
      if (inserted.rows.length === 0) {
        const { rows } = await sql<{ status: MemberStatus }>`
          SELECT status FROM campaign_members
           WHERE campaign_id = ${campaign.id} AND person_id = ${personId} FOR UPDATE`.execute(trx);
        previous = (rows[0] as { status: MemberStatus }).status;
        next = RANK[previous] >= RANK[member.status] ? previous : member.status;
        await sql`
          UPDATE campaign_members SET status = ${next},
                 ${first} = LEAST(${first}, ${member.at}), ${last} = GREATEST(${last}, ${member.at}),
                 updated_at = ${ctx.now}
           WHERE campaign_id = ${campaign.id} AND person_id = ${personId}`.execute(trx);
      }
      const outcome = previous === null ? 'added' : next !== previous ? 'advanced' : 'kept';
      if (outcome !== 'kept') {
        const reason =
          previous === null
            ? `added to campaign ${campaign.name} as ${next} (${ctx.source})`
            : `moved from ${previous} to ${next} in campaign ${campaign.name} (${ctx.source})`;
        await sql`
          INSERT INTO decisions (person_id, kind, reason, inputs, outputs, playbook_version_id, created_at)
          VALUES (${personId}, 'campaign_member', ${reason},
                  ${JSON.stringify({ campaign_id: campaign.id, reported_status: member.status, at: member.at, source: ctx.source })},
                  ${JSON.stringify({ from: previous, to: next })}, ${ctx.playbookVersionId}, ${ctx.now})`.execute(
          trx,
        );
      }
      outcomes[i] = { person_id: personId, status: next, previous_status: previous, outcome };
    }
    return outcomes;
  });
}

/**
 * Person ids for references by id or email, following merges to the survivor. Unknown people are
 * VALIDATION_FAILED naming each (`members[3]`), so the caller writes nothing.
 */
export async function resolvePeople(
  db: Kysely<DB>,
  refs: readonly { personId?: string; email?: string }[],
  path: string,
): Promise<string[]> {
  const ids = await lookupPeople(db, refs);
  const missing = ids.flatMap((id, i) => (id === null ? [i] : []));
  if (missing.length > 0) {
    throw new MopsError(
      'VALIDATION_FAILED',
      `${missing.length} of ${path} ${missing.length > 1 ? 'are not known people' : 'is not a known person'} (first: ${path}[${missing[0]}]); nothing was recorded`,
      missing.slice(0, 100).map((i) => ({
        path: `${path}[${i}]`,
        code: 'PERSON_NOT_FOUND',
        message: `no person ${refs[i]?.personId ?? refs[i]?.email ?? ''}`.slice(0, 300),
      })),
    );
  }
  return ids as string[];
}

/** Person ids (the survivor's, for a merged record) by id or email, in one query; null when unknown. */
export async function lookupPeople(
  db: Kysely<DB>,
  refs: readonly { personId?: string; email?: string }[],
): Promise<(string | null)[]> {
  if (refs.length === 0) return [];
  const ids = refs.map((m) => m.personId?.toLowerCase() ?? null);
  const emails = refs.map((m) => (m.personId ? null : (m.email?.trim().toLowerCase() ?? null)));
  // Merges repoint chains (a survivor merged later passes its tombstones on), so one hop is enough.
  const { rows } = await sql<{ i: number; id: string | null }>`
    SELECT w.i::int AS i, COALESCE(a.merged_into, a.id, b.merged_into, b.id) AS id
      FROM unnest(${ids}::uuid[], ${emails}::text[]) WITH ORDINALITY AS w(id, email, i)
      LEFT JOIN people a ON a.id = w.id
      LEFT JOIN people b ON w.id IS NULL AND b.email = w.email
     ORDER BY w.i`.execute(db);
  return rows.map((r) => r.id);
}
