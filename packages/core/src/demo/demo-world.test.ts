import { describe, expect, it } from 'vitest';
import { monthsBefore } from './calendar.ts';
import { PLAYBOOK_OPTIONS } from './demo-test-options.ts';
import { type DemoAction, type DemoOptions, type DemoProbe, demoWorld } from './demo-world.ts';
import { CHANNEL_MIX, DAY, HOUR, RATES } from './rates.ts';

function take(options: DemoOptions, n: number): DemoAction[] {
  const out: DemoAction[] = [];
  for (const action of demoWorld(options).actions()) {
    out.push(action);
    if (out.length === n) break;
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)]!;

describe('demoWorld: determinism', () => {
  it('gives byte-identical actions, campaigns and costs for the same seed', () => {
    const a = take(PLAYBOOK_OPTIONS, 1000);
    const b = take(PLAYBOOK_OPTIONS, 1000);
    expect(a).toHaveLength(1000);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const wa = demoWorld(PLAYBOOK_OPTIONS);
    const wb = demoWorld(PLAYBOOK_OPTIONS);
    expect(JSON.stringify([wa.campaigns, wa.costs])).toBe(JSON.stringify([wb.campaigns, wb.costs]));
  });

  it('gives a different world for a different seed', () => {
    const a = take(PLAYBOOK_OPTIONS, 1000);
    const c = take({ ...PLAYBOOK_OPTIONS, seed: 43 }, 1000);
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    expect(demoWorld({ ...PLAYBOOK_OPTIONS, seed: 43 }).campaigns).not.toEqual(
      demoWorld(PLAYBOOK_OPTIONS).campaigns,
    );
  });

  it('starts over and recounts when actions() is called again', () => {
    const world = demoWorld({ ...PLAYBOOK_OPTIONS, people: 300 });
    const first = [...world.actions()].length;
    const intent = { ...world.intended };
    expect([...world.actions()].length).toBe(first);
    expect(world.intended).toEqual(intent);
    expect(intent.people).toBe(300);
  });
});

