import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMops } from './cli-helpers.ts';
import { authHeader, createTestApp, type TestApp } from './helpers.ts';
import {
  at,
  DAY,
  getReport,
  seedSalesHistory,
  submitNewsletter,
  T0,
  tableRows,
} from './measurement-helpers.ts';

// The sales history of measurement-helpers: six people, four MQLs, A accepted and qualified, B rejected.
let t: TestApp;
let a: string;
beforeAll(async () => {
  t = await createTestApp({ now: T0 });
  ({ a } = await seedSalesHistory(t));
});
afterAll(async () => {
  await t.close();
});

const step = (rows: Record<string, unknown>[], group: string, stage: string) =>
  rows.find((r) => r.group === group && r.stage === stage);

describe('funnel report', () => {
  it('counts who reached each stage (or a later one), conversions with their denominators, and days between stages', async () => {
    const report = await getReport(t, '/v1/reports/funnel?since=30d');
    const rows = tableRows(report, 'funnel');
    expect(rows.map((r) => [r.stage, r.reached, r.converted])).toEqual([
      ['known', 6, 4],
      ['lead', 4, 4],
      ['mql', 4, 1],
      ['sal', 1, 1],
      ['sql', 1, 0],
      ['opportunity', 0, 0],
      ['customer', 0, null],
    ]);
    expect(step(rows, '(total)', 'lead')?.conversion).toBe(1);
    expect(step(rows, '(total)', 'mql')?.conversion).toBe(0.25);
    expect(step(rows, '(total)', 'opportunity')?.conversion).toBeNull();
    // A became an MQL at T0, was accepted a day later and qualified eight days after that.
    expect(step(rows, '(total)', 'mql')?.median_days_to_next).toBe(1);
    expect(step(rows, '(total)', 'sal')?.median_days_to_next).toBe(8);
    expect(tableRows(report, 'side_paths')).toEqual([
      { group: '(total)', people: 6, recycled: 1, disqualified: 0 },
    ]);
    expect(report.denominators.join(' ')).toMatch(/6 people created in the window/);
  });

  it('splits by group so that the groups add up to the total', async () => {
    const report = await getReport(t, '/v1/reports/funnel?since=30d&group_by=seniority');
    const rows = tableRows(report, 'funnel');
    expect(step(rows, 'vp', 'known')?.reached).toBe(4);
    expect(step(rows, '(unknown)', 'known')?.reached).toBe(2);
    expect(step(rows, '(unknown)', 'lead')?.reached).toBe(0);
    expect(report.summary.reconciles).toBe(true);
    // Side paths per group too, adding up to the total's.
    const sides = tableRows(report, 'side_paths');
    expect(sides.find((r) => r.group === '(total)')).toMatchObject({ people: 6, recycled: 1 });
    expect(sides.filter((r) => r.group !== '(total)').reduce((n, r) => n + (r.recycled as number), 0)).toBe(
      1,
    );
    const byCohort = await getReport(t, '/v1/reports/funnel?since=30d&group_by=cohort');
    expect(step(tableRows(byCohort, 'funnel'), '2026-11', 'known')?.reached).toBe(6);
    const byChannel = await getReport(t, '/v1/reports/funnel?since=30d&group_by=channel');
    // The test submissions carry no UTMs or referrer: the form fill itself is a direct touch;
    // the newsletter sign-ups likewise.
    expect(step(tableRows(byChannel, 'funnel'), 'direct', 'mql')?.reached).toBe(4);
    expect(step(tableRows(byChannel, 'funnel'), 'direct', 'known')?.reached).toBe(6);
  });

  it('counts a stage that came over in a merge and a first-stage entry older than the record', async () => {
    // June 2025, away from the sales history: two newsletter sign-ups (known). One holds a stage
    // no transition of its own put it in (a merge brings the loser's furthest stage over); the
    // other has an entry into the first stage dated before its creation (a history import).
    const june = '2025-06-02T12:00:00.000Z';
    const resume = t.clock();
    await submitNewsletter(t, june, 'merged.survivor@example.org');
    await submitNewsletter(t, june, 'imported.history@example.org');
    const db = t.database.db;
    await sql`UPDATE people SET stage = 'sal', stage_entered_at = ${new Date(Date.parse(june) + 3 * DAY)}
               WHERE email = 'merged.survivor@example.org'`.execute(db);
    await sql`INSERT INTO stage_transitions (person_id, from_stage, to_stage, rule_id, reason, playbook_version_id, created_at)
              SELECT id, NULL, 'known', 'import', 'known before the record was created', playbook_version_id, ${new Date(Date.parse(june) - 10 * DAY)}
                FROM people p, LATERAL (SELECT playbook_version_id FROM stage_transitions WHERE person_id = p.id LIMIT 1) v
               WHERE email = 'imported.history@example.org'`.execute(db);
    const window = 'since=2025-06-01&until=2025-07-01';
    const rows = tableRows(await getReport(t, `/v1/reports/funnel?${window}`), 'funnel');
    expect(rows.map((r) => [r.stage, r.reached])).toEqual([
      ['known', 2],
      ['lead', 1],
      ['mql', 1],
      ['sal', 1],
      ['sql', 0],
      ['opportunity', 0],
      ['customer', 0],
    ]);
    // The survivor reached lead, mql and sal when it entered sal: 0 days between them; known to
    // lead spans its 3 days for one of the two.
    expect(step(rows, '(total)', 'known')?.median_days_to_next).toBe(3);
    expect(step(rows, '(total)', 'mql')?.median_days_to_next).toBe(0);
    const drill = await getReport(t, `/v1/reports/funnel/rows?${window}&stage=known`);
    const imported = drill.rows.find(
      (r: Record<string, unknown>) => r.email === 'imported.history@example.org',
    );
    expect(imported?.reached_at).toBe(new Date(Date.parse(june) - 10 * DAY).toISOString());
    // The scoring report's furthest stage sees the merged-in stage too.
    const scoring = await getReport(t, `/v1/reports/scoring?${window}&stage=sal`);
    expect(scoring.summary.evaluation).toMatchObject({ people: 2, sql: 1 });
    t.clock.set(resume);
  });

  it('counts the creation as reaching the first stage for someone now on a side path with no other move', async () => {
    // August 2025: one sign-up set straight onto a side path with no transition of its own (as a
    // history import or a hand edit would leave it). Its only entry into a main stage is its
    // creation's, which the reports' aggregates leave out and look up for such records alone.
    const august = '2025-08-04T12:00:00.000Z';
    const resume = t.clock();
    await submitNewsletter(t, august, 'straight.to.disqualified@example.org');
    await sql`UPDATE people SET stage = 'disqualified' WHERE email = 'straight.to.disqualified@example.org'`.execute(
      t.database.db,
    );
    const window = 'since=2025-08-01&until=2025-09-01';
    const scoring = await getReport(t, `/v1/reports/scoring?${window}&stage=known`);
    expect(scoring.summary.evaluation).toMatchObject({ people: 1, sql: 1 });
    const funnel = tableRows(await getReport(t, `/v1/reports/funnel?${window}`), 'funnel');
    expect(funnel.map((r) => [r.stage, r.reached])).toEqual([
      ['known', 1],
      ['lead', 0],
      ['mql', 0],
      ['sal', 0],
      ['sql', 0],
      ['opportunity', 0],
      ['customer', 0],
    ]);
    t.clock.set(resume);
  });

  it('a window that holds nobody is an empty cohort, not an error', async () => {
    const report = await getReport(t, '/v1/reports/funnel?since=2025-01-01&until=2025-02-01');
    expect(tableRows(report, 'funnel').every((r) => r.reached === 0)).toBe(true);
  });

  it('drills down to the people behind a cell', async () => {
    const drill = await getReport(t, '/v1/reports/funnel/rows?since=30d&stage=sal');
    expect(drill.rows).toHaveLength(1);
    expect(drill.rows[0]).toMatchObject({ email: a, stage: 'sql', reached_at: at(DAY) });
    const mqls = await getReport(
      t,
      '/v1/reports/funnel/rows?since=30d&stage=mql&group_by=seniority&group=vp&limit=2',
    );
    expect(mqls.rows).toHaveLength(2);
  });

  it('refuses what it cannot answer, saying what it takes', async () => {
    const cases: [string, number, RegExp][] = [
      ['/v1/reports/funnel?group_by=astrology', 400, /group_by must be one of none, cohort/],
      ['/v1/reports/funnel?sinse=30d', 400, /no parameter "sinse"; it takes since, until, group_by/],
      ['/v1/reports/funnel?since=last-tuesday', 400, /since must be like 30d/],
      ['/v1/reports/funnel?since=30d&until=2020-01-01', 400, /the window is empty/],
      ['/v1/reports/funnel/rows?since=30d', 400, /stage is required/],
      ['/v1/reports/funnel/rows?stage=%27%3B%20DROP%20TABLE%20people', 400, /stage must be one of known/],
      ['/v1/reports/funnel/rows?stage=mql&limit=100000', 400, /limit must be a whole number/],
      ['/v1/reports/nonsense', 404, /no report "nonsense"/],
    ];
    for (const [path, status, message] of cases) {
      const response = await t.request(path, { headers: authHeader });
      const body = (await response.json()) as { error: { message: string } };
      expect(response.status, path).toBe(status);
      expect(body.error.message, path).toMatch(message);
    }
    expect((await t.request('/v1/reports/funnel')).status).toBe(401);
  });

  it('prints the same report in the terminal, as JSON and as CSV', async () => {
    const env = { DATABASE_URL: t.database.url };
    const text = await runMops(['report', 'funnel', '--since', '30d'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/mql\s+4\s+66\.7%\s+1\s+25\.0%\s+1\.0/);
    const csv = await runMops(['report', 'funnel', '--since', '30d', '--csv'], env);
    expect(csv.stdout.split('\n')[0]).toBe(
      'group,stage,reached,share_of_group,converted,conversion,median_days_to_next,p75_days_to_next',
    );
    expect(csv.stdout).toContain('(total),mql,4,0.6666666666666666,1,0.25,1,1');
    const json = await runMops(['report', 'funnel', '--since', '30d', '--json'], env);
    expect(JSON.parse(json.stdout).summary.people).toBe(6);
    const rows = await runMops(['report', 'funnel', '--since', '30d', '--rows', 'stage=sql', '--csv'], env);
    expect(rows.stdout).toContain(a);
    const bad = await runMops(['report', 'funnel', '--group-by', 'astrology'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/group_by must be one of/);
  });
});
