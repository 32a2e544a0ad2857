import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEventPartitions } from '../src/jobs/tasks/event-partitions.task.ts';
import { createTestApp, demoRequest, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  // Partitions are made from the real start time (this month and three ahead), so the form below is
  // received now too; a clock pinned to another month would land it in the default partition.
  t = await createTestApp({ now: new Date().toISOString() });
});
afterAll(async () => {
  await t.close();
});

const partitions = async () =>
  (
    await t.database.pool.query<{ name: string }>(
      "SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'events'::regclass ORDER BY 1",
    )
  ).rows.map((r) => r.name);

const month = (at: Date) => `events_${at.toISOString().slice(0, 7).replace('-', '_')}`;

describe('events partitioned by month', () => {
  it('has this month and the next three made at start, plus a default that catches the rest', async () => {
    const names = await partitions();
    const now = new Date();
    for (let ahead = 0; ahead <= 3; ahead++) {
      expect(names).toContain(month(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1))));
    }
    expect(names).toContain('events_default');
  });

  it('stores a form submission in the partition of the month it was received', async () => {
    const response = await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'partitioned@initech.example' }),
    });
    expect(response.status).toBe(201);
    const { rows } = await t.database.pool.query<{ partition: string; received_at: Date }>(
      `SELECT tableoid::regclass::text AS partition, received_at FROM events
        WHERE person_id = (SELECT id FROM people WHERE email = 'partitioned@initech.example')`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.partition).toBe(month(rows[0]?.received_at as Date));
  });

  it('makes partitions ahead idempotently, and leaves a month whose rows sit in the default alone', async () => {
    expect(await ensureEventPartitions(t.database.db, new Date('2031-05-10T00:00:00Z'))).toBe(4);
    expect(await ensureEventPartitions(t.database.db, new Date('2031-05-10T00:00:00Z'))).toBe(0);
    expect(await partitions()).toEqual(expect.arrayContaining(['events_2031_05', 'events_2031_08']));
    // A row for a month nobody prepared goes to the default partition instead of failing…
    await sql`INSERT INTO events (type, occurred_at, received_at, source)
              VALUES ('page_view', '2040-01-05T00:00:00Z', '2040-01-05T00:00:00Z', 'test')`.execute(
      t.database.db,
    );
    const where = await t.database.pool.query<{ partition: string }>(
      "SELECT tableoid::regclass::text AS partition FROM events WHERE received_at = '2040-01-05T00:00:00Z'",
    );
    expect(where.rows[0]?.partition).toBe('events_default');
    // …and making that month later does not fail: it is skipped (with a notice), the rest are made.
    expect(await ensureEventPartitions(t.database.db, new Date('2040-01-20T00:00:00Z'))).toBe(3);
    expect(await partitions()).not.toContain('events_2040_01');
  });
});