describe('demoWorld: a 20,000-person world over 36 months', () => {
  const options: DemoOptions = { ...PLAYBOOK_OPTIONS, people: 20_000, months: 36, seed: 7 };
  const world = demoWorld(options);
  const actions = [...world.actions()];
  const intent = world.intended;
  const start = monthsBefore(options.end, 36);

  it('streams in time order, inside the simulated months, nothing after the end', () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (const action of actions) {
      expect(action.at).toBeGreaterThanOrEqual(previous);
      previous = action.at;
    }
    expect(actions[0]!.at).toBeGreaterThanOrEqual(start);
    expect(previous).toBeLessThanOrEqual(options.end);
    for (const a of actions) {
      if (a.kind === 'visit')
        for (const pv of a.pageViews) expect(pv.at).toBeLessThanOrEqual(options.end + HOUR);
    }
  });

  it('creates exactly the people asked for, with 3× as many anonymous visitors', () => {
    expect(intent.people).toBe(20_000);
    expect(intent.anonymousVisitors).toBe(60_000);
    // Known visitors: everyone but the 5% who block tracking.
    expect((intent.visitors - intent.anonymousVisitors) / intent.people).toBeCloseTo(
      1 - RATES.trackingBlocked,
      2,
    );
    const forms = actions.filter((a) => a.kind === 'form');
    expect(forms.length).toBe(intent.formFills);
  });

  it('hits the funnel rates', () => {
    expect(intent.handRaisers / intent.people).toBeCloseTo(RATES.handRaiser, 1);
    expect(Math.abs(intent.handRaisers / intent.people - 0.12)).toBeLessThan(0.01);
    expect(Math.abs(intent.accepted / (intent.accepted + intent.rejected) - 0.7)).toBeLessThan(0.03);
    expect(Math.abs(intent.sqls / intent.accepted - 0.55)).toBeLessThan(0.04);
    expect(Math.abs(intent.opportunities / intent.sqls - 0.6)).toBeLessThan(0.05);
    expect(Math.abs(intent.won / (intent.won + intent.lost) - 0.25)).toBeLessThan(0.06);
    expect(Math.abs(intent.dirtyRecords / intent.formFills - 0.08)).toBeLessThan(0.01);
    expect(Math.abs(intent.duplicates / intent.people - 0.03)).toBeLessThan(0.007);
    expect(intent.freeMailDemoRequests / intent.people).toBeGreaterThan(0.004);
    expect(intent.freeMailDemoRequests / intent.people).toBeLessThan(0.012);
    const wonAmounts = actions
      .filter((a) => a.kind === 'opportunity_closed' && a.won)
      .map((a) => (a as { amount: number }).amount);
    expect(intent.wonRevenue).toBe(wonAmounts.reduce((s, x) => s + x, 0));
  });

  it('rejects MQLs with the documented reasons and sales touches with the documented activities', () => {
    const events = actions.filter((a) => a.kind === 'event');
    const reasons = new Set(events.filter((e) => e.event === 'mql_rejected').map((e) => e.properties.reason));
    expect(reasons).toEqual(
      new Set(['no_budget', 'bad_timing', 'not_decision_maker', 'competitor', 'bad_data', 'no_response']),
    );
    const activities = new Set(
      events.filter((e) => e.event === 'sales_touch').map((e) => e.properties.activity),
    );
    expect(activities).toEqual(new Set(['call', 'email', 'meeting']));
    expect(events.filter((e) => e.event === 'sales_touch').length).toBe(intent.salesTouches);
    for (const e of events.filter((x) => x.event === 'webinar_attended' || x.event === 'email_click')) {
      expect(typeof e.properties.campaign).toBe('string');
      expect(e.properties.utm_source).toBeDefined();
      expect(e.properties.utm_medium).toBeDefined();
    }
  });

  it('mixes first-session channels as documented', () => {
    const firstVisit = new Map<string, DemoAction & { kind: 'visit' }>();
    for (const a of actions)
      if (a.kind === 'visit' && !firstVisit.has(a.visitorId)) firstVisit.set(a.visitorId, a);
    const share = { paid_search: 0, organic: 0, direct: 0, review: 0 };
    for (const visit of firstVisit.values()) {
      const { url, referrer } = visit.pageViews[0]!;
      expect(url.startsWith('https://www.northwind.example/')).toBe(true);
      if (url.includes('gclid=')) share.paid_search++;
      else if (!url.includes('utm_') && referrer?.match(/google|bing/)) share.organic++;
      else if (!url.includes('?') && referrer === null) share.direct++;
      if (referrer?.includes('g2.com')) share.review++;
    }
    const n = firstVisit.size;
    const noEmail = 1 - CHANNEL_MIX.email;
    expect(Math.abs(share.paid_search / n - CHANNEL_MIX.paid_search / noEmail)).toBeLessThan(0.015);
    expect(Math.abs(share.organic / n - CHANNEL_MIX.organic_search / noEmail)).toBeLessThan(0.015);
    expect(Math.abs(share.direct / n - CHANNEL_MIX.direct / noEmail)).toBeLessThan(0.015);
    expect(Math.abs(share.review / n - CHANNEL_MIX.review_sites / noEmail)).toBeLessThan(0.01);
  });

  it('gives known people 2–15 page views before their first form, over several sessions', () => {
    const views = new Map<string, { pages: number; sessions: number }>();
    const counted = new Set<string>();
    const perPerson: { pages: number; sessions: number }[] = [];
    for (const a of actions) {
      if (a.kind === 'visit') {
        const v = views.get(a.visitorId) ?? { pages: 0, sessions: 0 };
        v.pages += a.pageViews.length;
        v.sessions++;
        views.set(a.visitorId, v);
      } else if (a.kind === 'form' && a.visitorId && views.has(a.visitorId) && !counted.has(a.visitorId)) {
        counted.add(a.visitorId);
        perPerson.push({ ...views.get(a.visitorId)! });
      }
    }
    expect(perPerson.length).toBeGreaterThan(18_000);
    for (const p of perPerson) {
      expect(p.pages).toBeGreaterThanOrEqual(2);
      expect(p.pages).toBeLessThanOrEqual(15);
    }
    const meanSessions = perPerson.reduce((s, p) => s + p.sessions, 0) / perPerson.length;
    expect(meanSessions).toBeGreaterThan(2.2);
    expect(meanSessions).toBeLessThan(3.5);
  });

  it('spaces the sales funnel with the documented delays', () => {
    const demoAt = new Map<string, number>();
    const touch: number[] = [];
    const touchDelays: { requestedAt: number; ms: number }[] = [];
    const decide: number[] = [];
    const toSql: number[] = [];
    const firstTouch = new Map<string, number>();
    const decided = new Map<string, number>();
    for (const a of actions) {
      if (a.kind === 'form' && a.formId === 'demo-request') {
        const email = a.fields.email!.trim().toLowerCase();
        if (!demoAt.has(email)) demoAt.set(email, a.at);
      } else if (a.kind === 'event' && a.event === 'sales_touch' && !firstTouch.has(a.email)) {
        firstTouch.set(a.email, a.at);
        touch.push(a.at - demoAt.get(a.email)!);
        touchDelays.push({ requestedAt: demoAt.get(a.email)!, ms: a.at - demoAt.get(a.email)! });
      } else if (a.kind === 'event' && (a.event === 'mql_accepted' || a.event === 'mql_rejected')) {
        decided.set(a.email, a.at);
        decide.push(a.at - firstTouch.get(a.email)!);
      } else if (a.kind === 'event' && a.event === 'sql_qualified') {
        toSql.push(a.at - decided.get(a.email)!);
      }
    }
    // Requests from Monday to Thursday see no weekend: about 2 hours to the first touch.
    const weekday = touchDelays
      .filter((d) => [1, 2, 3, 4].includes(new Date(d.requestedAt).getUTCDay()))
      .map((d) => d.ms);
    expect(median(weekday)).toBeGreaterThan(1.5 * HOUR);
    expect(median(weekday)).toBeLessThan(2.5 * HOUR);
    // Weekend requests wait for Monday; the tail runs to days.
    expect(median(touch)).toBeLessThan(8 * HOUR);
    expect(quantile(touch, 0.95)).toBeGreaterThan(24 * HOUR);
    expect(Math.min(...decide)).toBeGreaterThanOrEqual(DAY);
    expect(Math.max(...decide)).toBeLessThanOrEqual(3 * DAY);
    expect(Math.min(...toSql)).toBeGreaterThanOrEqual(7 * DAY);
    expect(Math.max(...toSql)).toBeLessThanOrEqual(21 * DAY);
  });

  it('builds account-level opportunities around $24k that close 30–120 days later', () => {
    const opened = new Map<string, number>();
    const amounts: number[] = [];
    for (const a of actions) {
      if (a.kind === 'opportunity') {
        opened.set(a.externalId, a.at);
        amounts.push(a.amount);
        expect(a.contacts.length).toBeGreaterThanOrEqual(1);
        expect(a.contacts.length).toBeLessThanOrEqual(3);
        expect(a.contacts.filter((c) => c.primary)).toHaveLength(1);
        for (const c of a.contacts) expect(c.email.endsWith(`@${a.accountDomain}`)).toBe(true);
      } else if (a.kind === 'opportunity_closed') {
        const days = (a.at - opened.get(a.externalId)!) / DAY;
        expect(days).toBeGreaterThanOrEqual(30);
        expect(days).toBeLessThanOrEqual(120);
      }
    }
    expect(median(amounts)).toBeGreaterThan(20_000);
    expect(median(amounts)).toBeLessThan(32_000);
  });

  it('carries UTMs and click ids in the first URL and the form hidden fields', () => {
    const forms = actions.filter((a) => a.kind === 'form');
    const withGclid = forms.filter((f) => f.tracking.gclid);
    expect(withGclid.length).toBeGreaterThan(100);
    for (const f of withGclid.slice(0, 50)) expect(f.tracking.utm_term).toBeDefined();
    for (const f of forms) {
      expect(f.tracking.page_url).toBe(f.pageUrl);
      if (f.visitorId) expect(f.tracking.visitor_id).toBe(f.visitorId);
      else expect(f.tracking.visitor_id).toBeUndefined();
    }
    const freeMailDemo = forms.filter(
      (f) => f.formId === 'demo-request' && /@(gmail|yahoo|outlook|hotmail)\.com/.test(f.fields.email!),
    );
    expect(freeMailDemo.length).toBe(intent.freeMailDemoRequests);
  });

  it('gives every intended person a unique email', () => {
    const emails = new Set<string>();
    for (const a of actions) if (a.kind === 'form') emails.add(a.fields.email!.trim().toLowerCase());
    // Every person's address, plus one new address per duplicate.
    expect(emails.size).toBe(intent.people + intent.duplicates);
  });
});

