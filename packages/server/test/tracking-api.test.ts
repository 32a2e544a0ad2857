import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, createTestApp, DESKTOP_USER_AGENT, demoRequest, type TestApp } from './helpers.ts';

const CAMPAIGN = '2026-11_paid_social_na_demo-push';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function pageView(url: string, extra: Record<string, unknown> = {}) {
  return {
    event_id: randomUUID(),
    type: 'page_view',
    ts: Date.now(),
    url,
    title: 'Demo',
    referrer: '',
    ...extra,
  };
}

function send(body: unknown, headers: Record<string, string> = {}) {
  return t.request('/v1/t', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': DESKTOP_USER_AGENT, ...headers },
  });
}

const batch = (visitorId: string, events: unknown[]) => ({
  v: 1,
  batch_id: randomUUID(),
  visitor_id: visitorId,
  session_id: randomUUID(),
  sent_at: Date.now(),
  events,
});

const countPeople = async (email: string) =>
  (await t.database.pool.query('SELECT count(*)::int AS n FROM people WHERE email = $1', [email])).rows[0]
    .n as number;

const eventsOf = async (visitorId: string) =>
  (
    await t.database.pool.query(
      `SELECT e.type, e.person_id, e.utm, e.utm_raw, e.channel, e.channel_rule, e.is_bot, e.client_at, e.occurred_at,
              e.referrer_domain, c.name AS campaign
         FROM events e LEFT JOIN campaigns c ON c.id = e.campaign_id
        WHERE e.visitor_id = $1 ORDER BY e.id`,
      [visitorId],
    )
  ).rows;

