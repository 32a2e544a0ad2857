import { attribute, buildJourneyPathSet, PlaybookAttribution } from '@mops/core/attribution';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergePeople } from '../src/merges/merge-people.ts';
import {
  type AttributionReport,
  attributionReport,
  attributionRows,
} from '../src/reports/attribution.query.ts';
import { createCampaignApp, shorthands } from './campaign-helpers.ts';
import type { TestApp } from './helpers.ts';
import { personAt, storeTouch } from './measurement-helpers.ts';

// Five accounts through the real API (people by form, opportunities by /v1/opportunities). Each
// form submission is itself a touch (form_submit, direct) when the person is created; the other
// touches are written as the tracker stores them (events rows with a channel), because the report
// needs touches months apart and the tracker stamps server time. Window: Nov 1 – Nov 23.
//
//   globex:   paid_search 08-10 (older than 90 days before the close) · paid_social 09-01 ·
//             form a1 09-01 00:05 (the lead) · form a2 09-10 · email 09-15 (a2) · webinar 10-01
//             (opportunity created 10-02) · email 11-10 (a2) · direct 11-21 (after the close)
//             — won 11-20, 10 000 USD
//   initech:  paid_search 11-01 · form b1 11-01 00:05 (lead; last before the opportunity) — won 11-15, 2 000 USD
//   hooli:    form c1 10-01 · organic 11-01 — won 11-10, 5 000 EUR (another currency: left out)
//   umbrella: form u1 05-01, long before — won 11-12, 3 000 USD (no touch: cannot be attributed)
//   vandelay: paid_social + form d1 11-05 — no opportunity (a path that did not convert)

let t: TestApp;
const { post } = shorthands(() => t);
const SINCE = new Date('2026-11-01T00:00:00Z');
const UNTIL = new Date('2026-11-23T15:00:00Z');
const window = { since: SINCE, until: UNTIL };
const ids: Record<string, string> = {};

const person = (key: string, domain: string, at: string) => personAt(t, ids, key, domain, at);

const touch = (key: string, at: string, channel: string, campaign?: string) =>
  storeTouch(t, ids[key], at, channel, campaign);

async function opportunity(key: string, body: Record<string, unknown>): Promise<void> {
  const res = await post('/v1/opportunities', { external_id: key, name: key, stage: 'Closed Won', ...body });
  expect(res.status, await res.clone().text()).toBe(201);
  ids[key] = ((await res.json()) as { id: string }).id;
}

const won = (domain: string, amount: number, created: string, closed: string, contact: string) => ({
  account_domain: domain,
  amount,
  status: 'won',
  created_at: `${created}T12:00:00Z`,
  closed_at: `${closed}T12:00:00Z`,
  contacts: [{ person_id: ids[contact], is_primary: true }],
});

const playbook = () => t.runtime.current();
const SECTION = PlaybookAttribution.parse({});
const byKey = (report: AttributionReport) => Object.fromEntries(report.rows.map((r) => [r.key, r.value]));
const sum = (report: AttributionReport, field: 'value' | 'conversions') =>
  report.rows.reduce((s, r) => s + r[field], 0);

beforeAll(async () => {
  t = await createCampaignApp();
  await person('a1', 'globex.example', '2026-09-01T00:05:00Z');
  await person('a2', 'globex.example', '2026-09-10T00:00:00Z');
  await person('b1', 'initech.example', '2026-11-01T00:05:00Z');
  await person('c1', 'hooli.example', '2026-10-01T00:00:00Z');
  await person('d1', 'vandelay.example', '2026-11-05T00:05:00Z');
  await person('u1', 'umbrella.example', '2026-05-01T00:00:00Z');
  await touch('a1', '2026-08-10T00:00:00Z', 'paid_search');
  await touch('a1', '2026-09-01T00:00:00Z', 'paid_social');
  await touch('a2', '2026-09-15T00:00:00Z', 'email');
  await touch('a1', '2026-10-01T00:00:00Z', 'webinar', '2026-10_webinar_emea_ops-masterclass');
  await touch('a2', '2026-11-10T00:00:00Z', 'email');
  await touch('a1', '2026-11-21T00:00:00Z', 'direct');
  await touch('b1', '2026-11-01T00:00:00Z', 'paid_search');
  await touch('c1', '2026-11-01T00:00:00Z', 'organic');
  await touch('d1', '2026-11-05T00:00:00Z', 'paid_social');
  t.clock.set(UNTIL);
  await opportunity('g1', won('globex.example', 10_000, '2026-10-02', '2026-11-20', 'a1'));
  await opportunity('i1', won('initech.example', 2_000, '2026-11-02', '2026-11-15', 'b1'));
  await opportunity('u1-deal', won('umbrella.example', 3_000, '2026-11-03', '2026-11-12', 'u1'));
  // Hooli has no account in the playbook: the opportunity names its contact only.
  const { account_domain: _, ...hooli } = won('hooli.example', 5_000, '2026-10-05', '2026-11-10', 'c1');
  await opportunity('h1', { ...hooli, currency: 'EUR' });
});
afterAll(async () => {
  await t.close();
});