describe('demoWorld: small worlds and the playbook registry', () => {
  it('makes one known person in a one-month world, before the end', () => {
    for (const seed of [1, 2, 3]) {
      const options = { ...PLAYBOOK_OPTIONS, people: 1, months: 1, seed };
      const world = demoWorld(options);
      const actions = [...world.actions()];
      expect(world.intended.people).toBe(1);
      expect(world.intended.anonymousVisitors).toBe(3);
      expect(actions.filter((a) => a.kind === 'form').length).toBeGreaterThanOrEqual(1);
      expect(actions.every((a) => a.at <= options.end)).toBe(true);
    }
  });

  it('sends traffic to the registry campaigns running in the window, and none to the others', () => {
    const world = demoWorld({ ...PLAYBOOK_OPTIONS, people: 3000, months: 2, seed: 9 });
    const visits = new Map<string, number>();
    for (const a of world.actions()) {
      if (a.kind !== 'visit') continue;
      const campaign = /utm_campaign=([^&]+)/.exec(a.pageViews[0]!.url)?.[1];
      if (campaign) visits.set(campaign, (visits.get(campaign) ?? 0) + 1);
    }
    for (const name of [
      '2026-11_paid_social_na_demo-push',
      '2026-11_paid_search_na_brand',
      '2026-10_ebook_global_pipeline-benchmarks',
    ]) {
      expect(visits.get(name) ?? 0, name).toBeGreaterThan(50);
    }
    // The summit starts after the simulation ends.
    expect(visits.get('2027-02_event_na_revops-summit')).toBeUndefined();
  });
});

