import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS } from '../src/reports/reports.ts';
import { authHeader, createTestApp, type TestApp } from './helpers.ts';

// Every measurement report refuses what it cannot answer — before touching the database — with a
// message that says what it takes; none of them answers an empty database with an error.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = async (path: string) => {
  const response = await t.request(path, { headers: authHeader });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe.each(REPORTS.map((r) => [r.name, r] as const))('report %s', (name, report) => {
  it('refuses unknown parameters, oversized values and values outside a choice', async () => {
    const unknown = await get(`/v1/reports/${name}?drop_table=people`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/has no parameter "drop_table"/);
    const huge = await get(`/v1/reports/${name}?since=${'9'.repeat(600)}`);
    expect(huge.status).toBe(400);
    const choice = report.params.find((p) => p.values);
    if (choice) {
      const bad = await get(
        `/v1/reports/${name}?${choice.name}=${encodeURIComponent("x'); DROP TABLE people; --")}`,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain(`${choice.name} must be one of`);
    }
    expect((await t.request(`/v1/reports/${name}`)).status).toBe(401);
  });

  it('answers an empty database (or says why it cannot plan)', async () => {
    const extra = name === 'plan' ? '?revenue=100000' : '';
    const result = await get(`/v1/reports/${name}${extra}`);
    if (name === 'plan') {
      expect(result.status).toBe(422);
      expect(result.body.error.code).toBe('PLAN_IMPOSSIBLE');
    } else {
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      expect(result.body.tables.length).toBeGreaterThan(0);
      expect(result.body.denominators.length).toBeGreaterThan(0);
    }
  });

  it('is in the OpenAPI document with the parameters it checks', async () => {
    const doc = (await (await t.request('/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    const path = doc.paths[`/v1/reports/${name}`];
    expect(path?.get.parameters.map((p) => p.name)).toEqual(report.params.map((p) => p.name));
    expect(doc.paths[`/v1/reports/${name}/rows`] !== undefined).toBe(report.rows !== undefined);
  });

  it('has a drill-down, or says it has none', async () => {
    const rows = await get(`/v1/reports/${name}/rows`);
    if (report.rows) expect(rows.status).toBe(400);
    else {
      expect(rows.status).toBe(404);
      expect(rows.body.error.message).toMatch(/has no drill-down/);
    }
  });
});
