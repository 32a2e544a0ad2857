import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MopsError } from '../src/errors.ts';
import { judgedPairs, queueReview } from '../src/merges/merge.store.ts';
import { mergePeople } from '../src/merges/merge-people.ts';
import { undoMerge } from '../src/merges/undo-merge.ts';
import { getPersonView, getTimeline } from '../src/stores/people.query.ts';
import { runMops } from './cli-helpers.ts';
import {
  authHeader,
  createTestApp,
  demoRequest,
  NO_ORPHAN_LOG_ROWS,
  orphanLogRows,
  type TestApp,
} from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function submit(body: Record<string, unknown>, form = 'demo-request'): Promise<string> {
  const res = await t.request(`/v1/forms/${form}/submissions`, { method: 'POST', json: body });
  expect(res.status).toBe(201);
  return ((await res.json()) as { person_id: string }).person_id;
}

const row = async (id: string) =>
  (await t.database.pool.query('SELECT * FROM people WHERE id = $1', [id])).rows[0];
const drift = async () => (await t.database.pool.query('SELECT * FROM score_ledger_drift')).rows;

async function pair(tag: string) {
  const older = await submit(
    demoRequest({
      email: `bob.${tag}@mergeco.com`,
      first_name: 'Bob',
      last_name: 'Smith',
      title: 'Mgr',
      phone: '',
    }),
  );
  t.clock.advance(60_000);
  const newer = await submit(
    demoRequest({
      email: `robert.${tag}@mergeco.com`,
      first_name: 'Robert',
      last_name: 'Smith',
      title: 'Marketing Manager',
      phone: '+1 415 555 0142',
    }),
  );
  // Some engagement on the newer record, to see it carried over and back.
  await t.request('/v1/events', {
    method: 'POST',
    headers: authHeader,
    json: {
      batch: [
        {
          type: 'track',
          email: `robert.${tag}@mergeco.com`,
          event: 'page_view',
          properties: { path: '/pricing' },
        },
      ],
    },
  });
  return { older, newer };
}

