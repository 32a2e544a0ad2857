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

/** One table of a report as rows keyed by the given columns, e.g. `form/mql`. */
export function tableRows(
  report: { tables: { name: string; rows: Record<string, unknown>[] }[] },
  name: string,
) {
  const table = report.tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name} in ${report.tables.map((t) => t.name).join(', ')}`);
  return table.rows;
}