describe('demoWorld: bounded memory', () => {
  it('streams 200,000 people with a few thousand live journeys at most', { timeout: 120_000 }, () => {
    const probe: DemoProbe = { maxPending: 0 };
    const world = demoWorld({ ...PLAYBOOK_OPTIONS, people: 200_000, months: 36, seed: 3 }, probe);
    let n = 0;
    for (const _ of world.actions()) n++;
    expect(world.intended.people).toBe(200_000);
    expect(n).toBeGreaterThan(1_000_000);
    expect(probe.maxPending).toBeGreaterThan(100);
    expect(probe.maxPending).toBeLessThan(6_000);
  });
});

describe('demoWorld: bad options', () => {
  const cases: [string, Partial<DemoOptions>, RegExp][] = [
    ['no people', { people: 0 }, /people is 0; give a whole number from 1 to 2,000,000/],
    ['too many people', { people: 2_000_001 }, /people is 2000001/],
    ['fractional people', { people: 1.5 }, /people is 1.5/],
    ['zero months', { months: 0 }, /months is 0; give a whole number from 1 to 36/],
    ['too many months', { months: 37 }, /months is 37/],
    ['bad seed', { seed: Number.NaN }, /seed is NaN/],
    ['end not an epoch', { end: 2026 }, /end is 2026; give the simulation end as milliseconds/],
    ['no reps', { reps: [] }, /there are no reps/],
    ['bad rep region', { reps: [{ id: 'x', region: 'LATAM' as 'NA' }] }, /rep x has region LATAM/],
    ['no types', { naming: { types: [], regions: ['na'] } }, /naming.types is empty/],
    ['no regions', { naming: { types: ['webinar'], regions: [] } }, /naming.regions is empty/],
    [
      'bad registry date',
      { registryCampaigns: [{ name: 'x', channel: 'email', type: 'email', start: '11/04/2026', end: null }] },
      /registry campaign x has date "11\/04\/2026"; write dates as YYYY-MM-DD or null/,
    ],
  ];
  it.each(cases)('%s', (_, patch, message) => {
    expect(() => demoWorld({ ...PLAYBOOK_OPTIONS, ...patch })).toThrow(message);
  });
});
