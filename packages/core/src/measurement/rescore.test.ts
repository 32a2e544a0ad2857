import { describe, expect, it } from 'vitest';
import type { AccountSnapshot, EngineEvent } from '../model.ts';
import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { examplePlaybook, exampleWithoutDecay } from '../testing/example-playbook.ts';
import { type RescoreInput, rescore } from './rescore.ts';

// Example playbook: fit senior-buyer +25, target-function +15, core-regions +10, mid-market +20,
// enterprise +25, named-account +15, personal-email -20 (cap 100, floor 0); engagement
// demo-request +40, newsletter-signup +5 (1/day), webinar-attended +20, email-click +3 (5/day),
// unsubscribed -20 (cap 100, floor 0, half-life 30d); workspace time zone America/New_York.
const EXAMPLE = examplePlaybook();
const NO_DECAY = exampleWithoutDecay();

const NOW = new Date('2026-11-23T15:00:00Z');
const DAY = 86_400_000;
const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY);

const demo = (at: Date): EngineEvent => ({
  type: 'form_submit',
  formId: 'demo-request',
  occurredAt: at,
  properties: {},
});
const newsletter = (at: Date): EngineEvent => ({
  type: 'form_submit',
  formId: 'newsletter',
  occurredAt: at,
  properties: {},
});
const track = (type: string, at: Date): EngineEvent => ({ type, occurredAt: at, properties: {} });

const ACCOUNT: AccountSnapshot = {
  id: 'acc-1',
  domain: 'globex.example',
  name: 'Globex',
  employees: 12000,
  industry: null,
  country: 'US',
  ownerRepId: null,
  named: true,
};

function input(
  events: EngineEvent[],
  fields: RescoreInput['person']['fields'] = {},
  account: AccountSnapshot | null = null,
): RescoreInput {
  return { person: { id: 'p1', email: 'ann@globex.example', fields, stage: 'lead' }, account, events };
}

const VP = { seniority: 'vp', function: 'marketing', country: 'US', is_free_mail: false };

describe('rescore: fit', () => {
  const cases: {
    name: string;
    playbook?: CompiledPlaybook;
    fields: Record<string, string | boolean>;
    account: AccountSnapshot | null;
    fit: number;
  }[] = [
    // 25 + 15 + 10 + 25 (enterprise) + 15 (named) = 90
    { name: 'every matching rule adds its points', fields: VP, account: ACCOUNT, fit: 90 },
    // 25 + 15 + 10 + 20 (mid-market), not named
    {
      name: 'the account decides size and named',
      fields: VP,
      account: { ...ACCOUNT, employees: 850, named: false },
      fit: 70,
    },
    {
      name: 'the cap holds the sum',
      playbook: examplePlaybook((pb) => {
        pb.scoring.fit.cap = 60;
      }),
      fields: VP,
      account: ACCOUNT,
      fit: 60,
    },
    // -20 alone, held at the floor 0
    { name: 'a negative rule stops at the floor', fields: { is_free_mail: true }, account: null, fit: 0 },
    {
      name: 'a raised floor lifts a low sum',
      playbook: examplePlaybook((pb) => {
        pb.scoring.fit.floor = 5;
      }),
      fields: { is_free_mail: true, function: 'sales' },
      account: null,
      fit: 5,
    },
    // -20 + 15 + 10 = 5
    {
      name: 'negative points count against the others',
      fields: { is_free_mail: true, function: 'sales', country: 'US' },
      account: null,
      fit: 5,
    },
  ];
  it.each(cases)('$name', ({ playbook, fields, account, fit }) => {
    const result = rescore(input([], fields, account), playbook ?? EXAMPLE, NOW);
    expect(result).toEqual({ fit, engagement: 0, total: fit });
  });
});

