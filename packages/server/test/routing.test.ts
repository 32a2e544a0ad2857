import { afterEach, describe, expect, it } from 'vitest';
import { authHeader, createTestApp, demoRequest, examplePlaybookText, type TestApp } from './helpers.ts';

const SUBMIT = '/v1/forms/demo-request/submissions';
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function submitAndShow(app: TestApp, body: Record<string, unknown>) {
  const response = await app.request(SUBMIT, { method: 'POST', json: body });
  expect(response.status).toBe(201);
  const { person_id } = (await response.json()) as { person_id: string };
  return (await (await app.request(`/v1/people/${person_id}`, { headers: authHeader })).json()) as Record<
    string,
    any
  >;
}

describe('routing at any hour', () => {
  const scenarios = [
    {
      when: 'Monday 10:00 New York',
      now: '2026-11-23T15:00:00Z',
      country: 'US',
      pool: 'na',
      reps: ['dana', 'eli'],
    },
    {
      when: 'Monday 10:00 Berlin',
      now: '2026-11-23T09:00:00Z',
      country: 'Germany',
      pool: 'emea',
      reps: ['gus', 'hana'],
    },
    {
      when: 'Monday 10:00 Tokyo',
      now: '2026-11-23T01:00:00Z',
      country: 'Japan',
      pool: 'apac',
      reps: ['kenji'],
    },
    // 03:00 on Monday in New York: NA is asleep, but Berlin (09:00) and Tokyo (17:00) are at work.
    {
      when: 'Monday 03:00 New York',
      now: '2026-11-23T08:00:00Z',
      country: 'US',
      pool: 'follow-the-sun',
      reps: ['gus', 'kenji'],
    },
    // Sunday: nobody is at work anywhere; the on-call rotation is paged.
    {
      when: 'Sunday 03:00 New York',
      now: '2026-11-22T08:00:00Z',
      country: 'US',
      pool: 'on-call',
      reps: ['eli', 'hana', 'priya'],
    },
  ];
  for (const s of scenarios) {
    it(`${s.when}: a ${s.country} demo request is owned by someone in ${s.pool}`, async () => {
      t = await createTestApp({ now: s.now });
      const p = await submitAndShow(
        t,
        demoRequest({ country: s.country, state: s.country === 'US' ? 'NY' : '' }),
      );
      expect(p.stage).toBe('mql');
      expect(p.last_routing.pool).toBe(s.pool);
      expect(s.reps).toContain(p.owner.rep_id);
    });
  }
});

describe('owner matching before distribution', () => {
  it('sends a named account to its owner, and later colleagues to the rep who claimed the account', async () => {
    t = await createTestApp();
    const globex = await submitAndShow(t, demoRequest({ email: 'cfo@globex.example', country: 'US' }));
    expect(globex.owner.rep_id).toBe('ivan');
    expect(globex.last_routing.rule).toBe('account-owner');

    const first = await submitAndShow(t, demoRequest({ email: 'a@newco.example', company: 'NewCo' }));
    const colleague = await submitAndShow(t, demoRequest({ email: 'b@newco.example', company: 'NewCo' }));
    expect(first.last_routing.rule).toBe('north-america');
    expect(colleague.last_routing.rule).toBe('account-owner');
    expect(colleague.owner.rep_id).toBe(first.owner.rep_id);
  });

  it('sends enterprise accounts (over 5,000 employees) to the enterprise pool', async () => {
    t = await createTestApp();
    const p = await submitAndShow(t, demoRequest({ email: 'vp@umbrella.example', country: 'GB' }));
    expect(p.last_routing).toMatchObject({ rule: 'enterprise', pool: 'enterprise' });
    expect(p.owner.rep_id).toBe('ivan');
  });
});

describe('the fallback queue', () => {
  it('holds a lead nobody can take, records why, and alerts ops', async () => {
    // Everyone out of office over the holidays.
    const playbook = examplePlaybookText()
      .replace(', out_of_office: [2026-12-24..2027-01-02]', '')
      .replace(/hours: "([^"]+)"/g, 'hours: "$1", out_of_office: [2026-12-20..2027-01-05]');
    t = await createTestApp({ playbook, now: '2026-12-28T15:00:00Z' });
    const p = await submitAndShow(t, demoRequest({ country: 'US' }));
    expect(p.stage).toBe('mql');
    expect(p.owner).toBeNull();
    expect(p.queue).toBe('unrouted');
    expect(p.last_routing.via).toBe('fallback');
    expect(p.last_routing.reason).toContain('nobody available in na, follow-the-sun, on-call');
    // The ops alert, and the enrichment of the new person (the example playbook enriches).
    expect(await t.drain()).toBe(2);
    const { rows } = await t.database.pool.query(
      'SELECT kind, recipient, subject FROM notifications WHERE person_id = $1',
      [p.id],
    );
    expect(rows).toEqual([
      {
        kind: 'unrouted_alert',
        recipient: 'ops@northwind.example',
        subject: expect.stringContaining('Unrouted lead in unrouted'),
      },
    ]);
    const timeline = (await (
      await t.request(`/v1/people/${p.id}/timeline`, { headers: authHeader })
    ).json()) as { items: Record<string, any>[] };
    const routing = timeline.items.find((i) => i.kind === 'routing');
    const why = routing?.data.trace.pools[0].candidates.map((c: { why: string }) => c.why);
    expect(why).toEqual([
      'out of office 2026-12-20..2027-01-05',
      'out of office 2026-12-20..2027-01-05',
      'out of office 2026-12-20..2027-01-05',
    ]);
  });
});

describe('the newsletter form', () => {
  it('accepts personal email, scores and stages, and does not route', async () => {
    t = await createTestApp();
    const response = await t.request('/v1/forms/newsletter/submissions', {
      method: 'POST',
      json: { email: 'reader@gmail.com', first_name: 'sam' },
    });
    expect(response.status).toBe(201);
    const { person_id } = (await response.json()) as { person_id: string };
    const p = (await (await t.request(`/v1/people/${person_id}`, { headers: authHeader })).json()) as Record<
      string,
      any
    >;
    expect(p.stage).toBe('known');
    expect(p.owner).toBeNull();
    expect(p.account).toBeNull();
    expect(p.scores).toMatchObject({ fit: 0, engagement: 5 });
    expect(p.last_routing).toBeNull();
  });
});
