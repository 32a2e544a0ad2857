import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMops } from './cli-helpers.ts';
import { authHeader, createTestApp, type TestApp } from './helpers.ts';
import { getReport, HOUR, MINUTE, seedSalesHistory, T0, tableRows } from './measurement-helpers.ts';

let t: TestApp;
let people: Awaited<ReturnType<typeof seedSalesHistory>>;
beforeAll(async () => {
  t = await createTestApp({ now: T0 });
  people = await seedSalesHistory(t);
});
afterAll(async () => {
  await t.close();
});

describe('speed-to-lead report', () => {
  it('measures captured → first sales touch and the SLA, with breaches (late touches and untouched leads)', async () => {
    const report = await getReport(t, '/v1/reports/speed-to-lead?since=30d');
    const all = tableRows(report, 'speed_to_lead').find((r) => r.dimension === 'all');
    // A after 20 minutes, B after 3 hours, C after 2 days; D never (open breach: 10 days and counting).
    expect(all).toMatchObject({ leads: 4, touched: 3, breaches: 3, open_breaches: 1, breach_rate: 0.75 });
    expect(all?.speed_p50).toBe(3 * HOUR);
    expect(report.summary.overall.speed_to_lead.calendar).toMatchObject({ count: 3 });
    expect(report.summary.sla).toEqual({ ms: HOUR, clock: 'business' });
    // A's 20 minutes fell inside working hours: business time equals calendar time.
    expect(report.summary.overall.sla.business.count).toBe(3);
    const byRep = tableRows(report, 'speed_to_lead').filter((r) => r.dimension === 'rep');
    expect(byRep.reduce((s, r) => s + (r.leads as number), 0)).toBe(4);
    expect(report.denominators.join(' ')).toMatch(/4 routed leads/);
  });

  it('drills down to the leads behind a row, or only the breached ones', async () => {
    const drill = await getReport(t, '/v1/reports/speed-to-lead/rows?since=30d&dimension=all&breached=true');
    expect(drill.rows.map((r: { email: string }) => r.email).sort()).toEqual(
      [people.b, people.c, people.d].sort(),
    );
    const fast = (await getReport(t, '/v1/reports/speed-to-lead/rows?since=30d&dimension=all')).rows.find(
      (r: { email: string }) => r.email === people.a,
    );
    expect(fast).toMatchObject({ speed_to_lead: 20 * MINUTE, breached: false });
    const bad = await t.request('/v1/reports/speed-to-lead/rows?dimension=planet', { headers: authHeader });
    expect(bad.status).toBe(400);
  });
});

describe('lead aging', () => {
  it('counts the open MQLs and accepted leads by owner and age; owners add up to the total', async () => {
    const report = await getReport(t, '/v1/reports/lead-aging');
    const rows = tableRows(report, 'aging');
    const total = rows.find((r) => r.owner === '(total)' || r.owner === 'all');
    // C and D are MQLs for ten days now; A moved on to sql, B was recycled.
    expect(total).toMatchObject({ total: 2, '7–30d': 2 });
    const owners = rows.filter((r) => r !== total);
    expect(owners.reduce((s, r) => s + (r.total as number), 0)).toBe(2);
    const owner = owners[0]?.owner as string;
    const drill = await getReport(t, `/v1/reports/lead-aging/rows?owner=${owner}`);
    expect(drill.rows.length).toBe(owners[0]?.total);
    expect(drill.rows[0].age_ms).toBeGreaterThan(9 * 24 * HOUR);
  });
});

describe('MQL reviews', () => {
  it('reports accept rate by owner and reject reasons, drilling down to the rejected people', async () => {
    const report = await getReport(t, '/v1/reports/mql-reviews?since=30d');
    expect(tableRows(report, 'by_owner').find((r) => r.owner === '(total)')).toEqual({
      owner: '(total)',
      accepted: 1,
      rejected: 1,
      accept_rate: 0.5,
    });
    expect(tableRows(report, 'reasons')).toEqual([{ reason: 'no_budget', rejected: 1, share: 1 }]);
    const drill = await getReport(t, '/v1/reports/mql-reviews/rows?since=30d&reason=no_budget');
    expect(drill.rows.map((r: { email: string }) => r.email)).toEqual([people.b]);
  });

  it('refuses sales events that would make these reports lie', async () => {
    const response = await t.request('/v1/events', {
      method: 'POST',
      headers: authHeader,
      json: {
        batch: [
          { type: 'track', event: 'mql_rejected', email: people.c, message_id: 'r-1', properties: {} },
          {
            type: 'track',
            event: 'mql_rejected',
            email: people.c,
            message_id: 'r-2',
            properties: { reason: 'Nope!' },
          },
          {
            type: 'track',
            event: 'sales_touch',
            email: people.c,
            message_id: 'r-3',
            properties: { rep: 'nobody' },
          },
          {
            type: 'track',
            event: 'sales_touch',
            email: people.c,
            message_id: 'r-4',
            properties: { activity: 'telepathy' },
          },
        ],
      },
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as {
      results: { status: string; error: { details: { code: string }[] } }[];
    };
    expect(body.results.map((r) => r.error.details[0]?.code)).toEqual([
      'REASON_REQUIRED',
      'REASON_REQUIRED',
      'UNKNOWN_REP',
      'INVALID_ACTIVITY',
    ]);
    const report = await getReport(t, '/v1/reports/mql-reviews?since=30d');
    expect(report.summary.rejected).toBe(1);
  });

  it('prints in the terminal', async () => {
    const result = await runMops(['report', 'speed-to-lead', '--since', '30d'], {
      DATABASE_URL: t.database.url,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/all\s+4\s+3\s+3h 00m/);
  });
});

describe('scoring evaluation', () => {
  it('bands people by score and measures how well the fit score ranks the SQLs (AUC, lift, the MQL line)', async () => {
    const report = await getReport(t, '/v1/reports/scoring?since=30d&model=fit&bands=2');
    const evaluation = report.summary.evaluation;
    // Fit: the four VPs score 50, the two newsletter readers 0; A (one of the VPs) became an SQL.
    // A outscores both readers and ties the three other VPs: AUC = (2 + 3 × ½) / 5 = 0.7.
    expect(evaluation).toMatchObject({ people: 6, sql: 1, won: 0 });
    expect(evaluation.auc.sql).toBeCloseTo(0.7, 12);
    expect(evaluation.auc.won).toBeNull();
    expect(tableRows(report, 'bands').map((b) => [b.band, b.min_score, b.people, b.sql])).toEqual([
      [1, 50, 4, 1],
      [2, 0, 2, 0],
    ]);
    // The playbook's MQL rule asks for fit ≥ 40.
    expect(evaluation.threshold).toMatchObject({ value: 40, people_at_or_above: 4, sql_captured: 1 });
    const drill = await getReport(t, '/v1/reports/scoring/rows?since=30d&model=fit&bands=2&band=2');
    expect(drill.rows.map((r: { email: string }) => r.email).sort()).toEqual([
      'reader.one@gmail.com',
      'reader.two@outlook.com',
    ]);
    for (const bad of ['model=karma', 'bands=1', 'stage=heaven', 'threshold=lots']) {
      expect((await t.request(`/v1/reports/scoring?${bad}`, { headers: authHeader })).status, bad).toBe(400);
    }
  });
});
