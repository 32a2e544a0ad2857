import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyLine } from '../src/db/copy-text.ts';
import { describeBatch } from '../src/tracking/describe-batch.ts';
import {
  storeTouches,
  storeTouchGroup,
  type TouchBatch,
  withoutValues,
} from '../src/tracking/store-touches.ts';
import { TouchRelay } from '../src/tracking/touch-relay.ts';
import { createTestApp, DESKTOP_USER_AGENT, demoRequest, type TestApp } from './helpers.ts';

// Tracking batches that arrive together are stored together (one transaction per group); each
// must come out exactly as if it had been stored alone, and a bad one must not cost the others.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const AT = new Date('2026-11-23T15:00:00Z');

function browserBatch(
  visitorId: string,
  urls: string[],
  receivedAt = AT,
  batchId = randomUUID(),
): TouchBatch {
  const described = describeBatch(t.runtime.current(), {
    body: {
      v: 1,
      batch_id: batchId,
      visitor_id: visitorId,
      events: urls.map((url, i) => ({
        event_id: `${batchId}-${i}`,
        type: 'page_view',
        url,
        ts: AT.getTime(),
      })),
    },
    userAgent: DESKTOP_USER_AGENT,
    receivedAt,
  });
  if (!described.ok) throw new Error(described.error.message);
  return { key: `tb:${visitorId}:${batchId}`, receivedAt, personId: null, rows: described.value.rows };
}

const eventsOf = async (visitors: string[]) =>
  (
    await t.database.pool.query<{ visitor_id: string; n: number; people: string[]; campaigns: number }>(
      `SELECT visitor_id, count(*)::int AS n, array_agg(DISTINCT person_id::text) AS people,
              count(campaign_id)::int AS campaigns
         FROM events WHERE visitor_id = ANY($1::uuid[]) AND type = 'page_view' GROUP BY visitor_id`,
      [visitors],
    )
  ).rows;

