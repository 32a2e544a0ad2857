import { describe, expect, it } from 'vitest';
import { attributionSettings, PlaybookAttribution } from '../playbook/attribution.schema.ts';
import { attribute } from './attribute.ts';
import { buildJourneyPathSet, creditByJourney } from './journey-credit.ts';
import { buildJourneys, type ConversionRow, type TouchRow } from './journeys.ts';
import { MILESTONE } from './path-set.ts';

const DAY = 86_400_000;
const { LEAD_CREATED, OPPORTUNITY_CREATED, CLOSED_WON } = MILESTONE;

let eventId = 0;
const touch = (key: string, day: number, channel: string): TouchRow => {
  eventId += 1;
  return { key, at: day * DAY, channel, type: 'page_view', eventId, personId: `${key}-p` };
};
const opp = (key: string, id: string, o: Partial<ConversionRow>): ConversionRow => ({
  key,
  opportunityId: id,
  createdAt: 0,
  closedAt: null,
  won: false,
  amount: 0,
  leadCreatedAt: null,
  ...o,
});
const WON = { lookbackMs: 90 * DAY, conversion: 'won' as const };

describe('buildJourneys', () => {
  const touches = [
    touch('acme', 1, 'paid_search'), // before the lookback of the deal closing day 100 (day 10)
    touch('acme', 20, 'paid_social'), // lead created here (day 20)
    touch('acme', 30, 'email'),
    touch('acme', 40, 'webinar'), // opportunity created day 45
    touch('acme', 60, 'email'), // last before the close (day 100)
    touch('acme', 101, 'direct'), // after the close: left out and counted
    touch('globex', 5, 'organic'),
    touch('globex', 6, 'organic'),
  ];
  const won = opp('acme', 'o1', {
    createdAt: 45 * DAY,
    closedAt: 100 * DAY,
    won: true,
    amount: 1000,
    leadCreatedAt: 20 * DAY,
  });

  it('makes a converting journey of the lookback window, with milestones, and a null path per key that did not convert', () => {
    const built = buildJourneys(touches, [won], WON);
    expect(built.index).toEqual([
      { opportunityId: 'o1', key: 'acme' },
      { opportunityId: null, key: 'globex' },
    ]);
    expect(built.journeys[0]).toEqual({
      touches: [
        { channel: 'paid_social', at: 20 * DAY, milestones: LEAD_CREATED },
        { channel: 'email', at: 30 * DAY },
        { channel: 'webinar', at: 40 * DAY, milestones: OPPORTUNITY_CREATED },
        { channel: 'email', at: 60 * DAY, milestones: CLOSED_WON },
      ],
      conversions: 1,
      value: 1000,
      nulls: 0,
      convertedAt: 100 * DAY,
    });
    expect(built.journeys[1]).toEqual({
      touches: [
        { channel: 'organic', at: 5 * DAY },
        { channel: 'organic', at: 6 * DAY },
      ],
      conversions: 0,
      value: 0,
      nulls: 1,
    });
    expect(built.excluded).toEqual({
      opportunitiesWithoutTouches: 0,
      opportunityIdsWithoutTouches: [],
      opportunitiesNotConverting: 0,
      touchesAfterConversion: 1,
      touchesBeforeLookback: 1,
    });
  });

  it('gives w-shaped 30/30/30 to lead, opportunity and the first touch, 10 % to the rest (exact credit)', () => {
    const built = buildJourneys(touches, [won], WON);
    const result = attribute(buildJourneyPathSet(built.journeys), { model: 'w-shaped' });
    if (!result.ok) throw new Error(result.error.message);
    const credit = Object.fromEntries(result.value.channels.map((c, i) => [c, result.value.value[i]]));
    // paid_social is the first touch and created the lead: 2 × 30 %; webinar 30 %; the two emails 5 % each.
    expect(credit.paid_social).toBeCloseTo(600, 9);
    expect(credit.webinar).toBeCloseTo(300, 9);
    expect(credit.email).toBeCloseTo(100, 9);
    expect(credit.organic).toBe(0);
  });

  it('makes two journeys for two deals of one account, sharing touches, and marks the lead touch at or just before the lead', () => {
    const second = opp('acme', 'o2', {
      createdAt: 50 * DAY,
      closedAt: 110 * DAY,
      won: true,
      amount: 500,
      leadCreatedAt: 35 * DAY,
    });
    const built = buildJourneys(touches, [won, second], { lookbackMs: 80 * DAY, conversion: 'won' });
    expect(built.index.map((e) => e.opportunityId)).toEqual(['o1', 'o2', null]);
    expect(built.journeys[1]?.touches).toEqual([
      { channel: 'email', at: 30 * DAY, milestones: LEAD_CREATED },
      { channel: 'webinar', at: 40 * DAY, milestones: OPPORTUNITY_CREATED },
      { channel: 'email', at: 60 * DAY },
      { channel: 'direct', at: 101 * DAY, milestones: CLOSED_WON },
    ]);
    // Day 1 is outside both windows (20 → 100, 30 → 110); the first window starts at day 20.
    expect(built.excluded.touchesBeforeLookback).toBe(1);
    expect(built.excluded.touchesAfterConversion).toBe(0);
  });

  it('gives the lead role to the first touch when the lead was created before the journey', () => {
    const early = { ...won, leadCreatedAt: 0 };
    const built = buildJourneys(touches, [early], WON);
    expect(built.journeys[0]?.touches[0]?.milestones).toBe(LEAD_CREATED);
  });

  it('counts opportunities without touches, and those that do not convert, and keeps the key a null path', () => {
    const lost = opp('globex', 'lost', { createdAt: 3 * DAY, closedAt: 7 * DAY, won: false, amount: 9 });
    const silent = opp('initech', 'silent', { createdAt: 3 * DAY, closedAt: 7 * DAY, won: true, amount: 9 });
    const stale = opp('acme', 'stale', { createdAt: 200 * DAY, closedAt: 400 * DAY, won: true, amount: 9 });
    const built = buildJourneys(touches, [lost, silent, stale], WON);
    expect(built.excluded.opportunitiesNotConverting).toBe(1);
    expect(built.excluded.opportunitiesWithoutTouches).toBe(2);
    expect(built.excluded.opportunityIdsWithoutTouches.sort()).toEqual(['silent', 'stale']);
    expect(built.excluded.touchesBeforeLookback).toBe(6); // every acme touch: the deal's window is empty
    expect(built.index).toEqual([{ opportunityId: null, key: 'globex' }]);
  });

  it('converts at creation under opportunity_created, leaving touches after it out', () => {
    const built = buildJourneys(touches, [won], { lookbackMs: 90 * DAY, conversion: 'opportunity_created' });
    expect(built.journeys[0]?.convertedAt).toBe(45 * DAY);
    // Day 1 is inside this window (45 − 90 days); the lead touch is still day 20's.
    expect(built.journeys[0]?.touches.map((t) => t.milestones ?? 0)).toEqual([
      0,
      LEAD_CREATED,
      0,
      OPPORTUNITY_CREATED,
    ]);
    expect(built.excluded.touchesAfterConversion).toBe(2);
  });

  it('refuses touches that are not sorted by key then time', () => {
    const mixed = [touch('a', 1, 'x'), touch('b', 1, 'x'), touch('a', 2, 'x')];
    expect(() => buildJourneys(mixed, [], WON)).toThrow(
      /sorted by key then time: key a appears again at row 3/,
    );
    const backwards = [touch('a', 2, 'x'), touch('a', 1, 'x')];
    expect(() => buildJourneys(backwards, [], WON)).toThrow(/row 2 \(key a\) goes back in time/);
    expect(() => buildJourneys([], [], { lookbackMs: -1, conversion: 'won' })).toThrow(/lookbackMs/);
  });
});

