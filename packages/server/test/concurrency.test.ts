import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, createTestApp, demoRequest, type TestApp } from './helpers.ts';

const SUBMIT = '/v1/forms/demo-request/submissions';

// Only the NA pool, weighted 2:1:1, no caps: the spread must follow the weights exactly.
const playbookWithOnePool = (text: string) =>
  text
    .replace('      daily_cap: 40\n    emea:', '    emea:')
    .replace(/\n {4}- id: existing-owner[\s\S]*?(?=\n {4}- id: north-america)/, '');

describe('concurrent submissions', () => {
  let t: TestApp;
  beforeAll(async () => {
    const { examplePlaybookText } = await import('./helpers.ts');
    // 18:00 UTC on a Monday: Chicago, New York and Los Angeles are all at work.
    t = await createTestApp({
      playbook: playbookWithOnePool(examplePlaybookText()),
      now: '2026-11-23T18:00:00Z',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (body: Record<string, unknown>, i: number) =>
    t.request(SUBMIT, {
      method: 'POST',
      json: body,
      headers: { 'x-forwarded-for': `10.1.${Math.floor(i / 250)}.${i % 250}` },
    });

  it('of one email create exactly one person, and its scores still equal its ledger', async () => {
    const body = demoRequest({ email: 'same.person@initech.example' });
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => post(body, i)));
    expect(responses.map((r) => r.status).every((s) => s === 201)).toBe(true);
    const ids = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as { person_id: string }).person_id)),
    );
    expect(ids.size).toBe(1);
    const { rows } = await t.database.pool.query(
      "SELECT count(*)::int AS n FROM people WHERE email = 'same.person@initech.example'",
    );
    expect(rows[0].n).toBe(1);
    const events = await t.database.pool.query('SELECT count(*)::int AS n FROM events WHERE person_id = $1', [
      [...ids][0],
    ]);
    expect(events.rows[0].n).toBe(30);
    const drift = await t.database.pool.query('SELECT * FROM score_ledger_drift');
    expect(drift.rows).toEqual([]);
    const routed = await t.database.pool.query(
      'SELECT count(*)::int AS n FROM routing_assignments WHERE person_id = $1',
      [[...ids][0]],
    );
    expect(routed.rows[0].n).toBe(1);
  });

  it('of 100 simultaneous MQLs are spread by the pool weights, not piled on one rep', async () => {
    const bodies = Array.from({ length: 100 }, (_, i) =>
      demoRequest({ email: `lead${i}@company-${i}.example`, company: `Company ${i}` }),
    );
    const responses = await Promise.all(bodies.map((b, i) => post(b, i + 1000)));
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const { rows } = await t.database.pool.query<{ rep_id: string; n: number }>(
      "SELECT rep_id, count(*)::int AS n FROM routing_assignments WHERE pool_id = 'na' AND person_id IN (SELECT id FROM people WHERE email LIKE 'lead%@company-%') GROUP BY rep_id ORDER BY rep_id",
    );
    const spread = Object.fromEntries(rows.map((r) => [r.rep_id, r.n]));
    // lowest_count with weights dana 2, eli 1, fay 1 → 50 / 25 / 25. Claims on a pool are
    // serialised, so each sees every earlier one; ±2 allows for the one lead of the previous test.
    expect(Object.keys(spread).sort(), JSON.stringify(spread)).toEqual(['dana', 'eli', 'fay']);
    expect(Math.abs((spread.dana ?? 0) - 50)).toBeLessThanOrEqual(2);
    expect(Math.abs((spread.eli ?? 0) - 25)).toBeLessThanOrEqual(2);
    expect(Math.abs((spread.fay ?? 0) - 25)).toBeLessThanOrEqual(2);
    const people = await t.database.pool.query(
      "SELECT count(*)::int AS n FROM people WHERE email LIKE 'lead%@company-%' AND owner_rep_id IS NULL",
    );
    expect(people.rows[0].n).toBe(0);
    // The pool's counters agree with the assignments: no turn was taken twice or lost.
    const counters = await t.database.pool.query<{ rep_id: string; total_count: number }>(
      "SELECT rep_id, total_count::int FROM pool_members WHERE pool_id = 'na' ORDER BY rep_id",
    );
    const assigned = await t.database.pool.query<{ rep_id: string; n: number }>(
      "SELECT rep_id, count(*)::int AS n FROM routing_assignments WHERE pool_id = 'na' GROUP BY rep_id ORDER BY rep_id",
    );
    expect(counters.rows.map((r) => [r.rep_id, r.total_count])).toEqual(
      assigned.rows.map((r) => [r.rep_id, r.n]),
    );
  });

  it('then settle back to the exact weights as leads keep arriving one at a time', async () => {
    for (let i = 0; i < 40; i++) {
      const response = await post(
        demoRequest({ email: `steady${i}@steady-${i}.example`, company: `Steady ${i}` }),
        5000 + i,
      );
      expect(response.status).toBe(201);
    }
    const { rows } = await t.database.pool.query<{ rep_id: string; n: number }>(
      "SELECT rep_id, count(*)::int AS n FROM routing_assignments WHERE pool_id = 'na' GROUP BY rep_id ORDER BY rep_id",
    );
    const total = rows.reduce((s, r) => s + r.n, 0);
    const spread = Object.fromEntries(rows.map((r) => [r.rep_id, r.n]));
    // Lowest count today per unit of weight: once the burst is caught up, counts sit at 2:1:1 (±1).
    expect(Math.abs((spread.dana ?? 0) - total / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs((spread.eli ?? 0) - total / 4)).toBeLessThanOrEqual(1);
    expect(Math.abs((spread.fay ?? 0) - total / 4)).toBeLessThanOrEqual(1);
  });

  it('of one known lead at the same instant apply once: one MQL transition, one assignment, capped engagement', async () => {
    // A frozen clock: the optimistic check must rest on a version, not on a timestamp that repeats.
    const email = 'known.lead@frozen-clock.example';
    const identify = await t.request('/v1/events', {
      method: 'POST',
      json: {
        batch: [
          {
            type: 'identify',
            message_id: 'frozen-1',
            email,
            traits: { first_name: 'Kim', company: 'Frozen' },
          },
        ],
      },
      headers: authHeader,
    });
    expect(((await identify.json()) as { accepted: number }).accepted).toBe(1);
    const body = demoRequest({ email, company: 'Frozen' });
    const responses = await Promise.all(Array.from({ length: 4 }, (_, i) => post(body, 9000 + i)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const q = async (sql: string) => (await t.database.pool.query(sql, [email])).rows[0];
    expect(
      await q(
        'SELECT count(*)::int AS n FROM routing_assignments WHERE person_id = (SELECT id FROM people WHERE email = $1)',
      ),
    ).toEqual({ n: 1 });
    expect(
      await q(
        "SELECT count(*)::int AS n FROM stage_transitions WHERE to_stage = 'mql' AND person_id = (SELECT id FROM people WHERE email = $1)",
      ),
    ).toEqual({ n: 1 });
    expect(await q('SELECT engagement_score::float8 AS e FROM people WHERE email = $1')).toEqual({ e: 100 });
    expect((await t.database.pool.query('SELECT * FROM score_ledger_drift')).rows).toEqual([]);
  });

  it('of forty events for one person at once are all accepted (queued per person, not failed)', async () => {
    const email = 'busy.person@frozen-clock.example';
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.request('/v1/events', {
          method: 'POST',
          json: { batch: [{ type: 'track', message_id: `busy-${i}`, email, event: 'email_click' }] },
          headers: authHeader,
        }),
      ),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const results = await Promise.all(
      responses.map(async (r) => ((await r.json()) as { accepted: number }).accepted),
    );
    expect(results.every((n) => n === 1)).toBe(true);
    const ledger = await t.database.pool.query(
      "SELECT count(*)::int AS n FROM score_ledger WHERE rule_id = 'email-click' AND person_id = (SELECT id FROM people WHERE email = $1)",
      [email],
    );
    expect(ledger.rows[0].n).toBe(5); // max_per_day: 5, however many arrive at once
    expect((await t.database.pool.query('SELECT * FROM score_ledger_drift')).rows).toEqual([]);
  });
});

