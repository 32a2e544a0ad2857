import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addScopedKeys, createCampaignApp, IMPORTS_KEY, READ_KEY, shorthands } from './campaign-helpers.ts';
import { demoRequest, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createCampaignApp();
  await addScopedKeys(t);
});
afterAll(async () => {
  await t.close();
});

const { post, get, count } = shorthands(() => t);

async function newPerson(): Promise<string> {
  const res = await post('/v1/forms/demo-request/submissions', demoRequest(), {});
  expect(res.status).toBe(201);
  return ((await res.json()) as { person_id: string }).person_id;
}

describe('opportunities', () => {
  it('creates, then updates in place by external_id, with contacts and account', async () => {
    const person = await newPerson();
    const body = {
      external_id: '006Dn00000AbCdE',
      name: 'Globex — platform',
      account_domain: 'https://www.globex.example/',
      amount: 48000,
      stage: 'Negotiation',
      created_at: '2026-11-10T12:00:00Z',
      contacts: [{ person_id: person, role: 'Decision Maker', is_primary: true }],
    };
    const created = await post('/v1/opportunities', body);
    expect(created.status).toBe(201);
    const opp = (await created.json()) as { id: string; account: { domain: string }; contacts: unknown[] };
    expect(opp.account.domain).toBe('globex.example');
    expect(opp.contacts).toEqual([
      expect.objectContaining({ person_id: person, role: 'Decision Maker', is_primary: true }),
    ]);
    const same = await post('/v1/opportunities', body);
    expect(same.status).toBe(200);
    expect(((await same.json()) as { outcome: string }).outcome).toBe('unchanged');
    const won = await post('/v1/opportunities', {
      ...body,
      stage: 'Closed Won',
      status: 'won',
      closed_at: '2026-11-20T09:00:00Z',
    });
    expect(await won.json()).toMatchObject({
      id: opp.id,
      outcome: 'updated',
      is_closed: true,
      is_won: true,
      stage: 'Closed Won',
    });
    const fetched = await get(`/v1/opportunities/${encodeURIComponent('006Dn00000AbCdE')}`);
    expect(await fetched.json()).toMatchObject({ id: opp.id, amount: 48000 });
    expect(await count('opportunities')).toBe(1);
  });

  it.each([
    [
      'closed before created',
      { name: 'x', stage: 's', created_at: '2026-11-10T00:00:00Z', closed_at: '2026-11-01T00:00:00Z' },
      /closed_at .* is before created_at/,
    ],
    ['won but open', { name: 'x', stage: 's', status: 'open', is_won: true }, /status is open but/],
    ['negative amount', { name: 'x', stage: 's', amount: -100 }, /negative/],
    [
      'unknown account',
      { name: 'x', stage: 's', account_domain: 'nowhere.example' },
      /no account with domain nowhere.example/,
    ],
    [
      'unknown contact',
      { name: 'x', stage: 's', contacts: [{ email: 'ghost@nowhere.example' }] },
      /contacts\[0\]/,
    ],
    [
      'two primaries',
      {
        name: 'x',
        stage: 's',
        contacts: [
          { email: 'a@b.example', is_primary: true },
          { email: 'c@d.example', is_primary: 'yes' },
        ],
      },
      /contacts/,
    ],
    [
      'timestamp without zone',
      { name: 'x', stage: 's', created_at: '2026-11-10 12:00' },
      /the zone is required/,
    ],
    ['missing stage', { name: 'x' }, /stage is required/],
  ])('refuses %s', async (_label, body, message) => {
    const before = await count('opportunities');
    const res = await post('/v1/opportunities', body);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    expect(await count('opportunities')).toBe(before);
  });

  it('needs campaigns:write to write and campaigns:read to read', async () => {
    const reader = { authorization: `Bearer ${READ_KEY}` };
    const denied = await post('/v1/opportunities', { name: 'x', stage: 's' }, reader);
    expect(denied.status).toBe(403);
    expect((await get('/v1/opportunities/nope', reader)).status).toBe(404);
    expect((await get('/v1/opportunities/nope', { authorization: `Bearer ${IMPORTS_KEY}` })).status).toBe(
      403,
    );
    expect((await get('/v1/opportunities/nope', {})).status).toBe(401);
  });

  it('404s an unknown opportunity', async () => {
    expect((await get('/v1/opportunities/nope')).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the campaign and opportunity endpoints', async () => {
    const doc = (await (await get('/openapi.json', {})).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/v1/campaigns',
      '/v1/campaigns/{id}',
      '/v1/campaigns/{id}/costs',
      '/v1/campaigns/{id}/members',
      '/v1/opportunities',
      '/v1/opportunities/{id}',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
  });
});