describe('creditByJourney', () => {
  const touches = [
    touch('a', 1, 'email'),
    touch('a', 2, 'paid_search'),
    touch('b', 1, 'paid_search'),
    touch('c', 1, 'email'),
  ];
  const conversions = [
    opp('a', 'oa', { createdAt: 2 * DAY, closedAt: 3 * DAY, won: true, amount: 100, leadCreatedAt: DAY }),
    opp('b', 'ob', { createdAt: 1 * DAY, closedAt: 3 * DAY, won: true, amount: 40, leadCreatedAt: null }),
  ];
  const { journeys } = buildJourneys(touches, conversions, WON);

  it.each(['linear', 'w-shaped', 'time-decay', 'shapley', 'first'] as const)(
    'adds up to the channel credit of the whole set under %s',
    (model) => {
      const whole = attribute(buildJourneyPathSet(journeys), { model });
      if (!whole.ok) throw new Error(whole.error.message);
      for (const channel of ['email', 'paid_search']) {
        const parts = creditByJourney(journeys, channel, { model });
        if (!parts.ok) throw new Error(parts.error.message);
        const c = whole.value.channels.indexOf(channel);
        expect(parts.value.reduce((s, p) => s + p.value, 0)).toBeCloseTo(whole.value.value[c]!, 9);
        expect(parts.value.reduce((s, p) => s + p.conversions, 0)).toBeCloseTo(
          whole.value.conversions[c]!,
          9,
        );
      }
    },
  );

  it('gives linear credit per journey: half of a, all of b', () => {
    const parts = creditByJourney(journeys, 'paid_search', { model: 'linear' });
    expect(parts).toEqual({
      ok: true,
      value: [
        { journey: 0, conversions: 0.5, value: 50 },
        { journey: 1, conversions: 1, value: 40 },
      ],
    });
  });

  it('says markov has no per-journey credit', () => {
    const parts = creditByJourney(journeys, 'email', { model: 'markov' });
    expect(parts.ok).toBe(false);
    if (!parts.ok)
      expect(parts.error).toMatchObject({ code: 'NO_JOURNEY_CREDIT', message: /removal effect/ });
  });
});

describe('attributionSettings', () => {
  it('applies the defaults when the playbook has no attribution section', () => {
    expect(attributionSettings({})).toEqual({
      level: 'account',
      lookbackMs: 90 * DAY,
      touchTypes: null,
      conversion: 'won',
      dimension: 'channel',
      defaultModel: 'w-shaped',
      halfLifeMs: 7 * DAY,
      markov: { order: 1, nulls: true },
    });
  });

  it('parses a section, and refuses a bad duration, model or unknown key', () => {
    const section = PlaybookAttribution.parse({
      level: 'person',
      lookback: '12w',
      touch_types: ['form_submit'],
      conversion: 'opportunity_created',
      dimension: 'campaign',
      default_model: 'markov',
      half_life: '36h',
      markov: { order: 2 },
    });
    expect(attributionSettings({ attribution: section })).toMatchObject({
      level: 'person',
      lookbackMs: 84 * DAY,
      touchTypes: ['form_submit'],
      halfLifeMs: 36 * 3_600_000,
      markov: { order: 2, nulls: true },
    });
    expect(PlaybookAttribution.safeParse({ lookback: '90 days' }).error?.issues[0]).toMatchObject({
      path: ['lookback'],
      message: expect.stringMatching(/a duration such as 90d/),
    });
    expect(PlaybookAttribution.safeParse({ default_model: 'u-shaped' }).success).toBe(false);
    expect(PlaybookAttribution.safeParse({ lookbak: '90d' }).success).toBe(false);
  });
});
