import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/stores/api-key.store.ts';
import { authHeader, countRows, createTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const send = (batch: unknown, headers: Record<string, string> = {}) =>
  t.request('/v1/events', { method: 'POST', json: { batch }, headers: { ...authHeader, ...headers } });

async function personByEmail(email: string) {
  const response = await t.request(`/v1/people?email=${encodeURIComponent(email)}`, { headers: authHeader });
  const person = ((await response.json()) as { data: Record<string, any>[] }).data[0];
  if (!person) throw new Error(`no person ${email}`);
  return person;
}

describe('POST /v1/events', () => {
  it('identifies a person, then scores their engagement and makes them an MQL once fit and engagement clear the bar', async () => {
    const email = 'maria.garcia@tyrell.example';
    const identify = await send([
      {
        type: 'identify',
        message_id: 'm-1',
        email,
        traits: {
          first_name: 'maria',
          last_name: 'garcia',
          company: 'Tyrell',
          title: 'Head of Demand Generation',
          country: 'Germany',
        },
      },
    ]);
    expect(identify.status).toBe(200);
    let p = await personByEmail(email);
    expect(p.stage).toBe('lead');
    // senior-buyer 25 + target-function 15 + core-regions 10 + mid-market 20 + named-account 15
    expect(p.scores.fit).toBe(85);

    const track = await send([
      {
        type: 'track',
        message_id: 'm-2',
        email,
        event: 'webinar_attended',
        properties: { webinar: 'ai-ops' },
      },
      { type: 'track', message_id: 'm-3', email, event: 'page_view', properties: { path: '/pricing' } },
      { type: 'track', message_id: 'm-4', email, event: 'page_view', properties: { path: '/pricing' } },
      { type: 'track', message_id: 'm-5', email, event: 'webinar_attended' },
      { type: 'track', message_id: 'm-6', email, event: 'webinar_attended' },
    ]);
    const result = (await track.json()) as { accepted: number; results: Record<string, any>[] };
    expect(result.accepted).toBe(5);
    p = await personByEmail(email);
    // webinar 20 ×3 + pricing 10 once a day = 70 ≥ 60, fit 85 ≥ 40 → MQL, routed to the account owner (gus)
    expect(p.scores.engagement).toBe(70);
    expect(p.stage).toBe('mql');
    expect(p.owner.rep_id).toBe('gus');
    expect(p.last_routing.rule).toBe('account-owner');
    const timeline = await t.request(`/v1/people/${p.id}/timeline`, { headers: authHeader });
    const items = ((await timeline.json()) as { items: Record<string, any>[] }).items;
    const held = items.find((i) => i.kind === 'decision' && i.data.decision === 'score_skipped');
    expect(held?.reason).toContain('max 1 per day');
    expect(items.find((i) => i.kind === 'stage' && i.rule === 'score-threshold')).toBeTruthy();
  });

  it('does not count a retried batch twice (message ids, or the Idempotency-Key header)', async () => {
    const email = 'retry.me@initech.example';
    const batch = [
      { type: 'identify', message_id: 'r-1', email, traits: { first_name: 'Ray' } },
      { type: 'track', message_id: 'r-2', email, event: 'webinar_attended' },
    ];
    expect(((await (await send(batch)).json()) as { accepted: number }).accepted).toBe(2);
    const again = (await (await send(batch)).json()) as { accepted: number; duplicates: number };
    expect(again).toMatchObject({ accepted: 0, duplicates: 2 });
    const p = await personByEmail(email);
    expect(p.scores.engagement).toBe(20);

    const keyed = [{ type: 'track', email, event: 'webinar_attended' }];
    await send(keyed, { 'idempotency-key': 'batch-77' });
    const replay = (await (await send(keyed, { 'idempotency-key': 'batch-77' })).json()) as {
      duplicates: number;
    };
    expect(replay.duplicates).toBe(1);
    expect((await personByEmail(email)).scores.engagement).toBe(40);
  });

  it('rejects events without any idempotency key, and bad events one by one without sinking the batch', async () => {
    const response = await send([
      { type: 'track', email: 'nokey@initech.example', event: 'webinar_attended' },
      { type: 'track', message_id: 'b-1', email: 'not an email', event: 'webinar_attended' },
      { type: 'track', message_id: 'b-2', event: 'webinar_attended' },
      { type: 'track', message_id: 'b-3', email: 'ok@initech.example', event: 'Webinar Attended!' },
      { type: 'launch_rocket', message_id: 'b-4' },
      { type: 'identify', message_id: 'b-5', email: 'fine@initech.example', traits: { first_name: 'Fine' } },
    ]);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      accepted: number;
      rejected: number;
      results: Record<string, any>[];
    };
    expect(body.results.map((r) => r.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'accepted',
    ]);
    expect(body.results.map((r) => r.error?.code)).toEqual([
      'IDEMPOTENCY_KEY_REQUIRED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'UNKNOWN_EVENT_TYPE',
      undefined,
    ]);
    expect(body.results[1]?.error.details[0].code).toBe('EMAIL_INVALID');
  });

  it('refuses an event whose properties hold a "__proto__" key, saying where, instead of losing it', async () => {
    // Built from JSON text: in an object literal "__proto__" would set the prototype, not a key.
    const hostile = JSON.parse(
      '{"type": "track", "message_id": "proto-1", "email": "proto@initech.example", "event": "webinar_attended", "properties": {"__proto__": {"admin": true}, "webinar": "w1"}}',
    );
    const response = await send([hostile]);
    const body = (await response.json()) as { results: Record<string, any>[] };
    expect(body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } });
    expect(body.results[0]?.error.details).toEqual([
      { path: 'properties.__proto__', message: 'the key "__proto__" is not allowed' },
    ]);
  });

  it('stores unstorable characters in traits and properties safely, without sinking the batch', async () => {
    const email = 'nul.traits@initech.example';
    const response = await send([
      { type: 'identify', message_id: 'nul-1', email, traits: { first_name: 'Nul' } },
      {
        type: 'identify',
        message_id: 'nul-2',
        email,
        traits: { nickname: 'a\u0000b', last_name: 'O\ud800k' },
      },
      {
        type: 'track',
        message_id: 'nul-3',
        email,
        event: 'page_view',
        properties: { path: '/pricing\u0000', note: '\udfff' },
      },
    ]);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { status: string; error?: { code: string } }[] };
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(body.results[1]?.error?.code).toBe('VALIDATION_FAILED');
  });

  it('keeps the client timestamp unless it is in the future beyond clock skew', async () => {
    const email = 'clock@initech.example';
    await send([
      { type: 'track', message_id: 'c-1', email, event: 'email_click', timestamp: '2026-11-20T10:00:00Z' },
      { type: 'track', message_id: 'c-2', email, event: 'email_click', timestamp: '2030-01-01T00:00:00Z' },
    ]);
    const { rows } = await t.database.pool.query(
      "SELECT message_id, occurred_at, properties FROM events WHERE message_id IN ('evt:c-1', 'evt:c-2') ORDER BY message_id",
    );
    expect(rows[0].occurred_at.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(rows[1].occurred_at.toISOString()).toBe(t.clock().toISOString());
    expect(rows[1].properties.client_timestamp).toBe('2030-01-01T00:00:00Z');
  });

  const malformed: { name: string; init: RequestInit; status: number; code: string }[] = [
    {
      name: 'no API key',
      init: { method: 'POST', body: '{"batch":[]}', headers: { 'content-type': 'application/json' } },
      status: 401,
      code: 'UNAUTHORIZED',
    },
    {
      name: 'a wrong API key',
      init: {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      },
      status: 401,
      code: 'UNAUTHORIZED',
    },
    {
      name: 'malformed JSON',
      init: {
        method: 'POST',
        body: '{"batch": [',
        headers: { ...authHeader, 'content-type': 'application/json' },
      },
      status: 400,
      code: 'INVALID_JSON',
    },
    {
      name: 'form encoding',
      init: {
        method: 'POST',
        body: 'batch=1',
        headers: { ...authHeader, 'content-type': 'application/x-www-form-urlencoded' },
      },
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'an empty batch',
      init: {
        method: 'POST',
        body: '{"batch": []}',
        headers: { ...authHeader, 'content-type': 'application/json' },
      },
      status: 422,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'more than 500 events',
      init: {
        method: 'POST',
        body: JSON.stringify({ batch: Array.from({ length: 501 }, () => ({})) }),
        headers: { ...authHeader, 'content-type': 'application/json' },
      },
      status: 422,
      code: 'VALIDATION_FAILED',
    },
  ];
  for (const c of malformed) {
    it(`rejects ${c.name} with ${c.status}, writing nothing`, async () => {
      const before = await countRows(t.database);
      const response = await t.request('/v1/events', c.init);
      expect(response.status).toBe(c.status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(c.code);
      expect(await countRows(t.database)).toEqual(before);
    });
  }

  it('refuses a key without the events:write scope', async () => {
    await createApiKey(t.database.db, {
      name: 'reader',
      scopes: ['people:read'],
      actor: 'test',
      token: 'mops_reader_only_key_000000000000',
    });
    const response = await t.request('/v1/events', {
      method: 'POST',
      json: { batch: [{ type: 'identify', message_id: 'x', email: 'x@initech.example' }] },
      headers: { authorization: 'Bearer mops_reader_only_key_000000000000' },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'events:write',
    );
  });
});