describe('POST /v1/t (the tracking script’s batches)', () => {
  it('stores a page view as a touch: UTMs normalised beside raw, channel by the playbook, campaign linked', async () => {
    const visitor = randomUUID();
    const url = `https://www.northwind.example/p/demo?utm_source=LinkedIn&utm_medium=Paid-Social&utm_campaign=${CAMPAIGN}&li_fat_id=abc`;
    const response = await send(batch(visitor, [pageView(url, { referrer: 'https://www.linkedin.com/' })]));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: [] });
    const [event] = await eventsOf(visitor);
    expect(event).toMatchObject({
      type: 'page_view',
      person_id: null,
      utm: { source: 'linkedin', medium: 'paid_social', campaign: CAMPAIGN },
      utm_raw: { source: 'LinkedIn', medium: 'Paid-Social', campaign: CAMPAIGN },
      channel: 'paid_social',
      campaign: CAMPAIGN,
      is_bot: false,
      referrer_domain: 'linkedin.com',
    });
  });

  it('counts a replayed batch once (idempotent by event id), and repeats inside a batch once', async () => {
    const visitor = randomUUID();
    const view = pageView('https://www.northwind.example/p/pricing');
    const body = batch(visitor, [view, view]);
    expect(await (await send(body)).json()).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await (await send(body)).json()).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await eventsOf(visitor)).toHaveLength(1);
  });

  it('stitches the visitor’s anonymous history to the person on form submit, with the first touch', async () => {
    const visitor = randomUUID();
    const landing = `https://www.northwind.example/p/demo?utm_source=li&utm_medium=paidsocial&utm_campaign=${CAMPAIGN}`;
    const firstTouch = {
      utm: { utm_source: 'li', utm_medium: 'paidsocial', utm_campaign: CAMPAIGN },
      click_ids: {},
      referrer: '',
      landing_url: landing,
    };
    await send(batch(visitor, [pageView(landing, { session_first_touch: firstTouch })]));
    await send(
      batch(visitor, [
        pageView('https://www.northwind.example/p/pricing', {
          referrer: 'https://www.northwind.example/p/demo',
          session_first_touch: firstTouch,
        }),
      ]),
    );
    const submit = await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({
        email: 'stitched@initech.example',
        mops_visitor_id: visitor,
        utm_source: 'li',
        utm_medium: 'paidsocial',
        utm_campaign: CAMPAIGN,
      }),
      headers: { 'user-agent': DESKTOP_USER_AGENT, referer: 'https://www.northwind.example/p/demo' },
    });
    expect(submit.status).toBe(201);
    const { person_id: personId } = (await submit.json()) as { person_id: string };
    const events = await eventsOf(visitor);
    expect(events.map((e) => [e.type, e.person_id, e.channel])).toEqual([
      ['page_view', personId, 'paid_social'],
      // Internal navigation takes the visit's source (the session's first touch).
      ['page_view', personId, 'paid_social'],
      ['form_submit', personId, 'paid_social'],
    ]);
    expect(events.every((e) => e.campaign === CAMPAIGN)).toBe(true);
    // Later anonymous events from the same browser go straight to the person.
    await send(batch(visitor, [pageView('https://www.northwind.example/blog')]));
    expect((await eventsOf(visitor)).at(-1)?.person_id).toBe(personId);
    const person = (await (await t.request(`/v1/people/${personId}`, { headers: authHeader })).json()) as {
      attribution: {
        first_touch: { type: string };
        original_source: Record<string, unknown>;
        touches: number;
      };
    };
    expect(person.attribution.first_touch.type).toBe('page_view');
    expect(person.attribution.original_source).toMatchObject({
      channel: 'paid_social',
      source: 'linkedin',
      medium: 'paid_social',
      campaign: CAMPAIGN,
    });
    expect(person.attribution.touches).toBe(4);
    // The stitched touches make the person a campaign member: responded (they submitted a form).
    await t.drain();
    const member = await t.database.pool.query(
      `SELECT m.status, m.source FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id
        WHERE c.name = $1 AND m.person_id = $2`,
      [CAMPAIGN, personId],
    );
    expect(member.rows).toEqual([{ status: 'responded', source: 'touches' }]);
    const decided = await t.database.pool.query(
      "SELECT reason FROM decisions WHERE person_id = $1 AND kind = 'campaign_member'",
      [personId],
    );
    expect(decided.rows[0]?.reason).toContain(`added to campaign ${CAMPAIGN} as responded`);
    const timeline = await t.request(`/v1/people/${personId}/timeline`, { headers: authHeader });
    const body = (await timeline.json()) as { items: { kind: string; type?: string }[] };
    expect(JSON.stringify(body)).toContain('page_view');
  });

  it('takes a relay’s batch for many browsers (each event names its visitor), each stitched on its own', async () => {
    const known = randomUUID();
    const submit = await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'relay.known@initech.example', mops_visitor_id: known }),
    });
    const { person_id: personId } = (await submit.json()) as { person_id: string };
    const anonymous = randomUUID();
    const response = await send(
      batch(randomUUID(), [
        pageView('https://www.northwind.example/a', { visitor_id: known }),
        pageView('https://www.northwind.example/b', { visitor_id: anonymous }),
        pageView('https://www.northwind.example/c', { visitor_id: 'nope' }),
      ]),
    );
    const result = (await response.json()) as { accepted: number; rejected: { index: number }[] };
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => r.index)).toEqual([2]);
    expect((await eventsOf(known)).at(-1)?.person_id).toBe(personId);
    expect((await eventsOf(anonymous))[0]?.person_id).toBeNull();
  });

  it('lets a browser identify only someone mops knows, and changes nothing about them', async () => {
    const submit = await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'known.identify@initech.example', title: 'VP Marketing' }),
    });
    const { person_id: personId } = (await submit.json()) as { person_id: string };
    const visitor = randomUUID();
    await send(batch(visitor, [pageView('https://www.northwind.example/before')]));
    const identify = (traits: Record<string, unknown>) => ({
      event_id: randomUUID(),
      type: 'identify',
      traits,
    });
    const unknown = await send(batch(visitor, [identify({ email: 'stranger@initech.example' })]));
    expect(await unknown.json()).toMatchObject({
      accepted: 0,
      rejected: [{ index: 0, code: 'UNKNOWN_PERSON' }],
    });
    expect(await countPeople('stranger@initech.example')).toBe(0);
    const known = await send(
      batch(visitor, [
        identify({ email: 'Known.Identify@initech.example', title: 'Intern' }),
        identify({ email: 'x@y.example' }),
      ]),
    );
    expect(await known.json()).toMatchObject({
      accepted: 1,
      rejected: [{ index: 1, code: 'TOO_MANY_IDENTIFIES' }],
    });
    expect((await eventsOf(visitor)).map((e) => e.person_id)).toEqual([personId, personId]);
    const title = await t.database.pool.query('SELECT title FROM people WHERE id = $1', [personId]);
    expect(title.rows[0].title).toBe('VP Marketing');
  });

  it('stores a batch whose URLs carry NUL characters (made storable, never failing the batch)', async () => {
    const visitor = randomUUID();
    const response = await send(
      batch(visitor, [
        pageView('https://www.northwind.example/?utm_source=%00li&gclid=%00x', { event_id: `nul\u0000id` }),
        pageView('https://www.northwind.example/fine', { ts: 1e15 }),
      ]),
    );
    expect(await response.json()).toMatchObject({ accepted: 2, rejected: [] });
    const events = await eventsOf(visitor);
    expect(events).toHaveLength(2);
    expect(events[0]?.utm_raw.source).toBe('\uFFFDli');
    expect(events[1]?.client_at).toBeNull();
  });

  it('stores properties holding tabs, newlines, backslashes and NULs by COPY, and client times to the millisecond', async () => {
    const visitor = randomUUID();
    const awkward = 'tab\there\nnew line\\back\\slash\rcr\u0000nul \\N';
    const at = Date.UTC(2026, 10, 2, 3, 4, 5, 6);
    // More events than the one-statement path takes: these go by COPY's text format.
    const events = Array.from({ length: 70 }, (_, i) =>
      pageView(`https://www.northwind.example/copy/${i}`, { ts: at + i, properties: { note: awkward } }),
    );
    expect(await (await send(batch(visitor, events))).json()).toMatchObject({ accepted: 70, rejected: [] });
    const stored = await t.database.pool.query<{ note: string; client_at: Date }>(
      `SELECT properties->>'note' AS note, client_at FROM events WHERE visitor_id = $1 ORDER BY client_at`,
      [visitor],
    );
    expect(stored.rows).toHaveLength(70);
    expect(new Set(stored.rows.map((r) => r.note))).toEqual(new Set([awkward.replace('\u0000', '\uFFFD')]));
    expect(stored.rows.map((r) => r.client_at.getTime())).toEqual(events.map((_, i) => at + i));
  });

  it('describes a large relay batch on a worker thread with the same result', async () => {
    const visitors = Array.from({ length: 20 }, () => randomUUID());
    const events = Array.from({ length: 400 }, (_, i) =>
      pageView(
        `https://www.northwind.example/docs/${i}?utm_source=LinkedIn&utm_medium=Paid-Social&utm_campaign=${CAMPAIGN}`,
        {
          visitor_id: visitors[i % visitors.length],
          title: `Page ${i} `.repeat(20),
        },
      ),
    );
    events[7] = { type: 'page_view' } as never;
    const body = batch(randomUUID(), events);
    expect(JSON.stringify(body).length).toBeGreaterThan(64 * 1024);
    const result = (await (await send(body)).json()) as { accepted: number; rejected: { index: number }[] };
    expect(result.accepted).toBe(399);
    expect(result.rejected.map((r) => r.index)).toEqual([7]);
    const stored = await eventsOf(visitors[0] as string);
    expect(stored).toHaveLength(20);
    expect(stored[0]).toMatchObject({
      channel: 'paid_social',
      campaign: CAMPAIGN,
      utm: { source: 'linkedin' },
    });
    // Replayed: nothing new.
    expect(await (await send(body)).json()).toMatchObject({ accepted: 0, duplicates: 399 });
    expect((await send(`{"v":1,${'x'.repeat(70_000)}`)).status).toBe(400);
  });

  it('links touches that named a campaign before it was registered, and makes their people members', async () => {
    const visitor = randomUUID();
    const submit = await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'early.clicker@initech.example', mops_visitor_id: visitor }),
    });
    const { person_id: personId } = (await submit.json()) as { person_id: string };
    const name = '2026-12_webinar_na_early-links';
    await send(
      batch(visitor, [
        pageView(
          `https://www.northwind.example/webinar?utm_source=newsletter&utm_medium=email&utm_campaign=${name}`,
        ),
      ]),
    );
    expect((await eventsOf(visitor)).at(-1)?.campaign).toBeNull();
    const created = await t.request('/v1/campaigns', {
      method: 'POST',
      json: { name, channel: 'events', budget: 1000 },
      headers: authHeader,
    });
    expect(created.status).toBe(201);
    await t.drain();
    expect((await eventsOf(visitor)).at(-1)?.campaign).toBe(name);
    const member = await t.database.pool.query(
      'SELECT m.status FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id WHERE c.name = $1 AND m.person_id = $2',
      [name, personId],
    );
    expect(member.rows).toEqual([{ status: 'engaged' }]);
  });

  it('counts a form submission as a touch whatever posted it (a backend, curl): it is a lead, not a bot', async () => {
    const submit = await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'posted.by.backend@initech.example' }),
      headers: { 'user-agent': 'curl/8.5.0' },
    });
    const { person_id: personId } = (await submit.json()) as { person_id: string };
    const person = (await (await t.request(`/v1/people/${personId}`, { headers: authHeader })).json()) as {
      attribution: { touches: number; original_source: { channel: string } };
    };
    expect(person.attribution.touches).toBe(1);
    expect(person.attribution.original_source.channel).toBe('direct');
  });

  it('flags bots (stored, not counted as touches)', async () => {
    const visitor = randomUUID();
    await send(batch(visitor, [pageView('https://www.northwind.example/')]), {
      'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    });
    const [event] = await eventsOf(visitor);
    expect(event?.is_bot).toBe(true);
    const touches = await t.database.pool.query(
      'SELECT count(*)::int AS n FROM touches WHERE visitor_id = $1',
      [visitor],
    );
    expect(touches.rows[0].n).toBe(0);
  });

  it('keeps the client’s clock beside server time, which wins', async () => {
    const visitor = randomUUID();
    const skewed = Date.parse('2031-01-01T00:00:00Z');
    await send(batch(visitor, [pageView('https://www.northwind.example/', { ts: skewed })]));
    const [event] = await eventsOf(visitor);
    expect(new Date(event?.client_at).toISOString()).toBe('2031-01-01T00:00:00.000Z');
    expect(new Date(event?.occurred_at).getUTCFullYear()).toBe(2026);
  });

  it('cleans garbage UTMs (HTML, double encoding, case, length) and keeps them raw', async () => {
    const visitor = randomUUID();
    const long = 'x'.repeat(5_000);
    const url = `https://www.northwind.example/?utm_source=%253Cb%253ELinkedIn%253C%252Fb%253E&utm_medium=<script>alert(1)</script>CPC&utm_content=${long}`;
    const response = await send(batch(visitor, [pageView(url)]));
    expect(await response.json()).toMatchObject({ accepted: 1 });
    const [event] = await eventsOf(visitor);
    expect(event?.utm.source).toBe('linkedin');
    expect(event?.utm.medium).toBe('cpc');
    expect(event?.utm.content.length).toBeLessThanOrEqual(200);
    expect(event?.utm_raw.source).toBe('%3Cb%3ELinkedIn%3C%2Fb%3E');
  });

  it('rejects what is not a batch with a clear error, and bad events one by one', async () => {
    expect((await send('not json')).status).toBe(400);
    const wrongVersion = await send({ ...batch(randomUUID(), [pageView('https://a.example/')]), v: 2 });
    expect(wrongVersion.status).toBe(422);
    const badVisitor = await send(batch('not-a-uuid', [pageView('https://a.example/')]));
    expect(badVisitor.status).toBe(422);
    expect(JSON.stringify(await badVisitor.json())).toContain('visitor_id');
    const tooMany = await send(
      batch(
        randomUUID(),
        Array.from({ length: 1001 }, () => pageView('https://a.example/')),
      ),
    );
    expect(tooMany.status).toBe(422);
    const visitor = randomUUID();
    const mixed = await send(
      batch(visitor, [
        pageView('javascript:alert(1)'),
        { type: 'page_view' },
        pageView('https://www.northwind.example/ok'),
      ]),
    );
    const result = (await mixed.json()) as { accepted: number; rejected: { index: number; code: string }[] };
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, 'INVALID_URL'],
      [1, 'INVALID_EVENT'],
    ]);
    // A "__proto__" key (valid JSON; built from text, as a literal would set the prototype) is
    // refused with where it is, not dropped without a word.
    const protoEvent = {
      ...pageView('https://www.northwind.example/proto'),
      properties: JSON.parse('{"__proto__": {"admin": true}, "plan": "pro"}'),
    };
    const withProto = await send(batch(randomUUID(), [protoEvent]));
    expect(await withProto.json()).toMatchObject({
      accepted: 0,
      rejected: [
        {
          index: 0,
          code: 'INVALID_EVENT',
          message: 'properties.__proto__: the key "__proto__" is not allowed',
        },
      ],
    });
    const huge = await send('x'.repeat(1024 * 1024 + 10));
    expect(huge.status).toBe(413);
  });

  it('stores nothing when the browser sends Do-Not-Track and the playbook respects it', async () => {
    const visitor = randomUUID();
    const response = await send(batch(visitor, [pageView('https://www.northwind.example/')]), { dnt: '1' });
    expect(await response.json()).toMatchObject({ accepted: 0, do_not_track: true });
    expect(await eventsOf(visitor)).toHaveLength(0);
  });

  it('sends a later event of a visitor whose person was merged away to the survivor', async () => {
    const visitor = randomUUID();
    const a = await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'merged.away@initech.example', mops_visitor_id: visitor }),
    });
    const b = await t.request('/v1/forms/demo-request/submissions', {
      method: 'POST',
      json: demoRequest({ email: 'survivor@initech.example' }),
    });
    const mergedId = ((await a.json()) as { person_id: string }).person_id;
    const survivorId = ((await b.json()) as { person_id: string }).person_id;
    await t.database.pool.query('UPDATE people SET merged_into = $1 WHERE id = $2', [survivorId, mergedId]);
    await send(batch(visitor, [pageView('https://www.northwind.example/after-merge')]));
    expect((await eventsOf(visitor)).at(-1)?.person_id).toBe(survivorId);
  });
});

