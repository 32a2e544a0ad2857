import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, countRows, createTestApp, demoRequest, type TestApp } from './helpers.ts';

const SUBMIT = '/v1/forms/demo-request/submissions';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const submit = (body: unknown, headers: Record<string, string> = {}) =>
  t.request(SUBMIT, {
    method: 'POST',
    json: body,
    headers: { 'x-forwarded-for': `10.0.0.${Math.floor(Math.random() * 250)}`, ...headers },
  });

async function person(id: string) {
  const response = await t.request(`/v1/people/${id}`, { headers: authHeader });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, any>;
}

describe('a demo request from a work email', () => {
  it('is stored, washed, scored, made an MQL and routed to a rep in the territory, in one request', async () => {
    const body = demoRequest({
      email: ' Jane.Doe@Initech.example ',
      first_name: 'jane',
      last_name: "o'neil",
      country: 'USA',
      state: 'calif.',
    });
    const response = await submit(body);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { person_id: string; status?: string };
    // The public answer does not say whether the email was already known.
    expect(created.status).toBeUndefined();

    const p = await person(created.person_id);
    expect(p.email).toBe('jane.doe@initech.example');
    expect(p.fields).toMatchObject({
      first_name: 'Jane',
      last_name: "O'Neil",
      country: 'US',
      state: 'CA',
      region: 'NA',
      function: 'marketing',
      seniority: 'vp',
    });
    expect(p.stage).toBe('mql');
    // senior-buyer 25 + target-function 15 + core-regions 10 + mid-market 20 (Initech: 850) + named-account 15
    expect(p.scores).toMatchObject({ fit: 85, engagement: 40, total: 125, grade: 'A2' });
    // Monday 10:00 in New York: the NA pool is at work.
    expect(['dana', 'eli', 'fay']).toContain(p.owner.rep_id);
    expect(p.account).toMatchObject({ domain: 'initech.example', named: true, owner: p.owner.rep_id });
    expect(p.last_routing).toMatchObject({ via: 'pool', rule: 'north-america', pool: 'na' });
  });

  it('explains every decision in the timeline, each with its rule and the playbook version', async () => {
    const response = await submit(demoRequest({ title: 'Director, Revenue Operations' }));
    const { person_id } = (await response.json()) as { person_id: string };
    const timeline = await t.request(`/v1/people/${person_id}/timeline`, { headers: authHeader });
    const { items } = (await timeline.json()) as { items: Record<string, any>[] };
    const kinds = items.map((i) => `${i.kind}:${i.rule ?? i.summary}`);
    expect(kinds[0]).toBe('event:submitted form demo-request (direct)');
    expect(kinds).toContain('decision:intake');
    expect(kinds).toContain('score:senior-buyer');
    expect(kinds).toContain('stage:hand-raiser');
    expect(kinds).toContain('routing:north-america');
    for (const item of items.filter((i) => ['score', 'stage', 'routing', 'decision'].includes(i.kind))) {
      expect(item.playbook_version).toBe(t.runtime.current().version.id);
      expect(item.reason).toBeTruthy();
    }
    const routing = items.find((i) => i.kind === 'routing') as Record<string, any>;
    expect(routing.data.trace.pools[0].candidates.map((c: any) => c.repId)).toEqual(['dana', 'eli', 'fay']);
    expect(routing.data.captured_at).toBeTruthy();
  });

  it('accepts application/x-www-form-urlencoded and multipart/form-data, as plain HTML forms send', async () => {
    const fields = demoRequest();
    const encoded = new URLSearchParams(fields as Record<string, string>).toString();
    const urlencoded = await t.request(SUBMIT, {
      method: 'POST',
      body: encoded,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(urlencoded.status).toBe(201);
    const form = new FormData();
    for (const [k, v] of Object.entries(demoRequest())) form.set(k, String(v));
    const multipart = await t.request(SUBMIT, { method: 'POST', body: form });
    expect(multipart.status).toBe(201);
  });

  it('keeps tracking fields on the event and lists fields the form does not collect', async () => {
    const response = await submit(
      demoRequest({
        utm_source: 'LinkedIn',
        utm_campaign: '2026-11_webinar_na_ai',
        favourite_colour: 'teal',
      }),
    );
    const body = (await response.json()) as { person_id: string; ignored_fields: string[] };
    expect(body.ignored_fields).toEqual(['favourite_colour']);
    const { rows } = await t.database.pool.query('SELECT properties FROM events WHERE person_id = $1', [
      body.person_id,
    ]);
    expect(rows[0].properties.tracking).toMatchObject({
      utm_source: 'LinkedIn',
      utm_campaign: '2026-11_webinar_na_ai',
    });
    expect(rows[0].properties.ignored_fields).toEqual({ favourite_colour: 'teal' });
  });

  it('answers CORS preflight so the form can be embedded on any site', async () => {
    const response = await t.request(SUBMIT, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://www.northwind.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const post = await submit(demoRequest(), { origin: 'https://www.northwind.example' });
    expect(post.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('treats a repeated Idempotency-Key as the same submission', async () => {
    const body = demoRequest();
    const first = await submit(body, { 'idempotency-key': 'retry-123' });
    const second = await submit(body, { 'idempotency-key': 'retry-123' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const a = (await first.json()) as { person_id: string; submission_id: number };
    const b = (await second.json()) as { person_id: string; submission_id: number; status: string };
    expect(b).toEqual({ person_id: a.person_id, submission_id: a.submission_id, status: 'duplicate' });
  });

  it('updates a returning person (most recent value wins) without routing them again', async () => {
    const body = demoRequest();
    const first = (await (await submit(body)).json()) as { person_id: string };
    const before = await person(first.person_id);
    const again = await submit({ ...body, title: 'Chief Marketing Officer', phone: '' });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { person_id: string }).person_id).toBe(first.person_id);
    const after = await person(first.person_id);
    expect(after.fields.title).toBe('Chief Marketing Officer');
    expect(after.fields.seniority).toBe('c_level');
    expect(after.fields.phone).toBe(before.fields.phone); // an empty value never erases
    expect(after.owner.rep_id).toBe(before.owner.rep_id);
    const { rows } = await t.database.pool.query(
      'SELECT count(*)::int AS n FROM routing_assignments WHERE person_id = $1',
      [first.person_id],
    );
    expect(rows[0].n).toBe(1);
  });
});

describe('bad input: a clear error and nothing written', () => {
  const cases: {
    name: string;
    send: () => Promise<Response>;
    status: number;
    code: string;
    fields?: string[];
  }[] = [
    {
      name: 'malformed JSON',
      send: () =>
        t.request(SUBMIT, {
          method: 'POST',
          body: '{"email": "a@b.example",',
          headers: { 'content-type': 'application/json' },
        }),
      status: 400,
      code: 'INVALID_JSON',
    },
    {
      name: 'a JSON array instead of an object',
      send: () => submit([1, 2]),
      status: 400,
      code: 'INVALID_BODY',
    },
    {
      name: 'an unsupported content type',
      send: () =>
        t.request(SUBMIT, {
          method: 'POST',
          body: 'email=a@b.example',
          headers: { 'content-type': 'text/plain' },
        }),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'an oversized body',
      send: () => submit(demoRequest({ company: 'x'.repeat(70_000) })),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    },
    {
      name: 'an unknown form',
      send: () => t.request('/v1/forms/nope/submissions', { method: 'POST', json: demoRequest() }),
      status: 404,
      code: 'FORM_NOT_FOUND',
    },
    {
      name: 'missing required fields',
      send: () => submit({ email: 'someone@initech.example' }),
      status: 422,
      code: 'VALIDATION_FAILED',
      fields: ['first_name', 'last_name', 'company', 'country'],
    },
    {
      name: 'an invalid email',
      send: () => submit(demoRequest({ email: 'not-an-email' })),
      status: 422,
      code: 'VALIDATION_FAILED',
      fields: ['email'],
    },
    {
      name: 'a free-mail address on a B2B form',
      send: () => submit(demoRequest({ email: 'jane@gmail.com' })),
      status: 422,
      code: 'VALIDATION_FAILED',
      fields: ['email'],
    },
    {
      name: 'a disposable address',
      send: () => submit(demoRequest({ email: 'jane@mailinator.com' })),
      status: 422,
      code: 'VALIDATION_FAILED',
      fields: ['email'],
    },
    {
      name: 'an over-long field',
      send: () => submit(demoRequest({ title: 't'.repeat(151) })),
      status: 422,
      code: 'VALIDATION_FAILED',
      fields: ['title'],
    },
    {
      name: 'a NUL byte',
      send: () => submit(demoRequest({ company: 'Acme\u0000Corp' })),
      status: 422,
      code: 'VALIDATION_FAILED',
      fields: ['company'],
    },
    {
      name: 'a nested object as a field',
      send: () => submit(demoRequest({ company: { $gt: '' } })),
      status: 422,
      code: 'VALIDATION_FAILED',
      fields: ['company'],
    },
    {
      name: 'an unknown country',
      send: () => submit(demoRequest({ country: 'Narnia' })),
      status: 422,
      code: 'VALIDATION_FAILED',
      fields: ['country'],
    },
  ];

  for (const c of cases) {
    it(`rejects ${c.name} with ${c.status} ${c.code}`, async () => {
      const before = await countRows(t.database);
      const response = await c.send();
      expect(response.status).toBe(c.status);
      const body = (await response.json()) as {
        error: { code: string; message: string; details?: { path: string; message: string }[] };
      };
      expect(body.error.code).toBe(c.code);
      expect(body.error.message.length).toBeGreaterThan(10);
      if (c.fields) expect(body.error.details?.map((d) => d.path).sort()).toEqual([...c.fields].sort());
      expect(await countRows(t.database)).toEqual(before);
    });
  }

  it('keeps every rejected submission (spam and invalid) in form_rejections', async () => {
    await submit(demoRequest({ email: 'jane@yahoo.com' }));
    const { rows } = await t.database.pool.query(
      "SELECT code, details, payload FROM form_rejections WHERE payload->>'email' = 'jane@yahoo.com'",
    );
    expect(rows[0].code).toBe('VALIDATION_FAILED');
    expect(rows[0].details[0].code).toBe('EMAIL_FREE_MAIL');
  });

  it('discards honeypot spam without creating a person, but records it', async () => {
    const body = demoRequest({ website_url: 'http://spam.example' });
    const before = await countRows(t.database);
    const response = await submit(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    expect(await countRows(t.database)).toEqual(before);
    const { rows } = await t.database.pool.query(
      "SELECT code FROM form_rejections WHERE payload->>'email' = $1",
      [body.email],
    );
    expect(rows[0].code).toBe('SPAM_HONEYPOT');
  });

  it('rate-limits one client address per form (429 with Retry-After)', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await submit(demoRequest(), headers)).status);
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    const limited = await submit(demoRequest(), headers);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect((await submit(demoRequest(), { 'x-forwarded-for': '203.0.113.10' })).status).toBe(201);
  });
});

describe('more hostile input', () => {
  it('refuses an Idempotency-Key reused for a different submission, instead of dropping the new one', async () => {
    const body = demoRequest();
    expect((await submit(body, { 'idempotency-key': 'page-load-42' })).status).toBe(201);
    const corrected = await submit(
      { ...body, email: 'corrected@initech.example' },
      { 'idempotency-key': 'page-load-42' },
    );
    expect(corrected.status).toBe(422);
    expect(((await corrected.json()) as { error: { code: string } }).error.code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('rejects a lone UTF-16 surrogate in a field (422) and keeps the rejection', async () => {
    const body = demoRequest({ first_name: '\ud800ada', favourite: '\udfff' });
    const response = await submit(body);
    expect(response.status).toBe(422);
    const error = ((await response.json()) as { error: { details: { path: string; code: string }[] } }).error;
    expect(error.details).toEqual([
      expect.objectContaining({ path: 'first_name', code: 'FIELD_INVALID_CHARACTERS' }),
    ]);
    const { rows } = await t.database.pool.query(
      "SELECT count(*)::int AS n FROM form_rejections WHERE payload->>'email' = $1",
      [body.email],
    );
    expect(rows[0].n).toBe(1);
  });

  it('stores a broken surrogate in tracking or unknown fields as a replacement character', async () => {
    const response = await submit(demoRequest({ utm_source: 'li\ud800nk', favourite: 'x\udfffy' }));
    expect(response.status).toBe(201);
    const { person_id } = (await response.json()) as { person_id: string };
    const { rows } = await t.database.pool.query('SELECT properties FROM events WHERE person_id = $1', [
      person_id,
    ]);
    expect(rows[0].properties.tracking.utm_source).toBe('li\uFFFDnk');
    expect(rows[0].properties.ignored_fields.favourite).toBe('x\uFFFDy');
  });

  it('rate-limits on the address the trusted proxy appended, not on what the client wrote before it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await submit(demoRequest(), { 'x-forwarded-for': `1.2.3.${i}, 198.51.100.7` })).status);
    }
    expect(statuses.at(-1), statuses.join(',')).toBe(429);
  });
});

describe('hostile but valid text is stored as text', () => {
  const values = [
    { field: 'company', value: '<script>alert("x")</script> Corp' },
    { field: 'company', value: "Robert'); DROP TABLE people;--" },
    { field: 'last_name', value: 'Ñúñez-Müller 王' },
    { field: 'title', value: '"><img src=x onerror=alert(1)> Manager' },
  ];
  for (const { field, value } of values) {
    it(`keeps ${JSON.stringify(value)} verbatim in ${field}`, async () => {
      const response = await submit(demoRequest({ [field]: value }));
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toContain('application/json');
      const p = await person(((await response.json()) as { person_id: string }).person_id);
      expect(p.fields[field]).toBe(value);
    });
  }

  it('still has its tables after the SQL-looking input', async () => {
    const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM people');
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