describe('rescore: engagement', () => {
  const at = (iso: string) => new Date(iso);
  const cases: { name: string; playbook?: CompiledPlaybook; events: EngineEvent[]; engagement: number }[] = [
    {
      // 40, 80, 100 (cap: +20 of 40), 80 (-20), 100 (+20 of 40)
      name: 'the cap holds demo requests, a negative rule makes room again',
      playbook: NO_DECAY,
      events: [
        demo(daysBefore(3)),
        demo(daysBefore(3)),
        demo(daysBefore(3)),
        track('unsubscribe', daysBefore(2)),
        demo(daysBefore(1)),
      ],
      engagement: 100,
    },
    {
      // 22:00 and 23:30 on Nov 23 in New York are one day (the second is skipped), 00:30 on Nov 24
      // is the next: 5 + 5. All three are Nov 24 in UTC, which would give 5.
      name: 'max_per_day counts days in the workspace time zone',
      playbook: NO_DECAY,
      events: [
        newsletter(at('2026-11-24T03:00:00Z')),
        newsletter(at('2026-11-24T04:30:00Z')),
        newsletter(at('2026-11-24T05:30:00Z')),
      ],
      engagement: 10,
    },
    {
      name: 'seven email clicks in a day score five times',
      playbook: NO_DECAY,
      events: Array.from({ length: 7 }, (_, i) =>
        track('email_click', new Date(daysBefore(1).getTime() + i * 60_000)),
      ),
      engagement: 15,
    },
    {
      // -20 at 0 stays 0 (floor); the webinar then adds its full 20
      name: 'a negative rule at the floor adds nothing and is not remembered',
      playbook: NO_DECAY,
      events: [track('unsubscribe', daysBefore(2)), track('webinar_attended', daysBefore(1))],
      engagement: 20,
    },
    {
      name: 'max_total limits a rule over the whole history',
      playbook: examplePlaybook((pb) => {
        delete pb.scoring.engagement.decay;
        const rule = pb.scoring.engagement.rules.find((r) => r.id === 'webinar-attended');
        if (rule) rule.max_total = 30;
      }),
      // 20, then 10 of 20, then nothing
      events: [
        track('webinar_attended', daysBefore(30)),
        track('webinar_attended', daysBefore(20)),
        track('webinar_attended', daysBefore(10)),
      ],
      engagement: 30,
    },
    // 40 sixty days ago: two half-lives to now, 10
    { name: 'decay runs up to now', events: [demo(daysBefore(60))], engagement: 10 },
    {
      // 40 → 20 by -30d, +40 = 60 → 30 at now
      name: 'decay between events, then to now',
      events: [demo(daysBefore(60)), demo(daysBefore(30))],
      engagement: 30,
    },
    {
      // 40 → 20 at -30d, +20 webinar = 40, -20 unsubscribe = 20 → 10 at now
      name: 'negative points after decay',
      events: [
        demo(daysBefore(60)),
        track('webinar_attended', daysBefore(30)),
        track('unsubscribe', daysBefore(30)),
      ],
      engagement: 10,
    },
    {
      // 5 days: 40 × 2^(-5/30) = 35.635… → 35.64 (hundredths, as in the ledger)
      name: 'decayed points are kept to hundredths',
      events: [demo(daysBefore(5))],
      engagement: 35.64,
    },
    {
      name: 'events no rule matches add nothing',
      events: [track('mql_accepted', daysBefore(1))],
      engagement: 0,
    },
  ];
  it.each(cases)('$name', ({ playbook, events, engagement }) => {
    const result = rescore(input(events), playbook ?? EXAMPLE, NOW);
    expect(result).toEqual({ fit: 0, engagement, total: engagement });
  });

  it('adds fit and engagement into the total', () => {
    const result = rescore(input([demo(daysBefore(60))], VP, ACCOUNT), EXAMPLE, NOW);
    expect(result).toEqual({ fit: 90, engagement: 10, total: 100 });
  });

  it('a draft playbook scores the same history differently', () => {
    const draft = examplePlaybook((pb) => {
      const rule = pb.scoring.engagement.rules.find((r) => r.id === 'demo-request');
      if (rule) rule.points = 5;
    });
    const events = [demo(daysBefore(60)), demo(daysBefore(30))];
    // 5 → 2.5 at -30d, +5 = 7.5 → 3.75 at now
    expect(rescore(input(events), draft, NOW).engagement).toBe(3.75);
    expect(rescore(input(events), EXAMPLE, NOW).engagement).toBe(30);
  });

  it('refuses events out of time order (a caller bug)', () => {
    expect(() => rescore(input([demo(daysBefore(1)), demo(daysBefore(2))]), EXAMPLE, NOW)).toThrow(
      /events must be oldest first, but form_submit at 2026-11-21T15:00:00.000Z follows 2026-11-22T15:00:00.000Z/,
    );
  });
});
