import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataQualityReport } from '../src/reports/data-quality.query.ts';
import { createApiKey } from '../src/stores/api-key.store.ts';
import { runMops } from './cli-helpers.ts';
import { authHeader, createTestApp, demoRequest, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const submit = (form: string, body: Record<string, unknown>) =>
    t.request(`/v1/forms/${form}/submissions`, { method: 'POST', json: body });
  await submit('demo-request', demoRequest({ email: 'full@quality.example' }));
  await submit('demo-request', demoRequest({ email: 'nophone@quality.example', phone: '' }));
  await submit('newsletter', { email: 'jo@gmail.com' });
  await submit('newsletter', { email: 'pat@quality2.example' });
  // An old record nobody touched for two years, and a phone that washing could not place.
  await t.database.pool.query(
    "UPDATE people SET updated_at = now() - interval '2 years', phone = '555 0100' WHERE email = 'pat@quality2.example'",
  );
});
afterAll(async () => {
  await t.close();
});

const check = (report: Awaited<ReturnType<typeof dataQualityReport>>, id: string) =>
  report.checks.find((c) => c.id === id);

describe('data-quality scorecard', () => {
  it('counts each check over its stated denominator', async () => {
    const report = await dataQualityReport(t.database.db);
    expect(report.people).toBe(4);
    expect(check(report, 'missing_company')).toMatchObject({ count: 2, of: 4, share: 0.5 });
    expect(check(report, 'missing_phone')).toMatchObject({ count: 2, of: 4 });
    expect(check(report, 'phone_not_e164')).toMatchObject({
      count: 1,
      of: 2,
      of_label: 'people with a phone',
    });
    expect(check(report, 'free_mail')).toMatchObject({ count: 1, of: 4, share: 0.25 });
    expect(check(report, 'stale')).toMatchObject({ count: 1 });
    expect(check(report, 'no_account')).toMatchObject({ count: 0, of: 3 });
    expect(report.duplicates).toMatchObject({ merged_records: 0, duplicate_rate: 0 });
    expect(report.by_source).toEqual([expect.objectContaining({ source: 'form', people: 4, free_mail: 1 })]);
  });

  it('drills down from a number to its people over HTTP', async () => {
    const res = await t.request('/v1/reports/data-quality/rows?check=phone_not_e164', {
      headers: authHeader,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { email: string }[] };
    expect(body.data.map((r) => r.email)).toEqual(['pat@quality2.example']);
    const full = await t.request('/v1/reports/data-quality', { headers: authHeader });
    expect(((await full.json()) as { people: number }).people).toBe(4);
  });

  it.each([
    ['an unknown check', '/v1/reports/data-quality/rows?check=drop_table', 400],
    ['no check', '/v1/reports/data-quality/rows', 400],
    ['a bad limit', '/v1/reports/data-quality/rows?check=stale&limit=-1', 400],
  ])('%s is a clear 400', async (_name, url, status) => {
    const res = await t.request(url, { headers: authHeader });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/check|limit/);
  });

  it('needs the reports:read scope', async () => {
    expect((await t.request('/v1/reports/data-quality')).status).toBe(401);
    const key = await createApiKey(t.database.db, { name: 'reader', scopes: ['people:read'], actor: 'test' });
    const res = await t.request('/v1/reports/data-quality', {
      headers: { authorization: `Bearer ${key.token}` },
    });
    expect(res.status).toBe(403);
  });

  it('mops report data-quality prints the scorecard and drills down', async () => {
    const env = { DATABASE_URL: t.database.url };
    const text = await runMops(['report', 'data-quality'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/personal \(free-mail\) address\s+25\.0%\s+1 of 4 people/);
    const rows = await runMops(['report', 'data-quality', '--rows', 'stale', '--json'], env);
    expect(JSON.parse(rows.stdout).map((r: { email: string }) => r.email)).toEqual(['pat@quality2.example']);
    const bad = await runMops(['report', 'data-quality', '--rows', 'nope'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown check');
  });
});