describe('attributionReport (account level)', () => {
  it('gives w-shaped credit that adds up to the won value, and says what it left out', async () => {
    const report = await attributionReport(t.database.db, playbook(), window);
    expect(report).toMatchObject({ model: 'w-shaped', level: 'account', dimension: 'channel' });
    expect(report.totals).toEqual({ conversions: 2, value: 12_000, nulls: 1, currency: 'USD' });
    // Globex: 30 % each to the first touch (paid_social), the lead's form (direct) and the touch
    // before the opportunity (webinar); a2's form and two emails share 10 %. Initech: paid_search
    // is first, b1's form both created the lead and came last before the opportunity (2 × ⅓).
    const credit = byKey(report);
    expect(credit.paid_social).toBeCloseTo(3_000, 9);
    expect(credit.webinar).toBeCloseTo(3_000, 9);
    expect(credit.direct).toBeCloseTo(3_000 + 1_000 / 3 + (2_000 * 2) / 3, 9);
    expect(credit.email).toBeCloseTo(2_000 / 3, 9);
    expect(credit.paid_search).toBeCloseTo(2_000 / 3, 9);
    // Equal value: more conversions first (paid_search ⅓ of Initech's, email 2 × ⅓0 of Globex's), then by name.
    expect(report.rows.map((r) => r.key)).toEqual([
      'direct',
      'paid_social',
      'webinar',
      'paid_search',
      'email',
    ]);
    expect(report.rows[0]?.share_of_value).toBeCloseTo((3_000 + 1_000 / 3 + 4_000 / 3) / 12_000, 12);
    expect(sum(report, 'value')).toBeCloseTo(report.totals.value, 9);
    expect(sum(report, 'conversions')).toBeCloseTo(report.totals.conversions, 12);
    expect(report.excluded).toMatchObject({
      opportunities_without_touches: 1,
      opportunity_ids_without_touches: [ids['u1-deal']],
      currency_mismatch: 1,
      touches_after_conversion: 1,
      touches_before_lookback: 1,
      anonymous_touches: 0,
    });
    expect(report.denominators.join('\n')).toMatch(
      /2 opportunities won \(closed 2026-11-01 to 2026-11-23\) in USD/,
    );
    expect(report.denominators.join('\n')).toMatch(/1 converting opportunities had no touch in the lookback/);
    expect(report.denominators.join('\n')).toMatch(/1 converting opportunities in another currency than USD/);
  });

  it('counts the other currency when the report is in it, and credits campaigns when asked', async () => {
    const eur = await attributionReport(t.database.db, playbook(), { ...window, currency: 'EUR' });
    expect(eur.totals).toMatchObject({ conversions: 1, value: 5_000, currency: 'EUR' });
    expect(eur.excluded.currency_mismatch).toBe(3);
    const campaigns = await attributionReport(t.database.db, playbook(), {
      ...window,
      dimension: 'campaign',
    });
    expect(byKey(campaigns)).toEqual({
      '(no campaign)': expect.closeTo(9_000, 9),
      '2026-10_webinar_emea_ops-masterclass': expect.closeTo(3_000, 9),
    });
  });

  it('runs every model with credit summing to the totals; markov reports removal effects', async () => {
    for (const model of [
      'first',
      'last',
      'linear',
      'position',
      'full-path',
      'time-decay',
      'shapley',
      'markov',
    ] as const) {
      const report = await attributionReport(t.database.db, playbook(), { ...window, model });
      expect(sum(report, 'value'), model).toBeCloseTo(12_000, 6);
      expect(sum(report, 'conversions'), model).toBeCloseTo(2, 9);
    }
    const last = await attributionReport(t.database.db, playbook(), { ...window, model: 'last' });
    expect(byKey(last)).toEqual({ email: 10_000, direct: 2_000, paid_social: 0, webinar: 0, paid_search: 0 });
    const markov = await attributionReport(t.database.db, playbook(), { ...window, model: 'markov' });
    expect(markov.rows.every((r) => typeof r.removal_effect === 'number')).toBe(true);
  });

  it('drills down into one row: the opportunities behind it and the credit each gives', async () => {
    const email = await attributionRows(t.database.db, playbook(), window, 'email', 10);
    expect(email).toEqual([
      expect.objectContaining({
        opportunity_id: ids.g1,
        name: 'g1',
        amount: 10_000,
        closed_at: new Date('2026-11-20T12:00:00Z'),
        credit: { conversions: expect.closeTo(0.2 / 3, 12), value: expect.closeTo(2_000 / 3, 9) },
      }),
    ]);
    const search = await attributionRows(
      t.database.db,
      playbook(),
      { ...window, model: 'linear' },
      'paid_search',
      10,
    );
    // Globex's paid_search touch is older than the lookback: only Initech's journey has one.
    expect(search.map((r) => [r.name, r.credit.value])).toEqual([['i1', 1_000]]);
    await expect(
      attributionRows(t.database.db, playbook(), { ...window, model: 'markov' }, 'email', 10),
    ).rejects.toMatchObject({
      code: 'NO_JOURNEY_CREDIT',
      message: expect.stringMatching(/markov model has no credit per journey/),
    });
    await expect(attributionRows(t.database.db, playbook(), window, 'email', 0)).rejects.toThrow(
      /limit must be/,
    );
  });

  it('converts at creation under opportunity_created and refuses a window that ends before it starts', async () => {
    const current = playbook();
    const created = await attributionReport(
      t.database.db,
      {
        ...current,
        source: { ...current.source, attribution: { ...SECTION, conversion: 'opportunity_created' } },
      },
      window,
    );
    // Only i1 and Umbrella's deal were created in November; Globex, Hooli and Vandelay did not convert.
    expect(created.totals).toEqual({ conversions: 1, value: 2_000, nulls: 3, currency: 'USD' });
    expect(created.excluded.opportunities_without_touches).toBe(1);
    expect(created.denominators[0]).toMatch(/opportunities created 2026-11-01 to 2026-11-23/);
    await expect(
      attributionReport(t.database.db, playbook(), { since: UNTIL, until: SINCE }),
    ).rejects.toMatchObject({
      code: 'INVALID_QUERY',
      message: expect.stringMatching(/ends .* before it starts/),
    });
  });
});

