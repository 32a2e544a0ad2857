import { describe, expect, it } from 'vitest';
import type { EngagementHistory, EngineEvent, PersonSnapshot, Subject } from '../model.ts';
import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { examplePlaybook, exampleWithoutDecay } from '../testing/example-playbook.ts';
import { DECAY, type LedgerEntry, roundPoints } from './ledger.ts';
import { decayEngagement, scoreEngagement } from './score-engagement.ts';

/** Example engagement rules (cap 100, floor 0, half-life 30d): demo-request +40, newsletter-signup +5
 * (1/day), pricing-view +10 (1/day), webinar-attended +20, email-click +3 (5/day), unsubscribed -20. */
const EXAMPLE = examplePlaybook();
const NO_DECAY = exampleWithoutDecay();

const NOW = new Date('2026-11-23T15:00:00Z');
const DAY = 86_400_000;
const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY);

const event = (type: string, extra: Partial<EngineEvent> = {}): EngineEvent => ({
  type,
  occurredAt: NOW,
  properties: {},
  ...extra,
});
const demoRequest = event('form_submit', { formId: 'demo-request' });

function subject(engagementScore: number, engagementDecayedAt: Date | null, ev: EngineEvent | null): Subject {
  const person: PersonSnapshot = {
    id: 'person-1',
    email: 'ann.lee@initech.example',
    fields: {},
    stage: 'lead',
    ownerRepId: null,
    fitScore: 0,
    engagementScore,
    engagementDecayedAt,
    fitContributions: {},
  };
  return { person, account: null, event: ev };
}

const noHistory = (): EngagementHistory => ({ entriesTodayByRule: {}, pointsByRule: {} });

interface Scenario {
  name: string;
  playbook?: CompiledPlaybook;
  score: number;
  decayedAt?: Date | null;
  event: EngineEvent | null;
  history?: EngagementHistory;
  entries: string[];
  skipped?: string[];
  result: number;
}

