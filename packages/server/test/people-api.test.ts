import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/stores/api-key.store.ts';
import { authHeader, createTestApp, demoRequest, type TestApp } from './helpers.ts';

let t: TestApp;
let personId: string;
beforeAll(async () => {
  t = await createTestApp();
  const response = await t.request('/v1/forms/demo-request/submissions', {
    method: 'POST',
    json: demoRequest({ email: 'lookup@initech.example' }),
  });
  personId = ((await response.json()) as { person_id: string }).person_id;
});
afterAll(async () => {
  await t.close();
});

describe('the read API', () => {
  it('finds a person by email, case-insensitively', async () => {
    const response = await t.request('/v1/people?email=LookUp%40Initech.example', { headers: authHeader });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { id: string }[] };
    expect(data.map((p) => p.id)).toEqual([personId]);
    const none = await t.request('/v1/people?email=nobody%40initech.example', { headers: authHeader });
    expect(await none.json()).toEqual({ data: [] });
  });

  const errors: {
    name: string;
    path: string;
    headers?: Record<string, string>;
    status: number;
    code: string;
  }[] = [
    {
      name: 'no key',
      path: '/v1/people?email=a%40b.example',
      headers: {},
      status: 401,
      code: 'UNAUTHORIZED',
    },
    {
      name: 'a malformed Authorization header',
      path: '/v1/people?email=a%40b.example',
      headers: { authorization: 'Basic abc' },
      status: 401,
      code: 'UNAUTHORIZED',
    },
    { name: 'no email filter', path: '/v1/people', status: 400, code: 'INVALID_QUERY' },
    {
      name: 'an invalid email filter',
      path: '/v1/people?email=%27%20OR%201%3D1--',
      status: 400,
      code: 'INVALID_QUERY',
    },
    { name: 'a non-UUID id', path: "/v1/people/1'%20OR%20'1'='1", status: 404, code: 'PERSON_NOT_FOUND' },
    {
      name: 'an unknown id',
      path: '/v1/people/01a20889-9d3b-73a8-bc13-ed346251502e',
      status: 404,
      code: 'PERSON_NOT_FOUND',
    },
    {
      name: 'an unknown id (timeline)',
      path: '/v1/people/01a20889-9d3b-73a8-bc13-ed346251502e/timeline',
      status: 404,
      code: 'PERSON_NOT_FOUND',
    },
    {
      name: 'a bad timeline limit',
      path: `/v1/people/00000000-0000-7000-8000-000000000000/timeline?limit=-5`,
      status: 400,
      code: 'INVALID_QUERY',
    },
    { name: 'an unknown route', path: '/v1/nothing-here', status: 404, code: 'NOT_FOUND' },
  ];
  for (const e of errors) {
    it(`answers ${e.name} with ${e.status} ${e.code}`, async () => {
      const response = await t.request(e.path, { headers: e.headers ?? authHeader });
      expect(response.status).toBe(e.status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(e.code);
    });
  }

  it('stops honouring a key once it is revoked', async () => {
    await createApiKey(t.database.db, {
      name: 'temp',
      scopes: ['people:read'],
      actor: 'test',
      token: 'mops_temp_key_1234567890',
    });
    const headers = { authorization: 'Bearer mops_temp_key_1234567890' };
    expect((await t.request(`/v1/people/${personId}`, { headers })).status).toBe(200);
    await t.database.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('name', '=', 'temp')
      .execute();
    expect((await t.request(`/v1/people/${personId}`, { headers })).status).toBe(401);
  });

  it('lets a people:read key read people but not the playbook', async () => {
    await createApiKey(t.database.db, {
      name: 'sales',
      scopes: ['people:read'],
      actor: 'test',
      token: 'mops_sales_key_1234567890',
    });
    const headers = { authorization: 'Bearer mops_sales_key_1234567890' };
    expect((await t.request('/v1/playbook', { headers })).status).toBe(403);
    expect((await t.request('/v1/playbook', { headers: authHeader })).status).toBe(200);
  });

  it('serves health and an OpenAPI document listing every endpoint', async () => {
    const health = await t.request('/healthz');
    expect(await health.json()).toEqual({
      status: 'ok',
      database: 'ok',
      playbook_version: t.runtime.current().version.id,
    });
    const doc = (await (await t.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/v1/forms/{formId}/submissions',
        '/v1/events',
        '/v1/people',
        '/v1/people/{id}',
        '/v1/people/{id}/timeline',
      ]),
    );
  });

  it('records the playbook version that made each decision, across a playbook change', async () => {
    const { applyPlaybookText, examplePlaybookText } = await import('./helpers.ts');
    const before = t.runtime.current().version.id;
    await applyPlaybookText(
      t.database,
      examplePlaybookText().replace(
        'points: 25 }\n      - { id: manager',
        'points: 30 }\n      - { id: manager',
      ),
    );
    await t.runtime.refresh();
    const after = t.runtime.current().version.id;
    expect(after).toBe(before + 1);
    await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'lookup@initech.example' }),
    });
    const timeline = (await (
      await t.request(`/v1/people/${personId}/timeline`, { headers: authHeader })
    ).json()) as {
      items: {
        kind: string;
        rule: string | null;
        playbook_version: number | null;
        data: Record<string, unknown>;
      }[];
    };
    const seniorBuyer = timeline.items.filter((i) => i.kind === 'score' && i.rule === 'senior-buyer');
    expect(seniorBuyer.map((i) => [i.data.points, i.playbook_version])).toEqual([
      [25, before],
      [5, after],
    ]);
  });
});