describe('attributionReport (person level)', () => {
  it('follows the contact only, and a merged-away person counts as the survivor', async () => {
    const before = await attributionReport(t.database.db, playbook(), { ...window, level: 'person' });
    // a1 alone: paid_social (first), the form (lead) and webinar (opportunity) take ⅓ each.
    expect(byKey(before).paid_social).toBeCloseTo(10_000 / 3, 6);
    expect(byKey(before).webinar).toBeCloseTo(10_000 / 3, 6);
    expect(byKey(before).email).toBe(0); // a2's emails are a path that did not convert
    expect(before.totals.nulls).toBe(2); // a2 and d1 (c1's journey goes with its EUR deal; u1 never touched)
    const merged = await mergePeople(
      t.database.pool,
      playbook(),
      { personA: ids.a1!, personB: ids.a2!, probability: null, evidence: null, actor: 'test' },
      t.clock(),
    );
    expect(merged).toBeTruthy();
    const after = await attributionReport(t.database.db, playbook(), { ...window, level: 'person' });
    // a2's emails are now a1's: the same split as the account's.
    expect(byKey(after).paid_social).toBeCloseTo(3_000, 9);
    expect(byKey(after).email).toBeCloseTo(2_000 / 3, 9);
    expect(after.totals.nulls).toBe(1);
  });
});

