import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shorthands } from './campaign-helpers.ts';
import { runMops } from './cli-helpers.ts';
import { authHeader, createTestApp, type TestApp } from './helpers.ts';
import { getReport, personAt, storeTouch, tableRows } from './measurement-helpers.ts';

// Two people found through two paid campaigns; the LinkedIn one's account closed a 10,000 USD deal.
//   p1 globex:  paid_social touch 11-01 (demo-push campaign), form 11-02 — won 10,000 (created 11-05, closed 11-20)
//   p2 initech: paid_search touch 11-02 (brand campaign), form 11-03 — no opportunity
// Costs: demo-push 5,000 and brand 1,000 for November.
const SOCIAL = '2026-11_paid_social_na_demo-push';
const SEARCH = '2026-11_paid_search_na_brand';
const WINDOW = 'since=2026-11-01&until=2026-11-23';

let t: TestApp;
const { post } = shorthands(() => t);
const ids: Record<string, string> = {};

const person = (key: string, domain: string, at: string) => personAt(t, ids, key, domain, at);

const touch = (key: string, at: string, channel: string, campaign?: string) =>
  storeTouch(t, ids[key], at, channel, campaign);

beforeAll(async () => {
  t = await createTestApp();
  await person('p1', 'globex.example', '2026-11-02T12:00:00Z');
  await person('p2', 'initech.example', '2026-11-03T12:00:00Z');
  await touch('p1', '2026-11-01T12:00:00Z', 'paid_social', SOCIAL);
  await touch('p2', '2026-11-02T12:00:00Z', 'paid_search', SEARCH);
  t.clock.set('2026-11-23T15:00:00Z');
  for (const [name, amount] of [
    [SOCIAL, 5_000],
    [SEARCH, 1_000],
  ] as const) {
    const res = await post(`/v1/campaigns/${name}/costs`, { month: '2026-11', amount });
    expect(res.status).toBe(200);
  }
  // Sales accepted and qualified p1 before the deal.
  for (const [event, at] of [
    ['mql_accepted', '2026-11-03T12:00:00Z'],
    ['sql_qualified', '2026-11-04T12:00:00Z'],
  ] as const) {
    const res = await post('/v1/events', {
      batch: [{ type: 'track', event, email: 'p1@globex.example', timestamp: at, message_id: event }],
    });
    expect(res.status).toBe(200);
  }
  const opp = await post('/v1/opportunities', {
    external_id: 'g1',
    name: 'Globex platform',
    stage: 'Closed Won',
    account_domain: 'globex.example',
    amount: 10_000,
    status: 'won',
    created_at: '2026-11-05T12:00:00Z',
    closed_at: '2026-11-20T12:00:00Z',
    contacts: [{ person_id: ids.p1, is_primary: true }],
  });
  expect(opp.status, await opp.clone().text()).toBe(201);
});
afterAll(async () => {
  await t.close();
});

describe('plan', () => {
  it('works back from a revenue target to deals, funnel volumes and budget from the history', async () => {
    // History: one 10,000 deal from one opportunity from one SQL; two MQLs from two leads; 6,000 spent.
    const report = await getReport(
      t,
      `/v1/reports/plan?${WINDOW}&revenue=100000&scenarios=cheaper:cost_per_lead=0.5`,
    );
    expect(report.summary.plan.overall.waterfall).toMatchObject({
      deals: 10,
      opportunities: 10,
      sqls: 10,
      mqls: 20,
      leads: 20,
      budget: 60_000,
    });
    expect(tableRows(report, 'scenarios')).toEqual([
      expect.objectContaining({ scenario: 'base', budget: 60_000, budget_delta: 0 }),
      expect.objectContaining({ scenario: 'cheaper', budget: 30_000, budget_delta: -30_000 }),
    ]);
    const channels = tableRows(report, 'channels');
    expect(channels.find((c) => c.channel === 'paid_search')?.tier).toBe('experimental');
    expect(report.notes.join(' ')).toMatch(/paid_search/);
  });

  it('says why it cannot plan instead of dividing by zero, and checks its inputs', async () => {
    const empty = await t.request('/v1/reports/plan?since=2025-01-01&until=2025-02-01&revenue=100000', {
      headers: authHeader,
    });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(
      /cannot plan from this history/,
    );
    for (const bad of ['revenue=-1', 'revenue=lots', 'scenarios=oops', 'scenarios=x:luck=2']) {
      expect((await t.request(`/v1/reports/plan?${bad}`, { headers: authHeader })).status, bad).toBe(400);
    }
    const cli = await runMops(
      ['plan', '--revenue', '100000', '--since', '2026-11-01', '--until', '2026-11-23'],
      {
        DATABASE_URL: t.database.url,
      },
    );
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/base\s+10\s+10\s+20\s+20\s+60,000/);
  });
});

