import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addScopedKeys,
  CAMPAIGNS_YAML,
  createCampaignApp,
  IMPORTS_KEY,
  playbookWithCampaigns,
  READ_KEY,
  shorthands,
} from './campaign-helpers.ts';
import { applyPlaybookText, authHeader, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createCampaignApp();
  await addScopedKeys(t);
});
afterAll(async () => {
  await t.close();
});

const { post, get, count } = shorthands(() => t);

describe('campaigns from the playbook', () => {
  it('are in the registry with their parts, owner, dates and budget', async () => {
    const res = await get('/v1/campaigns?channel=paid_social');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown>[] };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      name: '2026-11_paid_social_na_demo-push',
      utm_campaign: '2026-11_paid_social_na_demo-push',
      channel: 'paid_social',
      type: 'paid_social',
      owner_rep_id: 'eli',
      start_date: '2026-11-01',
      end_date: '2026-12-15',
      budget: 25000,
      currency: 'USD',
      status: 'active',
      source: 'playbook',
      in_playbook: true,
      parts: { yyyy: '2026', mm: '11', type: 'paid_social', region: 'na', slug: 'demo-push' },
    });
    const completed = (await (await get('/v1/campaigns?status=completed')).json()) as {
      data: { name: string; type: string }[];
    };
    expect(completed.data.map((c) => c.name)).toEqual(['2026-10_webinar_emea_ops-masterclass']);
    expect(completed.data[0]?.type).toBe('webinar'); // from the name's type part
  });
});

