import { describe, expect, it } from 'vitest';
import type { AccountSnapshot, FieldValue, PersonSnapshot, Subject } from '../model.ts';
import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { examplePlaybook } from '../testing/example-playbook.ts';
import { planRouting, type RoutingPlan } from './plan-routing.ts';

const EXAMPLE = examplePlaybook();
const deactivate = (repId: string) =>
  examplePlaybook((pb) => {
    const rep = pb.reps.find((r) => r.id === repId);
    if (rep) rep.active = false;
  });

/** Monday 10:00 in New York. */
const MONDAY_MORNING = new Date('2026-11-23T15:00:00Z');
/** Sunday 03:00 in New York. */
const SUNDAY_NIGHT = new Date('2026-11-22T08:00:00Z');
/** Monday 28 December: Gus (Berlin) is out of office 2026-12-24..2027-01-02. */
const HOLIDAYS = new Date('2026-12-28T10:00:00Z');

function account(
  domain: string,
  ownerRepId: string | null,
  employees: number,
  country: string,
): AccountSnapshot {
  return {
    id: `account-${domain}`,
    domain,
    name: domain,
    employees,
    industry: null,
    country,
    ownerRepId,
    named: true,
  };
}
const globex = account('globex.example', 'ivan', 12_000, 'US');
const umbrella = account('umbrella.example', null, 45_000, 'GB');
const tyrell = account('tyrell.example', 'gus', 2_300, 'DE');
const initech = account('initech.example', null, 850, 'US');

function subject(
  fields: Record<string, FieldValue>,
  ownerRepId: string | null = null,
  acct: AccountSnapshot | null = null,
): Subject {
  const person: PersonSnapshot = {
    id: 'person-1',
    email: 'ann.lee@example.com',
    fields,
    stage: 'mql',
    ownerRepId,
    fitScore: 0,
    engagementScore: 0,
    engagementDecayedAt: null,
    fitContributions: {},
  };
  return { person, account: acct, event: null };
}

const OVERFLOW = ['follow-the-sun', 'on-call'];

interface Scenario {
  name: string;
  playbook?: CompiledPlaybook;
  subject: Subject;
  now?: Date;
  plan: Partial<RoutingPlan>;
  /** `ruleId: note` for every rule considered, in order. */
  trace: string[];
}

