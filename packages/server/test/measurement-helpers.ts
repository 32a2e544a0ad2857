import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { authHeader, demoRequest, type TestApp } from './helpers.ts';

// A small, hand-countable history for the measurement reports: who was captured when, what sales
// did and when. Each report test checks its numbers against this script.

export const T0 = '2026-11-23T15:00:00.000Z'; // Monday 10:00 in New York
export const at = (offsetMs: number) => new Date(Date.parse(T0) + offsetMs).toISOString();
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export async function submitDemoRequest(t: TestApp, when: string, overrides: Record<string, unknown> = {}) {
  t.clock.set(when);
  const body = demoRequest(overrides);
  const response = await t.request('/v1/forms/demo-request/submissions', { method: 'POST', json: body });
  expect(response.status).toBe(201);
  return { email: body.email as string, ...((await response.json()) as { person_id: string }) };
}

export async function submitNewsletter(t: TestApp, when: string, email: string) {
  t.clock.set(when);
  const response = await t.request('/v1/forms/newsletter/submissions', {
    method: 'POST',
    json: { email, first_name: 'sam' },
  });
  expect(response.status).toBe(201);
}

/** A sales event reported back (as a rep's tool or the CRM would), received at `when`. */
export async function salesEvent(
  t: TestApp,
  when: string,
  email: string,
  event: string,
  properties: Record<string, unknown> = {},
) {
  t.clock.set(when);
  const response = await t.request('/v1/events', {
    method: 'POST',
    headers: authHeader,
    json: { batch: [{ type: 'track', event, email, properties, timestamp: when, message_id: randomUUID() }] },
  });
  expect(response.status).toBe(200);
  const result = (await response.json()) as { results: { status: string; error?: unknown }[] };
  expect(result.results[0], JSON.stringify(result.results[0])).toMatchObject({ status: 'accepted' });
}

export async function getReport<T = Record<string, any>>(t: TestApp, path: string): Promise<T> {
  const response = await t.request(path, { headers: authHeader });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body as T;
}

/** One table of a report, by its name. */
export function tableRows(report: Record<string, any>, name: string): Record<string, unknown>[] {
  const tables = report.tables as { name: string; rows: Record<string, unknown>[] }[];
  const table = tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name} in ${tables.map((t) => t.name).join(', ')}`);
  return table.rows;
}

/**
 * Six people: four demo requests (leads that became MQLs and were routed at once) and two
 * newsletter sign-ups (known). Sales called A after 20 minutes, accepted A a day later, and
 * qualified A eight days after that; called B after 3 hours and rejected B (no_budget); called C
 * after two days; never touched D. The clock ends at T0 + 10 days.
 */
export async function seedSalesHistory(t: TestApp) {
  const a = (await submitDemoRequest(t, T0)).email;
  const b = (await submitDemoRequest(t, at(5 * MINUTE))).email;
  const c = (await submitDemoRequest(t, at(10 * MINUTE))).email;
  const d = (await submitDemoRequest(t, at(15 * MINUTE))).email;
  await submitNewsletter(t, at(20 * MINUTE), 'reader.one@gmail.com');
  await submitNewsletter(t, at(25 * MINUTE), 'reader.two@outlook.com');
  await salesEvent(t, at(20 * MINUTE), a, 'sales_touch', { activity: 'call' });
  await salesEvent(t, at(3 * HOUR + 5 * MINUTE), b, 'sales_touch', { activity: 'email' });
  await salesEvent(t, at(DAY), a, 'mql_accepted');
  await salesEvent(t, at(2 * DAY + 5 * MINUTE), b, 'mql_rejected', { reason: 'no_budget' });
  await salesEvent(t, at(2 * DAY + 10 * MINUTE), c, 'sales_touch', { activity: 'call' });
  await salesEvent(t, at(9 * DAY), a, 'sql_qualified');
  t.clock.set(at(10 * DAY));
  return { a, b, c, d };
}

/** A demo request for `key@domain` received at `at`: the person's id, recorded in `ids[key]`. */
export async function personAt(
  t: TestApp,
  ids: Record<string, string>,
  key: string,
  domain: string,
  at: string,
) {
  t.clock.set(at);
  const res = await t.request('/v1/forms/demo-request/submissions', {
    method: 'POST',
    json: demoRequest({ email: `${key}@${domain}` }),
  });
  expect(res.status).toBe(201);
  ids[key] = ((await res.json()) as { person_id: string }).person_id;
  return ids[key];
}

/**
 * A touch as the tracker stores it, at any moment (the tracker itself stamps server time, and
 * these tests need touches months apart).
 */
export async function storeTouch(
  t: TestApp,
  personId: string | undefined,
  at: string,
  channel: string,
  campaign?: string,
) {
  await t.database.pool.query(
    `INSERT INTO events (person_id, type, occurred_at, received_at, source, channel, campaign_id)
     VALUES ($1, 'page_view', $2, $2, 'tracker', $3, (SELECT id FROM campaigns WHERE name = $4))`,
    [personId, at, channel, campaign ?? null],
  );
}