describe('POST /v1/campaigns', () => {
  it('creates a conforming campaign (201) and finds it by id and by name', async () => {
    const res = await post('/v1/campaigns', {
      name: '2026-12_ebook_apac_state-of-ops',
      channel: 'content_syndication',
      budget: '12,500.50',
      start: '2026-12-01',
    });
    expect(res.status).toBe(201);
    const row = (await res.json()) as { id: string; type: string; source: string; budget: number };
    expect(row).toMatchObject({ type: 'ebook', source: 'api', budget: 12500.5 });
    expect(res.headers.get('location')).toBe(`/v1/campaigns/${row.id}`);
    const byName = await get(`/v1/campaigns/${encodeURIComponent('2026-12_ebook_apac_state-of-ops')}`);
    expect(((await byName.json()) as { campaign: { id: string } }).campaign.id).toBe(row.id);
  });

  it('refuses a name that breaks the convention with the precise error (422)', async () => {
    const before = await count('campaigns');
    const res = await post('/v1/campaigns', {
      name: '2026-11_paid_social_latam_demo-push',
      channel: 'paid_social',
    });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as {
      error: { code: string; message: string; details: Record<string, unknown>[] };
    };
    expect(error.code).toBe('CAMPAIGN_NAME_INVALID');
    expect(error.message).toContain(
      'part `region` is `latam` at character 21; expected one of na, emea, apac, global',
    );
    expect(error.details[0]).toMatchObject({ path: 'name', part: 'region', position: 21, found: 'latam' });
    expect(await count('campaigns')).toBe(before);
  });

  it.each([
    [
      'bad month',
      { name: '2026-13_webinar_na_launch', channel: 'events' },
      422,
      /month `13` at character 6 is not 01–12/,
    ],
    [
      'wrong case gets a suggestion',
      { name: '2026-11_Webinar_NA_Launch', channel: 'events' },
      422,
      /did you mean `2026-11_webinar_na_launch`\?/,
    ],
    [
      'SQL metacharacters',
      { name: "2026-11_webinar_na_x'); DROP TABLE campaigns;--", channel: 'events' },
      422,
      /part `slug`/,
    ],
    [
      'type disagrees with the name',
      { name: '2026-11_webinar_na_launch-2', channel: 'events', type: 'ebook' },
      422,
      /type: type "ebook" disagrees with the name/,
    ],
    ['missing channel', { name: '2026-11_webinar_na_launch-3' }, 422, /channel is required/],
    [
      'negative budget',
      { name: '2026-11_webinar_na_launch-4', channel: 'events', budget: -5 },
      422,
      /budget "-5" is negative/,
    ],
    [
      'bad date',
      { name: '2026-11_webinar_na_launch-5', channel: 'events', start: '2026-02-30' },
      422,
      /start "2026-02-30" is not a real calendar date/,
    ],
    [
      'ambiguous date',
      { name: '2026-11_webinar_na_launch-6', channel: 'events', start: '11/01/2026' },
      422,
      /day\/month order is ambiguous/,
    ],
    [
      'end before start',
      { name: '2026-11_webinar_na_launch-7', channel: 'events', start: '2026-11-10', end: '2026-11-01' },
      422,
      /end 2026-11-01 is before start 2026-11-10/,
    ],
    [
      'unknown owner',
      { name: '2026-11_webinar_na_launch-8', channel: 'events', owner: 'nobody' },
      422,
      /owner "nobody" is not a rep/,
    ],
    [
      'unknown field',
      { name: '2026-11_webinar_na_launch-9', channel: 'events', budgett: 5 },
      422,
      /unknown field "budgett"/,
    ],
    ['name as a number', { name: 42, channel: 'events' }, 422, /CAMPAIGN_NAME_INVALID|name must be text/],
    [
      'duplicate name',
      { name: '2026-11_paid_social_na_demo-push', channel: 'paid_social' },
      409,
      /already exists/,
    ],
    [
      'utm_campaign taken',
      {
        name: '2026-11_webinar_na_other',
        channel: 'events',
        utm_campaign: '2026-11_PAID_SOCIAL_na_demo-push ',
      },
      409,
      /already belongs to campaign "2026-11_paid_social_na_demo-push"/,
    ],
  ])('%s', async (_label, body, status, message) => {
    const before = await count('campaigns');
    const res = await post('/v1/campaigns', body);
    const payload = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status).toBe(status);
    expect(`${payload.error.code} ${payload.error.message}`).toMatch(message);
    expect(await count('campaigns')).toBe(before);
  });

  it('answers malformed and huge bodies with 400 / 413, not 500', async () => {
    const malformed = await t.request('/v1/campaigns', {
      method: 'POST',
      headers: { ...authHeader, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    const huge = await post('/v1/campaigns', { name: 'x'.repeat(600_000), channel: 'events' });
    expect(huge.status).toBe(413);
    const array = await post('/v1/campaigns', [1, 2]);
    expect(array.status).toBe(400);
  });

  it('checks scopes: no key 401, read-only key cannot write, other scopes cannot read', async () => {
    expect((await get('/v1/campaigns', {})).status).toBe(401);
    expect((await get('/v1/campaigns', { authorization: `Bearer ${READ_KEY}` })).status).toBe(200);
    const denied = await post(
      '/v1/campaigns',
      { name: '2026-11_webinar_na_scoped', channel: 'events' },
      { authorization: `Bearer ${READ_KEY}` },
    );
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { message: string } }).error.message).toContain(
      'campaigns:write',
    );
    expect((await get('/v1/campaigns', { authorization: `Bearer ${IMPORTS_KEY}` })).status).toBe(403);
    expect((await get('/v1/opportunities/x', { authorization: `Bearer ${IMPORTS_KEY}` })).status).toBe(403);
  });

  it('rejects bad filters and unknown campaigns', async () => {
    expect((await get("/v1/campaigns?status=active'--")).status).toBe(400);
    expect((await get('/v1/campaigns/no-such-campaign')).status).toBe(404);
    expect((await get('/v1/campaigns/00000000-0000-7000-8000-000000000000')).status).toBe(404);
  });
});