const scenarios: Scenario[] = [
  {
    name: 'the existing owner keeps the person',
    subject: subject({ country: 'US' }, 'dana'),
    plan: { kind: 'owner', ruleId: 'existing-owner', repId: 'dana', via: 'existing_owner' },
    trace: ['existing-owner: person owner dana'],
  },
  {
    name: 'the existing owner gets it outside their working hours too',
    subject: subject({ country: 'US' }, 'eli'),
    now: SUNDAY_NIGHT,
    plan: { kind: 'owner', repId: 'eli', via: 'existing_owner' },
    trace: ['existing-owner: person owner eli'],
  },
  {
    name: 'an inactive owner is skipped; the account owner takes it',
    playbook: deactivate('dana'),
    subject: subject({ country: 'US' }, 'dana', globex),
    plan: { kind: 'owner', ruleId: 'account-owner', repId: 'ivan', via: 'account_owner' },
    trace: ['existing-owner: person owner dana is inactive', 'account-owner: account owner ivan'],
  },
  {
    name: 'an inactive owner and no account: on to the territory rules',
    playbook: deactivate('fay'),
    subject: subject({ country: 'US' }, 'fay'),
    plan: { kind: 'pools', ruleId: 'north-america', poolIds: ['na', ...OVERFLOW], claimAccount: true },
    trace: [
      'existing-owner: person owner fay is inactive',
      'account-owner: the account has no owner',
      'enterprise: condition not met',
      'north-america: pool na → follow-the-sun → on-call',
    ],
  },
  {
    name: 'owner and account owner out of office: EMEA pool',
    subject: subject({ country: 'DE' }, 'gus', tyrell),
    now: HOLIDAYS,
    plan: { kind: 'pools', ruleId: 'emea', poolIds: ['emea', ...OVERFLOW], claimAccount: true },
    trace: [
      'existing-owner: person owner gus is out of office 2026-12-24..2027-01-02',
      'account-owner: account owner gus is out of office 2026-12-24..2027-01-02',
      'enterprise: condition not met',
      'north-america: condition not met',
      'emea: pool emea → follow-the-sun → on-call',
    ],
  },
  {
    name: 'the same people before the holidays: the account owner',
    subject: subject({ country: 'DE' }, null, tyrell),
    plan: { kind: 'owner', ruleId: 'account-owner', repId: 'gus', via: 'account_owner' },
    trace: ['existing-owner: the person has no owner', 'account-owner: account owner gus'],
  },
  {
    name: 'an owner who is not a rep in the playbook',
    subject: subject({ country: 'US' }, 'zed', globex),
    plan: { kind: 'owner', ruleId: 'account-owner', repId: 'ivan' },
    trace: [
      'existing-owner: person owner zed is not a rep in this playbook',
      'account-owner: account owner ivan',
    ],
  },
  {
    name: 'first match wins: an enterprise account beats the territory',
    subject: subject({ country: 'US' }, null, umbrella),
    plan: { kind: 'pools', ruleId: 'enterprise', poolIds: ['enterprise', ...OVERFLOW], claimAccount: false },
    trace: [
      'existing-owner: the person has no owner',
      'account-owner: the account has no owner',
      'enterprise: pool enterprise → follow-the-sun → on-call',
    ],
  },
  {
    name: 'a mid-market US account without owner goes to the territory',
    subject: subject({ country: 'US' }, null, initech),
    plan: { kind: 'pools', ruleId: 'north-america', poolIds: ['na', ...OVERFLOW] },
    trace: [
      'existing-owner: the person has no owner',
      'account-owner: the account has no owner',
      'enterprise: condition not met',
      'north-america: pool na → follow-the-sun → on-call',
    ],
  },
  {
    name: 'Latin America routes with North America',
    subject: subject({ country: 'BR' }),
    plan: { kind: 'pools', ruleId: 'north-america', poolIds: ['na', ...OVERFLOW] },
    trace: [
      'existing-owner: the person has no owner',
      'account-owner: the account has no owner',
      'enterprise: condition not met',
      'north-america: pool na → follow-the-sun → on-call',
    ],
  },
  {
    name: 'Japan goes to APAC',
    subject: subject({ country: 'JP' }),
    plan: { kind: 'pools', ruleId: 'apac', poolIds: ['apac', ...OVERFLOW] },
    trace: [
      'existing-owner: the person has no owner',
      'account-owner: the account has no owner',
      'enterprise: condition not met',
      'north-america: condition not met',
      'emea: condition not met',
      'apac: pool apac → follow-the-sun → on-call',
    ],
  },
  {
    name: 'no country: the fallback queue',
    subject: subject({}),
    plan: { kind: 'fallback', reason: 'no routing rule matched' },
    trace: [
      'existing-owner: the person has no owner',
      'account-owner: the account has no owner',
      'enterprise: condition not met',
      'north-america: condition not met',
      'emea: condition not met',
      'apac: condition not met',
    ],
  },
  {
    name: 'a pool named again in its own overflow is tried once',
    playbook: examplePlaybook((pb) => {
      const rule = pb.routing.rules.find((r) => r.id === 'apac');
      if (rule) rule.overflow = ['apac', 'on-call'];
    }),
    subject: subject({ country: 'AU' }),
    plan: { kind: 'pools', ruleId: 'apac', poolIds: ['apac', 'on-call'] },
    trace: [
      'existing-owner: the person has no owner',
      'account-owner: the account has no owner',
      'enterprise: condition not met',
      'north-america: condition not met',
      'emea: condition not met',
      'apac: pool apac → apac → on-call', // the note quotes the rule as written
    ],
  },
];

describe('planRouting', () => {
  it.each(scenarios)('$name', ({ playbook, subject: input, now, plan, trace }) => {
    const result = planRouting(input, now ?? MONDAY_MORNING, playbook ?? EXAMPLE);
    expect(result).toMatchObject(plan);
    expect(result.trace.map((t) => `${t.ruleId}: ${t.note}`)).toEqual(trace);
    expect(result.trace.map((t) => t.matched)).toEqual(
      trace.map((_, i) => i === trace.length - 1 && plan.kind !== 'fallback'),
    );
  });

  it('explains an owner assignment and records the inputs of each rule', () => {
    const result = planRouting(subject({ country: 'US' }, null, globex), MONDAY_MORNING, EXAMPLE);
    expect(result).toMatchObject({
      kind: 'owner',
      reason: "The account's owner takes every lead from it: assigned to the account owner ivan",
    });
    const territory = planRouting(subject({ country: 'CA' }, null, initech), MONDAY_MORNING, EXAMPLE);
    expect(territory.reason).toBe('US and Canada, and Latin America');
    expect(territory.trace.find((t) => t.ruleId === 'enterprise')?.inputs).toEqual({
      'account.employees': 850,
    });
    expect(territory.trace.find((t) => t.ruleId === 'north-america')?.inputs).toEqual({ country: 'CA' });
  });

  it('is deterministic', () => {
    const input = subject({ country: 'DE' }, 'gus', tyrell);
    expect(planRouting(input, HOLIDAYS, EXAMPLE)).toEqual(planRouting(input, HOLIDAYS, EXAMPLE));
  });
});
