import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMops } from './cli-helpers.ts';
import { authHeader, createTestApp, DESKTOP_USER_AGENT, type TestApp } from './helpers.ts';

const CAMPAIGN = '2026-11_paid_social_na_demo-push';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // Six touches: two conforming (one through an alias), three with a misspelt source on a
  // campaign nobody registered, one from a site no channel rule knows.
  const views = [
    `?utm_source=LinkedIn&utm_medium=Paid-Social&utm_campaign=${CAMPAIGN}`,
    `?utm_source=lnkd.in&utm_medium=paid_social&utm_campaign=${CAMPAIGN}`,
    '?utm_source=linkdin&utm_medium=paid_social&utm_campaign=2026-11_spring_thing',
    '?utm_source=linkdin&utm_medium=paid_social&utm_campaign=2026-11_spring_thing',
    '?utm_source=Linkdin&utm_medium=paid_social&utm_campaign=2026-11_spring_thing',
    '?utm_source=mystery&utm_medium=carrier_pigeon',
  ].map((query) => ({
    event_id: randomUUID(),
    type: 'page_view',
    url: `https://www.northwind.example/p/demo${query}`,
    referrer: '',
  }));
  const response = await t.request('/v1/t', {
    method: 'POST',
    body: JSON.stringify({ v: 1, batch_id: randomUUID(), visitor_id: randomUUID(), events: views }),
    headers: { 'content-type': 'text/plain', 'user-agent': DESKTOP_USER_AGENT },
  });
  expect(await response.json()).toMatchObject({ accepted: 6 });
});
afterAll(async () => {
  await t.close();
});

describe('UTM non-conformance report', () => {
  it('lists each non-canonical value with its spellings, touches, campaigns and the alias to add', async () => {
    const response = await t.request('/v1/reports/utm-conformance?since=30d', { headers: authHeader });
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      tagged_touches: number;
      non_conforming_touches: number;
      values: {
        param: string;
        value: string;
        touches: number;
        rawValues: { raw: string }[];
        campaigns: { campaign: string }[];
        suggestion: { value: string } | null;
      }[];
    };
    expect(report.tagged_touches).toBe(6);
    expect(report.non_conforming_touches).toBe(4);
    const source = report.values.find((v) => v.param === 'source' && v.value === 'linkdin');
    expect(source).toMatchObject({ touches: 3, suggestion: { value: 'linkedin' } });
    expect(source?.rawValues.map((r) => r.raw).sort()).toEqual(['Linkdin', 'linkdin']);
    expect(source?.campaigns.map((c) => c.campaign)).toEqual(['2026-11_spring_thing']);
    const campaign = report.values.find((v) => v.param === 'campaign');
    expect(campaign).toMatchObject({ value: '2026-11_spring_thing', touches: 3 });
    // Aliases are conforming: LinkedIn and lnkd.in are not listed.
    expect(report.values.some((v) => v.value === 'lnkd.in' || v.value === 'linkedin')).toBe(false);
    expect(
      (await t.request('/v1/reports/utm-conformance?since=yesterday', { headers: authHeader })).status,
    ).toBe(400);
    expect((await t.request('/v1/reports/utm-conformance')).status).toBe(401);
  });

  it('reports touches by channel, and what the unassigned ones carried', async () => {
    const report = (await (await t.request('/v1/reports/channels', { headers: authHeader })).json()) as {
      touches: number;
      channels: { channel: string; touches: number }[];
      unassigned: { source: string | null; medium: string | null; touches: number }[];
    };
    expect(report.touches).toBe(6);
    expect(report.channels.find((c) => c.channel === 'paid_social')?.touches).toBe(5);
    expect(report.unassigned).toEqual([
      { source: 'mystery', medium: 'carrier_pigeon', referrer_domain: null, touches: 1 },
    ]);
  });

  it('the CLI prints the same report', async () => {
    const result = await runMops(['report', 'utm', '--since', '30d'], { DATABASE_URL: t.database.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('utm_source = linkdin');
    expect(result.stdout).toContain('aliases.linkedin');
  });
});

describe('UTM link builder', () => {
  it('builds a link with canonical values for a registered campaign, keeping the page’s own query and fragment', async () => {
    const response = await t.request('/v1/utm/links', {
      method: 'POST',
      json: {
        url: 'https://www.northwind.example/p/demo?ref=nav#form',
        source: 'LinkedIn',
        medium: 'Paid-Social',
        campaign: CAMPAIGN,
      },
      headers: authHeader,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      url: `https://www.northwind.example/p/demo?ref=nav&utm_source=linkedin&utm_medium=paid_social&utm_campaign=${CAMPAIGN}#form`,
    });
  });

  it('refuses a non-conforming value or an unregistered campaign, naming each with what to use', async () => {
    const response = await t.request('/v1/utm/links', {
      method: 'POST',
      json: {
        url: 'https://www.northwind.example/',
        source: 'linkdin',
        medium: 'paid_social',
        campaign: '2026-11_paid_social_na_demo-psh',
      },
      headers: authHeader,
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as {
      error: { code: string; details: { path: string; message: string }[] };
    };
    expect(body.error.code).toBe('NON_CONFORMING_UTM');
    const byPath = Object.fromEntries(body.error.details.map((d) => [d.path, d.message]));
    expect(byPath.utm_source).toContain('linkedin');
    expect(byPath.utm_campaign).toContain('not a registered campaign');
    expect(byPath.utm_campaign).toContain(CAMPAIGN);
    const notAUrl = await t.request('/v1/utm/links', {
      method: 'POST',
      json: { url: 'javascript:alert(1)' },
      headers: authHeader,
    });
    expect(notAUrl.status).toBe(422);
  });

  it('mops utm build prints the link, and exits 1 with the reasons when it cannot', async () => {
    const env = { DATABASE_URL: t.database.url };
    const ok = await runMops(
      [
        'utm',
        'build',
        '--url',
        'https://www.northwind.example/p/demo',
        '--source',
        'li',
        '--medium',
        'paidsocial',
        '--campaign',
        CAMPAIGN,
      ],
      env,
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe(
      `https://www.northwind.example/p/demo?utm_source=linkedin&utm_medium=paid_social&utm_campaign=${CAMPAIGN}`,
    );
    const bad = await runMops(
      ['utm', 'build', '--url', 'https://www.northwind.example/', '--source', 'myspace', '--medium', 'cpc'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('utm_campaign');
  });
});
