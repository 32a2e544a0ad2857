import { describe, expect, it } from 'vitest';
import { validateSubmission } from '../forms/validate-submission.ts';
import { washSubmission } from '../forms/wash-submission.ts';
import type {
  AccountSnapshot,
  EngagementHistory,
  EngineEvent,
  FieldValue,
  PersonSnapshot,
} from '../model.ts';
import { assignFromPools } from '../routing/assign-from-pools.ts';
import { examplePlaybook } from '../testing/example-playbook.ts';
import { evaluatePerson, type PersonEvaluation, type PersonEvaluationInput } from './evaluate-person.ts';

const EXAMPLE = examplePlaybook();

/** Monday 10:00 in New York. */
const NOW = new Date('2026-11-23T15:00:00Z');
const DAY = 86_400_000;

/** A form submission as the pipeline sees it: validated, washed, turned into an event. */
function submission(formId: string, input: Record<string, unknown>) {
  const form = EXAMPLE.forms.get(formId);
  if (!form) throw new Error(`test setup: no form ${formId}`);
  const valid = validateSubmission(form, input, EXAMPLE);
  if (!valid.ok) throw new Error(`test setup: ${JSON.stringify(valid.error)}`);
  const washed = washSubmission(valid.value);
  const event: EngineEvent = {
    type: 'form_submit',
    occurredAt: NOW,
    formId,
    properties: valid.value.tracking,
  };
  return { washed, event };
}

function person(
  email: string,
  fields: Record<string, FieldValue>,
  overrides: Partial<PersonSnapshot> = {},
): PersonSnapshot {
  return {
    id: 'person-1',
    email,
    fields,
    stage: EXAMPLE.initialStage,
    ownerRepId: null,
    fitScore: 0,
    engagementScore: 0,
    engagementDecayedAt: null,
    fitContributions: {},
    ...overrides,
  };
}

const noHistory = (): EngagementHistory => ({ entriesTodayByRule: {}, pointsByRule: {} });

const vpDemo = submission('demo-request', {
  email: 'ann.lee@initech.example',
  first_name: 'ann',
  last_name: 'lee',
  company: 'Initech',
  title: 'VP of Marketing',
  country: 'United States',
  state: 'california',
  utm_source: 'linkedin',
});

/** The demo-request VP after evaluation, as the shell would have stored her. */
const vpAfterFirstVisit = person(vpDemo.washed.email, vpDemo.washed.fields, {
  stage: 'mql',
  ownerRepId: 'dana',
  fitScore: 50,
  engagementScore: 40,
  engagementDecayedAt: NOW,
  fitContributions: { 'senior-buyer': 25, 'target-function': 15, 'core-regions': 10 },
});

interface Scenario {
  name: string;
  input: PersonEvaluationInput;
  now?: Date;
  ledger: string[];
  fit: number;
  engagement: number;
  grade: string;
  stages: string[];
  routing: { kind: string; ruleId?: string; poolIds?: string[]; repId?: string } | null;
  routingNote: string;
}