describe('concurrent submissions with account-owner matching (the example playbook)', () => {
  let t: TestApp;
  beforeAll(async () => {
    const { examplePlaybookText } = await import('./helpers.ts');
    t = await createTestApp({ playbook: examplePlaybookText(), now: '2026-11-23T18:00:00Z' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('of colleagues from brand-new companies in one burst: one account each, all owned by the rep who claimed it', async () => {
    // Submitted together, these are handled in shared batches; colleagues must still see each
    // other exactly as if they had arrived one after the other.
    const bodies = Array.from({ length: 48 }, (_, i) =>
      demoRequest({ email: `colleague${i}@burst-${i % 8}.example`, company: `Burst ${i % 8}` }),
    );
    const responses = await Promise.all(
      bodies.map((b, i) =>
        t.request(SUBMIT, { method: 'POST', json: b, headers: { 'x-forwarded-for': `10.3.0.${i}` } }),
      ),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const { rows } = await t.database.pool.query<{ domain: string; accounts: number; owners: string[] }>(
      `SELECT a.domain, count(DISTINCT a.id)::int AS accounts,
              array_agg(DISTINCT p.owner_rep_id) AS owners, min(a.owner_rep_id) AS account_owner
         FROM people p JOIN accounts a ON a.id = p.account_id
        WHERE p.email LIKE 'colleague%@burst-%' GROUP BY a.domain ORDER BY a.domain`,
    );
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect(row.accounts).toBe(1);
      expect(row.owners, row.domain).toHaveLength(1);
      expect((row as unknown as { account_owner: string }).account_owner).toBe(row.owners[0]);
    }
    // One went through the pool per company; the other five were matched to the account owner.
    const via = await t.database.pool.query<{ via: string; n: number }>(
      `SELECT via, count(*)::int AS n FROM routing_assignments
        WHERE person_id IN (SELECT id FROM people WHERE email LIKE 'colleague%@burst-%') GROUP BY via ORDER BY via`,
    );
    expect(Object.fromEntries(via.rows.map((r) => [r.via, r.n]))).toEqual({ account_owner: 40, pool: 8 });
    expect((await t.database.pool.query('SELECT * FROM score_ledger_drift')).rows).toEqual([]);
  });
});