describe('GET /t.js, /t.gif and /p/{slug}', () => {
  it('serves the script with the playbook’s settings and answers If-None-Match with 304', async () => {
    const first = await t.request('/t.js');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('javascript');
    const text = await first.text();
    expect(text).toContain('"respect_dnt":true');
    const again = await t.request('/t.js', { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  it('answers the pixel with a GIF and records the event for the visitor', async () => {
    const visitor = randomUUID();
    const response = await t.request(
      `/t.gif?vid=${visitor}&e=email_open&u=${encodeURIComponent('https://www.northwind.example/newsletter')}`,
      {
        headers: { 'user-agent': DESKTOP_USER_AGENT },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    const [event] = await eventsOf(visitor);
    expect(event).toMatchObject({ type: 'email_open', channel: 'email' });
    // Garbage never breaks the image.
    const garbage = await t.request('/t.gif?vid=%00%ff&u=javascript:1&e=<x>');
    expect(garbage.status).toBe(200);
  });

  it('renders a landing page with its form, hidden tracking fields filled by /t.js, and escapes its text', async () => {
    const response = await t.request('/p/demo');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<script async src="/t.js"></script>');
    expect(html).toContain('data-mops-form');
    expect(html).toContain('action="/v1/forms/demo-request/submissions"');
    expect(html).toContain('name="email"');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self' 'nonce-");
    expect((await t.request('/p/nope')).status).toBe(404);
  });
});