describe('ROI report', () => {
  it('puts cost, volumes and credited revenue side by side, with CPL, CAC, ROI and pipeline per spend', async () => {
    const report = await getReport(t, `/v1/reports/roi?${WINDOW}&model=first`);
    const rows = tableRows(report, 'roi');
    const social = rows.find((r) => r.key === 'paid_social');
    expect(social).toMatchObject({
      cost: 5_000,
      leads: 1,
      mqls: 1,
      opportunities: 1,
      pipeline: 10_000,
      won: 1,
      revenue: 10_000,
      cpl: 5_000,
      cost_per_mql: 5_000,
      cac: 5_000,
      roi: 1,
      pipeline_per_spend: 2,
    });
    // 2026-11-01 first touch → 2026-11-20 close.
    expect(social?.velocity_days).toBeCloseTo(19, 9);
    expect(rows.find((r) => r.key === 'paid_search')).toMatchObject({
      cost: 1_000,
      leads: 1,
      revenue: 0,
      roi: -1,
      cac: null,
    });
    expect(rows.at(-1)).toMatchObject({ key: '(total)', cost: 6_000, leads: 2, revenue: 10_000 });
    const byCampaign = await getReport(
      t,
      `/v1/reports/roi?${WINDOW}&model=first&dimension=campaign&ltv=30000`,
    );
    expect(tableRows(byCampaign, 'roi').find((r) => r.key === SOCIAL)).toMatchObject({
      cost: 5_000,
      revenue: 10_000,
      ltv_to_cac: 6,
    });
  });

  it('the attribution report credits the same revenue and drills down to the opportunity', async () => {
    const report = await getReport(t, `/v1/reports/attribution?${WINDOW}&model=linear`);
    const credit = tableRows(report, 'credit');
    // Globex's journey: paid_social, then the form (direct): half each under linear.
    expect(credit.map((r) => [r.key, r.value])).toEqual([
      ['direct', 5_000],
      ['paid_social', 5_000],
      // Initech's journey did not convert: a channel with no credit is listed with 0, not hidden.
      ['paid_search', 0],
    ]);
    const drill = await getReport(t, `/v1/reports/attribution/rows?${WINDOW}&model=linear&key=paid_social`);
    expect(drill.rows).toEqual([
      expect.objectContaining({ name: 'Globex platform', amount: 10_000, credit_value: 5_000 }),
    ]);
    const markov = await t.request(`/v1/reports/attribution/rows?${WINDOW}&model=markov&key=paid_social`, {
      headers: authHeader,
    });
    expect(markov.status).toBe(422);
  });

  it('drills down from any cell to its rows: people, opportunities, cost rows, credited deals', async () => {
    const rows = async (cell: string) =>
      (await getReport(t, `/v1/reports/roi/rows?${WINDOW}&model=first&${cell}`)).rows as Record<
        string,
        unknown
      >[];
    expect((await rows('key=paid_social&measure=leads')).map((r) => r.email)).toEqual(['p1@globex.example']);
    expect((await rows('key=paid_social&measure=sqls')).map((r) => r.email)).toEqual(['p1@globex.example']);
    expect(await rows('key=paid_search&measure=sqls')).toEqual([]);
    expect((await rows('key=paid_social&measure=opportunities')).map((r) => r.name)).toEqual([
      'Globex platform',
    ]);
    expect(await rows('key=paid_search&measure=cost')).toEqual([
      {
        campaign: SEARCH,
        period_start: '2026-11-01',
        period_end: '2026-11-30',
        amount: 1_000,
        currency: 'USD',
      },
    ]);
    expect((await rows('key=paid_social&measure=won'))[0]).toMatchObject({
      name: 'Globex platform',
      credit_value: 10_000,
    });
    const bad = await t.request('/v1/reports/roi/rows?key=paid_social&measure=vibes', {
      headers: authHeader,
    });
    expect(bad.status).toBe(400);
  });

  it('refuses bad parameters with what it takes', async () => {
    for (const bad of ['model=magic', 'ltv=-5', 'lookback=forever', 'order=9', 'dimension=planet']) {
      const res = await t.request(`/v1/reports/roi?${bad}`, { headers: authHeader });
      expect(res.status, bad).toBe(400);
    }
  });

  it('writes CSV a spreadsheet can take', async () => {
    const csv = await runMops(
      ['report', 'roi', '--since', '2026-11-01', '--until', '2026-11-23', '--model', 'first', '--csv'],
      {
        DATABASE_URL: t.database.url,
      },
    );
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toMatch(
      /^key,cost,leads,mqls,sqls,opportunities,pipeline,won,revenue,cpl/,
    );
    expect(csv.stdout).toMatch(/\npaid_social,5000,1,1,1,1,10000,1,10000,5000,5000,5000,1,2,19/);
  });
});