const scenarios: Scenario[] = [
  {
    name: 'a demo request adds its points',
    score: 0,
    event: demoRequest,
    entries: ['demo-request 40'],
    result: 40,
  },
  {
    name: 'an event no rule scores',
    score: 12,
    event: event('page_view', { path: '/careers' }),
    entries: [],
    result: 12,
  },
  { name: 'no event, no decay: nothing', score: 30, event: null, entries: [], result: 30 },
  // max_per_day
  {
    name: 'first pricing view today',
    score: 0,
    event: event('page_view', { path: '/pricing' }),
    history: { entriesTodayByRule: { 'newsletter-signup': 1 }, pointsByRule: {} },
    entries: ['pricing-view 10'],
    result: 10,
  },
  {
    name: 'second pricing view today is skipped',
    score: 10,
    event: event('page_view', { path: '/pricing' }),
    history: { entriesTodayByRule: { 'pricing-view': 1 }, pointsByRule: { 'pricing-view': 10 } },
    entries: [],
    skipped: ['pricing-view: Viewed pricing: already scored 1× today (max 1 per day)'],
    result: 10,
  },
  {
    name: 'fifth email click today still counts',
    score: 12,
    event: event('email_click'),
    history: { entriesTodayByRule: { 'email-click': 4 }, pointsByRule: {} },
    entries: ['email-click 3'],
    result: 15,
  },
  {
    name: 'sixth email click today is skipped',
    score: 15,
    event: event('email_click'),
    history: { entriesTodayByRule: { 'email-click': 5 }, pointsByRule: {} },
    entries: [],
    skipped: ['email-click: Clicked an email: already scored 5× today (max 5 per day)'],
    result: 15,
  },
  // max_total
  {
    name: 'max_total trims the last points',
    playbook: examplePlaybook((pb) => {
      const rule = pb.scoring.engagement.rules.find((r) => r.id === 'webinar-attended');
      if (rule) rule.max_total = 50;
    }),
    score: 40,
    event: event('webinar_attended'),
    history: { entriesTodayByRule: {}, pointsByRule: { 'webinar-attended': 40 } },
    entries: ['webinar-attended 10'],
    result: 50,
  },
  {
    name: 'max_total reached: skipped',
    playbook: examplePlaybook((pb) => {
      const rule = pb.scoring.engagement.rules.find((r) => r.id === 'webinar-attended');
      if (rule) rule.max_total = 50;
    }),
    score: 50,
    event: event('webinar_attended'),
    history: { entriesTodayByRule: {}, pointsByRule: { 'webinar-attended': 50 } },
    entries: [],
    skipped: ['webinar-attended: Attended a webinar: +20 not added (rule total limited to 50)'],
    result: 50,
  },
  // cap and floor
  {
    name: 'the cap clips the points',
    score: 90,
    event: event('webinar_attended'),
    entries: ['webinar-attended 10'],
    result: 100,
  },
  {
    name: 'at the cap: skipped',
    score: 100,
    event: event('webinar_attended'),
    entries: [],
    skipped: ['webinar-attended: Attended a webinar: +20 not added (engagement held within 0..100)'],
    result: 100,
  },
  {
    name: 'negative points',
    score: 35,
    event: event('unsubscribe'),
    entries: ['unsubscribed -20'],
    result: 15,
  },
  {
    name: 'negative points stop at the floor',
    score: 15,
    event: event('unsubscribe'),
    entries: ['unsubscribed -15'],
    result: 0,
  },
  {
    name: 'at the floor: skipped',
    score: 0,
    event: event('unsubscribe'),
    entries: [],
    skipped: ['unsubscribed: Unsubscribed: -20 not added (engagement held within 0..100)'],
    result: 0,
  },
  {
    name: 'above a lowered cap, positive points add nothing (never a negative row)',
    score: 120,
    event: event('webinar_attended'),
    entries: [],
    skipped: ['webinar-attended: Attended a webinar: +20 not added (engagement held within 0..100)'],
    result: 120,
  },
  {
    name: 'above a lowered cap, negative points still apply',
    score: 120,
    event: event('unsubscribe'),
    entries: ['unsubscribed -20'],
    result: 100,
  },
  {
    name: 'below a raised floor, negative points take nothing (never a positive row)',
    score: -5,
    event: event('unsubscribe'),
    entries: [],
    skipped: ['unsubscribed: Unsubscribed: -20 not added (engagement held within 0..100)'],
    result: -5,
  },
  {
    name: 'below a raised floor, positive points are clipped by nothing but the cap',
    score: -5,
    event: demoRequest,
    entries: ['demo-request 40'],
    result: 35,
  },
  {
    name: 'a negative floor',
    playbook: examplePlaybook((pb) => {
      pb.scoring.engagement.floor = -30;
    }),
    score: 0,
    event: event('unsubscribe'),
    entries: ['unsubscribed -20'],
    result: -20,
  },
  {
    name: 'max_total does not limit negative rules',
    playbook: examplePlaybook((pb) => {
      const rule = pb.scoring.engagement.rules.find((r) => r.id === 'unsubscribed');
      if (rule) rule.max_total = 10;
    }),
    score: 50,
    event: event('unsubscribe'),
    history: { entriesTodayByRule: {}, pointsByRule: { unsubscribed: -40 } },
    entries: ['unsubscribed -20'],
    result: 30,
  },
  {
    name: 'two rules on one event share the cap',
    playbook: examplePlaybook((pb) => {
      pb.scoring.engagement.rules.push({
        id: 'any-form',
        when: { event: 'form_submit' },
        points: 5,
      });
    }),
    score: 70,
    event: demoRequest,
    entries: ['demo-request 30'],
    skipped: ['any-form: any-form: +5 not added (engagement held within 0..100)'],
    result: 100,
  },
  // decay (half-life 30 days)
  {
    name: '30 days at a 30-day half-life halves the score',
    score: 80,
    decayedAt: daysBefore(30),
    event: null,
    entries: ['_decay -40'],
    result: 40,
  },
  {
    name: '60 days quarter it',
    score: 80,
    decayedAt: daysBefore(60),
    event: null,
    entries: ['_decay -60'],
    result: 20,
  },
  {
    name: 'decay is booked before new points',
    score: 80,
    decayedAt: daysBefore(30),
    event: demoRequest,
    entries: ['_decay -40', 'demo-request 40'],
    result: 80,
  },
  {
    name: 'decay makes room under the cap',
    score: 100,
    decayedAt: daysBefore(30),
    event: event('webinar_attended'),
    entries: ['_decay -50', 'webinar-attended 20'],
    result: 70,
  },
  {
    name: 'decay rounds to hundredths (10 × 2^(-1/30) = 9.7716…)',
    score: 10,
    decayedAt: daysBefore(1),
    event: null,
    entries: ['_decay -0.23'],
    result: 9.77,
  },
  {
    name: 'decay of a score with cents (33.33 × 2^(-1.5) = 11.784…)',
    score: 33.33,
    decayedAt: daysBefore(45),
    event: null,
    entries: ['_decay -21.55'],
    result: 11.78,
  },
  {
    name: 'decay too small to show in cents writes nothing',
    score: 1,
    decayedAt: new Date(NOW.getTime() - 60_000),
    event: null,
    entries: [],
    result: 1,
  },
  { name: 'no decay without decayedAt', score: 50, decayedAt: null, event: null, entries: [], result: 50 },
  {
    name: 'no decay of a zero score',
    score: 0,
    decayedAt: daysBefore(30),
    event: null,
    entries: [],
    result: 0,
  },
  { name: 'no decay when no time passed', score: 50, decayedAt: NOW, event: null, entries: [], result: 50 },
  {
    name: 'no decay when the clock went backwards',
    score: 50,
    decayedAt: new Date(NOW.getTime() + DAY),
    event: null,
    entries: [],
    result: 50,
  },
  {
    name: 'no decay when the playbook has no half-life',
    playbook: NO_DECAY,
    score: 50,
    decayedAt: daysBefore(300),
    event: null,
    entries: [],
    result: 50,
  },
];