describe('costs', () => {
  const path = `/v1/campaigns/${encodeURIComponent('2026-11_paid_social_na_demo-push')}/costs`;

  it('records periods, replaces a period sent again (logged), and totals against the budget', async () => {
    const first = await post(path, {
      costs: [
        { month: '2026-11', amount: 10_000 },
        {
          period_start: '2026-12-01',
          period_end: '2026-12-15',
          amount: '4,500.25',
          note: 'LinkedIn invoice 1182',
        },
      ],
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      inserted: 2,
      updated: 0,
      unchanged: 0,
      totals: { cost: 14500.25, budget: 25000, budget_remaining: 10499.75, currency: 'USD' },
    });
    const again = await post(path, { month: '2026-11', amount: 10_000 });
    expect(await again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const replaced = await post(path, { month: '2026-11', amount: 11_000 });
    expect(await replaced.json()).toMatchObject({ updated: 1, totals: { cost: 15500.25 } });
    const { rows } = await t.database.pool.query(
      "SELECT details FROM audit_log WHERE action = 'campaign.cost.replace' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]?.details).toMatchObject({
      period_start: '2026-11-01',
      period_end: '2026-11-30',
      from: { amount: 10000 },
      to: { amount: 11000 },
    });
    const detail = (await (await get(path.replace('/costs', ''))).json()) as {
      costs: { period_start: string; amount: number }[];
    };
    expect(detail.costs.map((c) => [c.period_start, c.amount])).toEqual([
      ['2026-11-01', 11000],
      ['2026-12-01', 4500.25],
    ]);
  });

  it.each([
    ['negative amount', { month: '2026-10', amount: -1 }, /amount "-1" is negative/],
    ['negative text amount', { month: '2026-10', amount: '(250.00)' }, /is negative/],
    ['not an amount', { month: '2026-10', amount: '12abc' }, /not an amount/],
    [
      'bad period',
      { period_start: '2026-10-31', period_end: '2026-10-01', amount: 1 },
      /before period_start/,
    ],
    ['bad month', { month: '2026-13', amount: 1 }, /month 13 is not 01–12/],
    [
      'other currency',
      { month: '2026-10', amount: 1, currency: 'EUR' },
      /budgeted in USD; this cost is in EUR/,
    ],
    [
      'repeated period',
      {
        costs: [
          { month: '2026-10', amount: 1 },
          { month: '2026-10', amount: 2 },
        ],
      },
      /repeats the period 2026-10-01\/2026-10-31/,
    ],
  ])('refuses %s and writes nothing', async (_label, body, message) => {
    const before = await count('campaign_costs');
    const res = await post(path, body);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    expect(await count('campaign_costs')).toBe(before);
  });

  it('404s for an unknown campaign', async () => {
    expect((await post('/v1/campaigns/nope/costs', { month: '2026-10', amount: 1 })).status).toBe(404);
  });
});

describe('applying a playbook', () => {
  it('fails with the precise naming error when a registry name breaks the convention, and writes nothing', async () => {
    const text = playbookWithCampaigns(
      CAMPAIGNS_YAML.replace('2026-10_webinar_emea_ops-masterclass', '2026-10_webinar_mena_ops-masterclass'),
    );
    const versions = await count('playbook_versions');
    // Caught by the playbook's own checks (what `mops playbook validate` runs), with its line.
    const error = await applyPlaybookText(t.database, text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /test-playbook\.yaml:\d+:\d+ +campaigns\.registry\[1\]\.name: part `region` is `mena` at character 17/,
    );
    expect(await count('playbook_versions')).toBe(versions);
  });

  it('keeps a campaign dropped from the registry (in_playbook false) and updates the others', async () => {
    const text = playbookWithCampaigns(
      CAMPAIGNS_YAML.replace(/\n {4}- \{ name: 2026-10_webinar_emea[^\n]*/, '').replace(
        'budget: 25000',
        'budget: 30000',
      ),
    );
    await applyPlaybookText(t.database, text);
    const { rows } = await t.database.pool.query<{ name: string; in_playbook: boolean; budget: number }>(
      "SELECT name, in_playbook, budget FROM campaigns WHERE source = 'playbook' ORDER BY name",
    );
    expect(rows).toEqual([
      { name: '2026-10_webinar_emea_ops-masterclass', in_playbook: false, budget: 8000 },
      { name: '2026-11_paid_social_na_demo-push', in_playbook: true, budget: 30000 },
    ]);
  });
});
