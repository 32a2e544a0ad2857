import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergePeople } from '../src/merges/merge-people.ts';
import { refreshPersonOrigins } from '../src/reports/person-origins.ts';
import { originalTouchLateral } from '../src/reports/report-sql.ts';
import {
  applyPlaybookText,
  authHeader,
  createTestApp,
  DESKTOP_USER_AGENT,
  demoRequest,
  examplePlaybookText,
  type TestApp,
} from './helpers.ts';

// The stored original touch must always equal what the person's touches say now: after stitching,
// after new touches, after a merge, after the playbook's rule changes. Each step is checked against
// the per-person computation it replaces.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const origin = async (email: string) => {
  await refreshPersonOrigins(t.database.db, t.runtime.current());
  const { rows } = await t.database.pool.query<{ channel: string | null; rule: string }>(
    `SELECT o.channel, o.rule FROM people p LEFT JOIN person_origins o ON o.person_id = p.id WHERE p.email = $1`,
    [email],
  );
  return rows[0];
};

/** person_origins agrees with the live computation for every live person. */
async function expectOriginsAgree() {
  await refreshPersonOrigins(t.database.db, t.runtime.current());
  const { rows } = await t.database.pool.query<{ email: string; stored: string | null; live: string | null }>(
    `SELECT p.email, po.channel AS stored, o.original_channel AS live
       FROM people p ${originalTouchLateral(t.runtime.current()).compile(t.database.db).sql}
       LEFT JOIN person_origins po ON po.person_id = p.id
      WHERE p.merged_into IS NULL`,
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row.stored, row.email).toBe(row.live);
  const tombstones = await t.database.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM person_origins o JOIN people p ON p.id = o.person_id WHERE p.merged_into IS NOT NULL',
  );
  expect(tombstones.rows[0]?.n).toBe(0);
  await expectJourneyTouchesAgree();
}

/** journey_touches holds exactly the identified touches, row for row (refreshed just before). */
async function expectJourneyTouchesAgree() {
  const { rows } = await t.database.pool.query<{ missing: number; extra: number; held: number }>(
    `WITH live AS (SELECT person_id, occurred_at, event_id, type, channel, campaign_id FROM touches WHERE person_id IS NOT NULL),
          held AS (SELECT person_id, occurred_at, event_id, type, channel, campaign_id FROM journey_touches)
     SELECT (SELECT count(*)::int FROM (SELECT * FROM live EXCEPT ALL SELECT * FROM held) m) AS missing,
            (SELECT count(*)::int FROM (SELECT * FROM held EXCEPT ALL SELECT * FROM live) x) AS extra,
            (SELECT count(*)::int FROM held) AS held`,
  );
  expect(rows[0]).toMatchObject({ missing: 0, extra: 0 });
  expect(rows[0]?.held).toBeGreaterThan(0);
}

async function touch(email: string, at: string, channel: string) {
  await t.database.pool.query(
    `INSERT INTO events (person_id, type, occurred_at, received_at, source, channel)
     VALUES ((SELECT id FROM people WHERE email = $1), 'page_view', $2, $2, 'tracking', $3)`,
    [email, at, channel],
  );
}