const scenarios: Scenario[] = [
  {
    name: 'a VP of marketing in the US requests a demo: known → lead → mql, routed to the NA pool',
    input: {
      person: person(vpDemo.washed.email, vpDemo.washed.fields),
      account: null,
      event: vpDemo.event,
      history: noHistory(),
    },
    ledger: [
      'fit senior-buyer 25',
      'fit target-function 15',
      'fit core-regions 10',
      'engagement demo-request 40',
    ],
    fit: 50,
    engagement: 40,
    grade: 'B2',
    stages: ['known→lead', 'lead→mql'],
    routing: { kind: 'pools', ruleId: 'north-america', poolIds: ['na', 'follow-the-sun', 'on-call'] },
    routingNote: 'entered mql (routing starts at mql)',
  },
  {
    name: 'a newsletter signup stays known and is not routed',
    input: (() => {
      const signup = submission('newsletter', { email: 'sam@gmail.com', first_name: 'sam' });
      return {
        person: person(signup.washed.email, signup.washed.fields),
        account: null,
        event: signup.event,
        history: noHistory(),
      };
    })(),
    ledger: ['fit personal-email -20', 'fit _cap 20', 'engagement newsletter-signup 5'],
    fit: 0,
    engagement: 5,
    grade: 'D4',
    stages: [],
    routing: null,
    routingNote: 'routing starts at mql; person is known',
  },
  {
    name: 'an MQL with an owner asks for a demo again: scored, not re-routed',
    input: {
      person: vpAfterFirstVisit,
      account: null,
      event: { ...vpDemo.event, occurredAt: new Date(NOW.getTime() + DAY) },
      history: { entriesTodayByRule: {}, pointsByRule: { 'demo-request': 40 } },
    },
    now: new Date(NOW.getTime() + DAY),
    // One day of decay at a 30-day half-life: 40 → 39.09.
    ledger: ['engagement _decay -0.91', 'engagement demo-request 40'],
    fit: 50,
    engagement: 79.09,
    grade: 'B1',
    stages: [],
    routing: null,
    routingNote: 'already owned by dana',
  },
  {
    name: 'an unowned MQL (parked in the fallback queue) submits again: routed again',
    input: {
      person: { ...vpAfterFirstVisit, ownerRepId: null },
      account: null,
      event: vpDemo.event,
      history: { entriesTodayByRule: {}, pointsByRule: { 'demo-request': 40 } },
    },
    ledger: ['engagement demo-request 40'],
    fit: 50,
    engagement: 80,
    grade: 'B1',
    stages: [],
    routing: { kind: 'pools', ruleId: 'north-america' },
    routingNote: 'unowned mql submitted a form: routing again',
  },
  {
    name: 'an unowned MQL who only views a page is not routed again',
    input: {
      person: { ...vpAfterFirstVisit, ownerRepId: null, engagementDecayedAt: NOW },
      account: null,
      event: { type: 'page_view', occurredAt: NOW, path: '/pricing', properties: {} },
      history: noHistory(),
    },
    ledger: ['engagement pricing-view 10'],
    fit: 50,
    engagement: 50,
    grade: 'B2',
    stages: [],
    routing: null,
    routingNote: 'already routed at mql',
  },
  {
    name: 'scores over the bar promote a lead without a form, and the account owner takes it',
    input: {
      person: person(
        'ann.lee@globex.example',
        { ...vpDemo.washed.fields, email_domain: 'globex.example' },
        {
          stage: 'lead',
          engagementScore: 45,
          engagementDecayedAt: NOW,
          fitContributions: { 'senior-buyer': 25, 'target-function': 15, 'core-regions': 10 },
        },
      ),
      account: {
        id: 'account-globex',
        domain: 'globex.example',
        name: 'Globex Corporation',
        employees: 12_000,
        industry: 'Manufacturing',
        country: 'US',
        ownerRepId: 'ivan',
        named: true,
      } satisfies AccountSnapshot,
      event: { type: 'webinar_attended', occurredAt: NOW, properties: {} },
      history: noHistory(),
    },
    ledger: ['fit enterprise 25', 'fit named-account 15', 'engagement webinar-attended 20'],
    fit: 90,
    engagement: 65,
    grade: 'A1',
    stages: ['lead→mql'],
    routing: { kind: 'owner', ruleId: 'account-owner', repId: 'ivan' },
    routingNote: 'entered mql (routing starts at mql)',
  },
  {
    name: 'a student asking for a demo is disqualified and not routed',
    input: (() => {
      const student = submission('demo-request', {
        email: 'kim@university.example',
        first_name: 'Kim',
        last_name: 'Park',
        company: 'State University',
        title: 'Student',
        country: 'US',
      });
      return {
        person: person(student.washed.email, student.washed.fields),
        account: null,
        event: student.event,
        history: noHistory(),
      };
    })(),
    ledger: ['fit core-regions 10', 'engagement demo-request 40'],
    fit: 10,
    engagement: 40,
    grade: 'D2',
    stages: ['known→disqualified'],
    routing: null,
    routingNote: 'routing starts at mql; person is disqualified',
  },
  {
    name: 'a re-evaluation without an event and without engagement history only rescores fit',
    input: {
      person: person('ann.lee@initech.example', { seniority: 'director', country: 'DE' }, { stage: 'lead' }),
      account: null,
      event: null,
      history: noHistory(),
    },
    ledger: ['fit senior-buyer 25', 'fit core-regions 10'],
    fit: 35,
    engagement: 0,
    grade: 'C4',
    stages: [],
    routing: null,
    routingNote: 'routing starts at mql; person is lead',
  },
];

describe('evaluatePerson', () => {
  it.each(scenarios)('$name', (scenario) => {
    const result: PersonEvaluation = evaluatePerson(scenario.input, scenario.now ?? NOW, EXAMPLE);
    expect(result.ledger.map((e) => `${e.model} ${e.ruleId} ${e.points}`)).toEqual(scenario.ledger);
    expect(result.fitScore).toBe(scenario.fit);
    expect(result.engagementScore).toBe(scenario.engagement);
    expect(result.grade).toBe(scenario.grade);
    expect(result.lifecycle.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(scenario.stages);
    if (scenario.routing === null) expect(result.routing).toBeNull();
    else expect(result.routing).toMatchObject(scenario.routing);
    expect(result.routingNote).toBe(scenario.routingNote);
  });

  it('records when engagement was last brought up to date', () => {
    const first = evaluatePerson(scenarios[0]?.input as PersonEvaluationInput, NOW, EXAMPLE);
    expect(first.engagementDecayedAt).toEqual(NOW);
    const fitOnly = evaluatePerson(
      scenarios[scenarios.length - 1]?.input as PersonEvaluationInput,
      NOW,
      EXAMPLE,
    );
    expect(fitOnly.engagementDecayedAt).toBeNull();
  });

  it('routes the demo-request VP to Dana on Monday morning (via assignFromPools)', () => {
    const result = evaluatePerson(scenarios[0]?.input as PersonEvaluationInput, NOW, EXAMPLE);
    if (result.routing?.kind !== 'pools') throw new Error('expected a pool plan');
    const assignment = assignFromPools(result.routing.poolIds, [], NOW, EXAMPLE);
    expect(assignment).toMatchObject({ repId: 'dana', poolId: 'na' });
  });

  it('does not change its input', () => {
    const input = scenarios[0]?.input as PersonEvaluationInput;
    const before = structuredClone(input);
    evaluatePerson(input, NOW, EXAMPLE);
    expect(input).toEqual(before);
  });
});