describe('merging two records of one person', () => {
  it('keeps the older record, applies survivorship, and leaves a tombstone that still resolves', async () => {
    const { older, newer } = await pair('a');
    const engagementBefore = Number((await row(newer)).engagement_score);
    const olderEngagement = Number((await row(older)).engagement_score);
    expect(engagementBefore).toBeGreaterThan(0);
    const outcome = await mergePeople(
      t.database.pool,
      t.runtime.current(),
      { personA: newer, personB: older, probability: 0.97, evidence: { fields: [] }, actor: 'test' },
      t.clock(),
    );
    expect(outcome).toMatchObject({ survivorId: older, mergedId: newer });
    const survivor = await row(older);
    // Example playbook: title most_complete, phone source_priority (both forms), default most recent.
    expect(survivor).toMatchObject({ first_name: 'Robert', title: 'Marketing Manager' });
    expect(survivor.phone).toBeTruthy();
    expect(Number(survivor.engagement_score)).toBeCloseTo(olderEngagement + engagementBefore);
    const tomb = await row(newer);
    expect(tomb).toMatchObject({ merged_into: older });
    expect(Number(tomb.engagement_score)).toBe(0);
    expect(await drift()).toEqual([]);

    // The merged email now finds the survivor: a new submission creates nobody.
    const again = await submit(
      demoRequest({ email: 'robert.a@mergeco.com', first_name: 'Robert', last_name: 'Smith' }),
    );
    expect(again).toBe(older);
    const view = await getPersonView(t.database.db, { email: 'robert.a@mergeco.com' });
    expect(view).toMatchObject({ id: older, merged_records: [{ id: newer, email: 'robert.a@mergeco.com' }] });
    const timeline = await getTimeline(t.database.db, older);
    expect(timeline.filter((i) => i.kind === 'event').length).toBeGreaterThanOrEqual(3);
    expect(timeline.some((i) => i.kind === 'decision' && i.summary.includes('merge'))).toBe(true);
  });

  it('undo separates them again and puts fields, stage and engagement back', async () => {
    const { older, newer } = await pair('b');
    const before = await row(older);
    const newerBefore = await row(newer);
    const merged = await mergePeople(
      t.database.pool,
      t.runtime.current(),
      { personA: older, personB: newer, probability: 0.96, evidence: null, actor: 'test' },
      t.clock(),
    );
    const undone = await undoMerge(t.database.pool, t.runtime.current(), merged.mergeId, 'test', t.clock());
    expect(undone.restored).toEqual(expect.arrayContaining(['first_name', 'title']));
    const survivor = await row(older);
    expect(survivor).toMatchObject({
      first_name: before.first_name,
      title: before.title,
      stage: before.stage,
      merged_into: null,
    });
    expect(Number(survivor.engagement_score)).toBe(Number(before.engagement_score));
    const separated = await row(newer);
    expect(separated.merged_into).toBeNull();
    expect(Number(separated.engagement_score)).toBe(Number(newerBefore.engagement_score));
    expect(await drift()).toEqual([]);
    // The pair is remembered as two different people.
    const { rows } = await t.database.pool.query(
      "SELECT status FROM merge_reviews WHERE LEAST(person_a, person_b) = LEAST($1::uuid, $2::uuid) AND status = 'rejected'",
      [older, newer],
    );
    expect(rows).toHaveLength(1);
    expect(
      await queueReview(
        t.database.db,
        { a: newer, b: older, probability: 0.9, evidence: {}, foundBy: 'test' },
        t.clock(),
      ),
    ).toBe(false);
    await expect(
      undoMerge(t.database.pool, t.runtime.current(), merged.mergeId, 'test', t.clock()),
    ).rejects.toThrow(/already undone/);
  });

  it.each([
    ['itself', (a: string) => [a, a], /itself/],
    ['a person that does not exist', (a: string) => [a, '01a2a2a2-0000-7000-8000-000000000000'], /no person/],
    ['a non-id', (a: string) => [a, "x'; DROP TABLE people;--"], /not a person id/],
  ])('refuses to merge with %s', async (_name, ids, message) => {
    const id = await submit(demoRequest());
    const [a, b] = ids(id) as [string, string];
    const error = await mergePeople(
      t.database.pool,
      t.runtime.current(),
      { personA: a, personB: b, probability: null, evidence: null, actor: 'test' },
      t.clock(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MopsError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a record that is already merged', async () => {
    const { older, newer } = await pair('c');
    const third = await submit(demoRequest());
    await mergePeople(
      t.database.pool,
      t.runtime.current(),
      { personA: older, personB: newer, probability: null, evidence: null, actor: 'test' },
      t.clock(),
    );
    await expect(
      mergePeople(
        t.database.pool,
        t.runtime.current(),
        { personA: newer, personB: third, probability: null, evidence: null, actor: 'test' },
        t.clock(),
      ),
    ).rejects.toThrow(/already merged/);
  });
});

describe('mops merge (CLI)', () => {
  it('merges by email, lists, shows and undoes', async () => {
    await pair('cli');
    const env = { DATABASE_URL: t.database.url };
    const merged = await runMops(
      ['merge', 'people', 'bob.cli@mergeco.com', 'robert.cli@mergeco.com', '--json'],
      env,
    );
    expect(merged.code).toBe(0);
    const outcome = JSON.parse(merged.stdout) as { mergeId: string; survivorEmail: string };
    expect(outcome.survivorEmail).toBe('bob.cli@mergeco.com');
    const list = await runMops(['merge', 'list'], env);
    expect(list.stdout).toContain('robert.cli@mergeco.com → bob.cli@mergeco.com');
    const show = await runMops(['merge', 'show', outcome.mergeId], env);
    expect(show.stdout).toMatch(/first_name: Robert \(most_recent/);
    const undo = await runMops(['merge', 'undo', outcome.mergeId], env);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain('is a person of its own again');
    const again = await runMops(['merge', 'undo', outcome.mergeId], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already undone');
  });
});

describe('judged pairs', () => {
  it('are looked up for more people than one statement can carry parameters', async () => {
    const [a, b] = [
      await submit(demoRequest({ email: 'judged.a@pairs.example' })),
      await submit(demoRequest({ email: 'judged.b@pairs.example' })),
    ];
    await queueReview(t.database.db, { a, b, probability: 0.7, evidence: {}, foundBy: 'test' }, new Date());
    const ids = [...Array.from({ length: 70_000 }, () => randomUUID()), b];
    expect([...(await judgedPairs(t.database.db, ids))]).toEqual([a < b ? `${a}|${b}` : `${b}|${a}`]);
  });
});

describe('explanation logs after every test above', () => {
  it('point only at people and accounts that exist', async () => {
    expect(await orphanLogRows(t.database)).toEqual(NO_ORPHAN_LOG_ROWS);
  });
});