describe('person origins', () => {
  it('follow stitching, new touches, merges and the playbook rule', async () => {
    // A browser arrives from a LinkedIn ad, then fills the demo form: its history is stitched.
    const visitor = randomUUID();
    const tracked = await t.request('/v1/t', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': DESKTOP_USER_AGENT },
      body: JSON.stringify({
        v: 1,
        batch_id: randomUUID(),
        visitor_id: visitor,
        events: [
          {
            event_id: 'e1',
            type: 'page_view',
            url: 'https://www.northwind.example/?utm_source=linkedin&utm_medium=paid_social&utm_campaign=2026-11_paid_social_na_demo-push',
          },
        ],
      }),
    });
    expect(tracked.status).toBe(200);
    const first = demoRequest({ mops_visitor_id: visitor });
    expect(
      (await t.request('/v1/forms/demo-request/submissions', { method: 'POST', json: first })).status,
    ).toBe(201);
    expect(await origin(first.email as string)).toMatchObject({ channel: 'paid_social' });

    // Someone whose only touch so far is the form itself (direct) …
    const second = demoRequest();
    const email = second.email as string;
    expect(
      (await t.request('/v1/forms/demo-request/submissions', { method: 'POST', json: second })).status,
    ).toBe(201);
    expect(await origin(email)).toMatchObject({ channel: 'direct', rule: 'first_non_direct' });
    // … then clicks a search ad: under first_non_direct that becomes the original source.
    await touch(email, '2026-11-24T10:00:00Z', 'paid_search');
    expect(await origin(email)).toMatchObject({ channel: 'paid_search' });
    await expectOriginsAgree();

    // A touch later found to be a bot leaves the journeys; one linked to a campaign carries it.
    await touch(email, '2026-11-25T10:00:00Z', 'paid_social');
    await expectOriginsAgree();
    await t.database.pool.query(
      `UPDATE events SET is_bot = true WHERE channel = 'paid_social' AND occurred_at = '2026-11-25T10:00:00Z'`,
    );
    const campaign = await t.database.pool.query<{ id: string }>('SELECT id FROM campaigns LIMIT 1');
    await t.database.pool.query(`UPDATE events SET campaign_id = $1 WHERE channel = 'paid_search'`, [
      campaign.rows[0]?.id,
    ]);
    await expectOriginsAgree();
    // A touch re-typed (as a correction would) changes which touch types a journey counts.
    await t.database.pool.query(`UPDATE events SET type = 'email_click' WHERE channel = 'paid_search'`);
    await expectOriginsAgree();

    // A duplicate record with an earlier email touch is merged into the second person.
    const duplicate = demoRequest({ email: `dup.${randomUUID().slice(0, 6)}@globex.example` });
    expect(
      (await t.request('/v1/forms/demo-request/submissions', { method: 'POST', json: duplicate })).status,
    ).toBe(201);
    await touch(duplicate.email as string, '2026-11-01T10:00:00Z', 'email');
    const ids = await t.database.pool.query<{ id: string; email: string }>(
      'SELECT id, email FROM people WHERE email = ANY($1)',
      [[email, duplicate.email]],
    );
    const idOf = (e: unknown) => ids.rows.find((r) => r.email === e)?.id as string;
    await mergePeople(
      t.database.pool,
      t.runtime.current(),
      {
        personA: idOf(email),
        personB: idOf(duplicate.email),
        probability: null,
        evidence: null,
        actor: 'test',
      },
      t.clock(),
    );
    const survivor = (
      await t.database.pool.query<{ email: string }>(
        'SELECT email FROM people WHERE id = ANY($1) AND merged_into IS NULL',
        [[idOf(email), idOf(duplicate.email)]],
      )
    ).rows[0]?.email as string;
    expect(await origin(survivor)).toMatchObject({ channel: 'email' });
    await expectOriginsAgree();

    // The rule changes to first_touch: everyone is recomputed under it.
    await applyPlaybookText(
      t.database,
      examplePlaybookText().replace('original_source: first_non_direct', 'original_source: first_touch'),
    );
    await t.runtime.refresh();
    const rebuilt = await refreshPersonOrigins(t.database.db, t.runtime.current());
    expect(rebuilt.rebuilt).toBe(true);
    expect(await origin(first.email as string)).toMatchObject({ rule: 'first_touch' });
    await expectOriginsAgree();
  });

  it('feeds the funnel by channel', async () => {
    const response = await t.request('/v1/reports/funnel?since=30d&group_by=channel', {
      headers: authHeader,
    });
    const report = (await response.json()) as {
      tables: { rows: { group: string; stage: string; reached: number }[] }[];
    };
    const known = report.tables[0]?.rows.filter((r) => r.stage === 'known' && r.group !== '(total)');
    expect(known?.reduce((s, r) => s + r.reached, 0)).toBe(2);
  });
});