describe('TouchRelay', () => {
  it('groups batches that arrive while stores are running, and stores each exactly once', async () => {
    // A known person's browser among 40 anonymous ones: their touches must carry the person.
    const known = randomUUID();
    const submitted = await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'relay.known@northwind.example', mops_visitor_id: known }),
    });
    expect(submitted.status).toBe(201);
    const { person_id: personId } = (await submitted.json()) as { person_id: string };

    const relay = new TouchRelay(t.database.pool, 1);
    const visitors = [known, ...Array.from({ length: 40 }, () => randomUUID())];
    const campaignUrl =
      'https://www.northwind.example/demo?utm_source=linkedin&utm_medium=paid_social&utm_campaign=2026-11_paid_social_na_demo-push';
    const batches = visitors.flatMap((v) => [
      browserBatch(v, ['https://www.northwind.example/', campaignUrl]),
      browserBatch(v, ['https://www.northwind.example/pricing']),
    ]);
    const stored = await Promise.all(batches.map((b) => relay.store(b)));

    expect(stored).toEqual(batches.map((b) => b.rows.length));
    // One store in flight: the first batch alone, the other 81 in groups behind it.
    expect(relay.stats.batches).toBe(82);
    expect(relay.stats.groups).toBeLessThan(10);
    expect(relay.stats.retriedAlone).toBe(0);
    const rows = await eventsOf(visitors);
    expect(rows).toHaveLength(41);
    for (const row of rows) {
      expect(row.n).toBe(3);
      expect(row.campaigns).toBe(1);
      expect(row.people).toEqual(row.visitor_id === known ? [personId] : [null]);
    }
    // The known person touched a campaign: a membership job, as for a batch stored alone.
    const jobs = await t.database.pool.query(
      `SELECT 1 FROM jobs WHERE task = 'campaign-membership' AND payload->>'personId' = $1`,
      [personId],
    );
    expect(jobs.rowCount).toBe(1);
  });

  it('stores a batch sent twice once, in one group or across groups', async () => {
    const relay = new TouchRelay(t.database.pool, 1);
    const visitor = randomUUID();
    const batch = browserBatch(visitor, [
      'https://www.northwind.example/a',
      'https://www.northwind.example/b',
    ]);
    const blocker = browserBatch(randomUUID(), ['https://www.northwind.example/']);
    const [, first, second] = await Promise.all([
      relay.store(blocker),
      relay.store(batch),
      relay.store(batch),
    ]);
    expect([first, second]).toEqual([2, 0]);
    expect(await relay.store(batch)).toBe(0);
    expect((await eventsOf([visitor]))[0]?.n).toBe(2);
  });

  it('keeps each browser’s earliest time as first seen and its latest as last seen', async () => {
    const relay = new TouchRelay(t.database.pool, 1);
    const visitor = randomUUID();
    const later = new Date(AT.getTime() + 3 * 3_600_000);
    await Promise.all([
      relay.store(browserBatch(randomUUID(), ['https://www.northwind.example/'])),
      relay.store(browserBatch(visitor, ['https://www.northwind.example/x'], later)),
      relay.store(browserBatch(visitor, ['https://www.northwind.example/y'], AT)),
    ]);
    const seen = await t.database.pool.query<{ first_seen_at: Date; last_seen_at: Date }>(
      'SELECT first_seen_at, last_seen_at FROM visitors WHERE id = $1',
      [visitor],
    );
    expect(seen.rows[0]?.last_seen_at.toISOString()).toBe(later.toISOString());
    expect(seen.rows[0]?.first_seen_at.toISOString()).toBe(AT.toISOString());
  });

  it('writes a browser only when an hour has passed or its first touch arrives, by either path', async () => {
    const relay = new TouchRelay(t.database.pool, 3);
    const visitor = randomUUID();
    const row = async () =>
      (
        await t.database.pool.query<{ last_seen_at: Date; first_touch: unknown; version: string }>(
          "SELECT last_seen_at, first_touch, xmin::text || '/' || xmax::text AS version FROM visitors WHERE id = $1",
          [visitor],
        )
      ).rows[0];
    const at = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);
    const pages = (n: number) => Array.from({ length: n }, (_, i) => `https://www.northwind.example/p${i}`);
    // 70 events go by COPY, 2 by the one-statement path: both keep the rule.
    const batchAt = (minutes: number, size: number, firstTouch?: object) => {
      const batch = browserBatch(visitor, pages(size), at(minutes));
      if (firstTouch) for (const r of batch.rows) r.firstTouch = JSON.stringify(firstTouch);
      return batch;
    };
    const unchanged = async (before: Awaited<ReturnType<typeof row>>) => {
      // Neither updated nor even locked: the same xmin and xmax (a lock would put its own in xmax).
      expect((await row())?.version).toBe(before?.version);
    };
    await relay.store(batchAt(0, 70));
    const created = await row();
    expect(created).toMatchObject({ last_seen_at: at(0), first_touch: null });
    await relay.store(batchAt(30, 2));
    await unchanged(created);
    // Within the hour, but the first touch is news (by COPY).
    await relay.store(batchAt(40, 70, { referrer: 'https://www.google.com/' }));
    const touched = await row();
    expect(touched).toMatchObject({
      last_seen_at: at(40),
      first_touch: { referrer: 'https://www.google.com/' },
    });
    await relay.store(batchAt(59, 70, { referrer: 'https://www.bing.com/' }));
    await unchanged(touched);
    // An hour on, by either path.
    await relay.store(batchAt(200, 2));
    expect(await row()).toMatchObject({
      last_seen_at: at(200),
      first_touch: { referrer: 'https://www.google.com/' },
    });
    await relay.store(batchAt(300, 70));
    expect(await row()).toMatchObject({ last_seen_at: at(300) });
    // And a first touch for a browser that had none, by the one-statement path.
    const other = randomUUID();
    await relay.store(browserBatch(other, pages(2), at(0)));
    const late = browserBatch(other, pages(2), at(10));
    for (const r of late.rows) r.firstTouch = JSON.stringify({ referrer: 'https://www.bing.com/' });
    await relay.store(late);
    const otherRow = await t.database.pool.query('SELECT first_touch FROM visitors WHERE id = $1', [other]);
    expect(otherRow.rows[0]?.first_touch).toEqual({ referrer: 'https://www.bing.com/' });
  });

  it('stores the others when one batch of a group fails, and fails only that one', async () => {
    const relay = new TouchRelay(t.database.pool, 1);
    const good = Array.from({ length: 6 }, () =>
      browserBatch(randomUUID(), ['https://www.northwind.example/']),
    );
    const bad = browserBatch(randomUUID(), ['https://www.northwind.example/']);
    // A row PostgreSQL refuses (not a time): the whole group's COPY fails, then each goes alone.
    const [row] = bad.rows;
    if (!row) throw new Error('no row');
    const values = (row.values ?? []).map((v, i) => (i === 3 ? 'not a time' : v));
    bad.rows = [{ ...row, values, line: copyLine(values) }];
    const results = await Promise.allSettled([...good, bad].map((b) => relay.store(b)));
    expect(results.slice(0, 6).map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
    expect(results[6]?.status).toBe('rejected');
    expect(String((results[6] as PromiseRejectedResult).reason)).toMatch(/timestamp/);
    expect(relay.stats.retriedAlone).toBeGreaterThan(0);
    const stored = await eventsOf(good.map((b) => b.rows[0]?.visitorId as string));
    expect(stored).toHaveLength(6);
    // The failed batch left nothing, not even its key: it can be sent again.
    const key = await t.database.pool.query('SELECT 1 FROM event_message_ids WHERE message_id = $1', [
      bad.key,
    ]);
    expect(key.rowCount).toBe(0);
  });

  it('stores large batches whose column values the worker kept to itself, alone and in a group', async () => {
    // Above 64 events the describe worker sends back only each event's COPY text (values null):
    // such a batch goes by COPY whether alone or grouped, never by the one-statement path.
    const pages = Array.from({ length: 70 }, (_, i) => `https://www.northwind.example/p/${i}`);
    const batches = [randomUUID(), randomUUID(), randomUUID()].map((v) => {
      const batch = browserBatch(v, pages);
      return { ...batch, rows: withoutValues(batch.rows) };
    });
    expect(batches.every((b) => b.rows.every((row) => row.values === null))).toBe(true);
    expect(await storeTouches(t.database.pool, batches[0] as TouchBatch)).toBe(70);
    expect(await storeTouchGroup(t.database.pool, batches.slice(1))).toEqual([70, 70]);
    const stored = await eventsOf(batches.map((b) => b.rows[0]?.visitorId as string));
    expect(stored.map((r) => r.n)).toEqual([70, 70, 70]);
    // Small batches keep their values: the worker only drops them above the one-statement size.
    const small = browserBatch(randomUUID(), pages.slice(0, 3));
    expect(withoutValues(small.rows).every((row) => row.values !== null)).toBe(true);
  });
});