describe('attributionReport: what no journey holds', () => {
  it('counts anonymous touches and touches of people without an account, in every model', async () => {
    const before = await attributionReport(t.database.db, playbook(), window);
    const beforeMarkov = await attributionReport(t.database.db, playbook(), { ...window, model: 'markov' });
    // A visitor who never said who they are, and someone at a company with no account.
    await storeTouch(t, undefined, '2026-11-06T00:00:00Z', 'paid_search');
    await storeTouch(t, undefined, '2026-11-07T00:00:00Z', 'display');
    t.clock.set('2026-11-06T00:00:00Z');
    const unaccounted = await person('w1', 'nowhere.example', '2026-11-06T00:00:00Z');
    // As an import without a company or domain leaves someone.
    await t.database.pool.query('UPDATE people SET account_id = NULL WHERE id = $1', [unaccounted]);
    await storeTouch(t, unaccounted, '2026-11-07T00:00:00Z', 'organic_social');
    t.clock.set(UNTIL);
    for (const model of ['w-shaped', 'markov'] as const) {
      const report = await attributionReport(t.database.db, playbook(), { ...window, model });
      const was = model === 'markov' ? beforeMarkov : before;
      expect(report.excluded.anonymous_touches - was.excluded.anonymous_touches).toBe(2);
      // That person's form touch and their organic_social one.
      expect(report.excluded.touches_without_account - was.excluded.touches_without_account).toBe(2);
      // No account, so no journey: nothing converted or not, and no channel listed for them.
      expect(report.totals.nulls).toBe(was.totals.nulls);
      expect(report.rows.map((r) => r.key)).not.toContain('organic_social');
      expect(report.rows.map((r) => r.key)).not.toContain('display');
    }
  });
});

describe('attributionReport: markov with the journeys that did not convert', () => {
  it('weighs each non-converting journey once, repeats and all, as reading every touch would', async () => {
    // March 2025, away from the rest: one person converts; three do not, two of them along the
    // same path once consecutive repeats are collapsed (email > email > paid_search).
    const at = (day: number) => `2025-03-${String(day).padStart(2, '0')}T00:00:00Z`;
    await person('m1', 'markov-won.example', at(2));
    await touch('m1', at(1), 'paid_search');
    await touch('m1', at(5), 'email');
    for (const key of ['n1', 'n2', 'n3']) await person(key, `markov-${key}.example`, at(3));
    await touch('n1', at(4), 'email');
    await touch('n1', at(5), 'email');
    await touch('n1', at(6), 'paid_search');
    await touch('n2', at(4), 'email');
    await touch('n2', at(5), 'paid_search');
    await touch('n3', at(4), 'paid_search');
    await touch('n3', at(5), 'paid_search');
    await touch('n3', at(6), 'email');
    t.clock.set(UNTIL);
    const { account_domain: _, ...deal } = won('markov-won.example', 1_000, '2025-03-06', '2025-03-10', 'm1');
    await opportunity('m1-deal', deal);

    const march = { since: new Date(at(1)), until: new Date('2025-04-01T00:00:00Z') };
    const report = await attributionReport(t.database.db, playbook(), {
      ...march,
      model: 'markov',
      level: 'person',
    });
    // Every journey as the touches say, the form fill (direct) where each person was created.
    const journey = (channels: string[], converted: boolean) => ({
      touches: channels.map((channel) => ({ channel })),
      conversions: converted ? 1 : 0,
      value: converted ? 1_000 : 0,
      nulls: converted ? 0 : 1,
    });
    const expected = attribute(
      buildJourneyPathSet([
        journey(['paid_search', 'direct', 'email'], true),
        journey(['direct', 'email', 'email', 'paid_search'], false),
        journey(['direct', 'email', 'paid_search'], false),
        journey(['direct', 'paid_search', 'paid_search', 'email'], false),
      ]),
      { model: 'markov', order: 1, nulls: true },
    );
    if (!expected.ok) throw new Error(expected.error.message);
    const e = expected.value;
    expect(report.totals).toMatchObject({ conversions: 1, value: 1_000, nulls: 3 });
    for (const row of report.rows) {
      const c = e.channels.indexOf(row.key);
      expect(c, row.key).toBeGreaterThanOrEqual(0);
      expect(row.conversions).toBeCloseTo(e.conversions[c] as number, 9);
      expect(row.value).toBeCloseTo(e.value[c] as number, 6);
      expect(row.removal_effect).toBeCloseTo(e.removalEffect?.[c] as number, 9);
    }
    expect(report.rows.map((r) => r.key).sort()).toEqual([...e.channels].sort());
  });
});