describe('scoreEngagement', () => {
  it.each(scenarios)('$name', (scenario) => {
    const playbook = scenario.playbook ?? EXAMPLE;
    const history = scenario.history ?? noHistory();
    const result = scoreEngagement(
      subject(scenario.score, scenario.decayedAt ?? null, scenario.event),
      history,
      NOW,
      playbook,
    );
    expect(result.entries.map((e) => `${e.ruleId} ${e.points}`)).toEqual(scenario.entries);
    expect(result.skipped.map((s) => `${s.ruleId}: ${s.reason}`)).toEqual(scenario.skipped ?? []);
    expect(result.score).toBe(scenario.result);
    // The score moves by exactly the sum of what was written.
    expect(roundPoints(scenario.score + result.entries.reduce((sum, e) => sum + e.points, 0))).toBe(
      result.score,
    );
    expect(result.decayedAt).toEqual(NOW);
    expect([...result.entries, ...result.skipped].every((e) => e.model === 'engagement')).toBe(true);
  });

  it.each<{ name: string; score: number; rule: string; ev: EngineEvent; entry: Partial<LedgerEntry> }>([
    {
      name: 'full points',
      score: 0,
      rule: 'demo-request',
      ev: demoRequest,
      entry: {
        points: 40,
        reason: 'Requested a demo: +40',
        inputs: { event: { type: 'form_submit', form: 'demo-request', path: undefined } },
      },
    },
    {
      name: 'clipped points show what was applied and why',
      score: 90,
      rule: 'webinar-attended',
      ev: event('webinar_attended'),
      entry: { points: 10, reason: 'Attended a webinar: +10 (of +20: engagement held within 0..100)' },
    },
  ])('explains $name', ({ score, rule, ev, entry }) => {
    const result = scoreEngagement(subject(score, null, ev), noHistory(), NOW, EXAMPLE);
    expect(result.entries.find((e) => e.ruleId === rule)).toMatchObject({
      model: 'engagement',
      ruleId: rule,
      ...entry,
    });
  });

  it('does not mutate the history or the person it is given', () => {
    const history: EngagementHistory = {
      entriesTodayByRule: { 'email-click': 2 },
      pointsByRule: { 'email-click': 6, 'demo-request': 40 },
    };
    const input = subject(46, daysBefore(3), event('email_click'));
    const historyBefore = structuredClone(history);
    const inputBefore = structuredClone(input);
    const result = scoreEngagement(input, history, NOW, EXAMPLE);
    expect(result.entries.map((e) => e.ruleId)).toEqual(['_decay', 'email-click']);
    expect(history).toEqual(historyBefore);
    expect(input).toEqual(inputBefore);
  });

  it('works on a frozen history (no writes into it)', () => {
    const history = Object.freeze({
      entriesTodayByRule: Object.freeze({ 'email-click': 1 }),
      pointsByRule: Object.freeze({ 'email-click': 3 }),
    });
    expect(() =>
      scoreEngagement(subject(3, null, event('email_click')), history, NOW, EXAMPLE),
    ).not.toThrow();
  });
});

describe('decayEngagement', () => {
  it('books decay as one _decay row with its reason and inputs', () => {
    expect(decayEngagement(80, daysBefore(30), NOW, EXAMPLE)).toEqual({
      model: 'engagement',
      ruleId: DECAY,
      points: -40,
      reason: 'decay with half-life 30d over 30d: 80 → 40',
      inputs: { from: 80, to: 40, elapsed_ms: 30 * DAY, half_life_ms: 30 * DAY },
    });
  });

  it.each([
    ['a negative score decays towards 0', -40, 30, 20],
    ['half a half-life', 100, 15, -29.29],
    ['a year at a 30-day half-life', 100, 365, -99.98],
  ])('%s', (_name, score, days, points) => {
    expect(decayEngagement(score, daysBefore(days), NOW, EXAMPLE)?.points).toBe(points);
  });

  it.each<[string, number, Date | null, CompiledPlaybook]>([
    ['no decayedAt', 80, null, EXAMPLE],
    ['zero score', 0, daysBefore(30), EXAMPLE],
    ['no half-life', 80, daysBefore(30), NO_DECAY],
    ['no elapsed time', 80, NOW, EXAMPLE],
  ])('returns null with %s', (_name, score, decayedAt, playbook) => {
    expect(decayEngagement(score, decayedAt, NOW, playbook)).toBeNull();
  });
});
