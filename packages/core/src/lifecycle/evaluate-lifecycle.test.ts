import { describe, expect, it } from 'vitest';
import type { EngineEvent, FieldValue, PersonSnapshot, Subject } from '../model.ts';
import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import type { Playbook } from '../playbook/playbook.schema.ts';
import { examplePlaybook } from '../testing/example-playbook.ts';
import { evaluateLifecycle, type Transition } from './evaluate-lifecycle.ts';

/**
 * Example stages: known → lead → mql → sal → sql → opportunity → customer; side paths
 * recycled (from mql, sal, sql; returns to lead) and disqualified (from known…sql; terminal).
 * Rules in order: not-a-buyer (student/intern or competitor → disqualified), identified (first
 * name + company → lead), hand-raiser (demo request → mql), score-threshold (fit ≥ 40 and
 * engagement ≥ 60 → mql).
 */
const EXAMPLE = examplePlaybook();

/** Adds `rules` after the example's own and allows `allow_backward` rules with a reason code. */
const withRules = (...rules: Playbook['lifecycle']['rules']) =>
  examplePlaybook((pb) => {
    pb.lifecycle.rules.push(...rules);
  });

const demoRequest: EngineEvent = {
  type: 'form_submit',
  occurredAt: new Date('2026-11-23T15:00:00Z'),
  formId: 'demo-request',
  properties: {},
};
const newsletter: EngineEvent = { ...demoRequest, formId: 'newsletter' };

const identified = { first_name: 'Ann', company: 'Initech' };

function subject(
  stage: string,
  fields: Record<string, FieldValue>,
  event: EngineEvent | null = null,
  scores: { fit?: number; engagement?: number } = {},
): Subject {
  const person: PersonSnapshot = {
    id: 'person-1',
    email: 'ann.lee@initech.example',
    fields,
    stage,
    ownerRepId: null,
    fitScore: scores.fit ?? 0,
    engagementScore: scores.engagement ?? 0,
    engagementDecayedAt: null,
    fitContributions: {},
  };
  return { person, account: null, event };
}

interface Scenario {
  name: string;
  playbook?: CompiledPlaybook;
  subject: Subject;
  /** `from→to by rule` for each transition, in order. */
  moves: string[];
  stage: string;
  /** Every rule that matched but could not move the person; `routine` is true only for "stages only move forward". */
  blocked?: { ruleId: string; reason: string; routine: boolean }[];
  backward?: boolean[];
}

const move = (t: Transition) => `${t.from}→${t.to} by ${t.ruleId}`;

const scenarios: Record<string, Scenario[]> = {
  'promotion and cascades': [
    {
      name: 'an anonymous newsletter signup stays known',
      subject: subject('known', { first_name: 'Ann' }, newsletter),
      moves: [],
      stage: 'known',
    },
    {
      name: 'name and company make a lead',
      subject: subject('known', identified, newsletter),
      moves: ['known→lead by identified'],
      stage: 'lead',
    },
    {
      name: 'one demo request carries known → lead → mql',
      subject: subject('known', identified, demoRequest),
      moves: ['known→lead by identified', 'lead→mql by hand-raiser'],
      stage: 'mql',
    },
    {
      name: 'a demo request without a company skips lead',
      subject: subject('known', { first_name: 'Ann' }, demoRequest),
      moves: ['known→mql by hand-raiser'],
      stage: 'mql',
    },
    {
      name: 'scores over the bar make an MQL without an event',
      subject: subject('lead', identified, null, { fit: 40, engagement: 60 }),
      moves: ['lead→mql by score-threshold'],
      stage: 'mql',
    },
    {
      name: 'scores just under the bar do not',
      subject: subject('lead', identified, null, { fit: 40, engagement: 59.99 }),
      moves: [],
      stage: 'lead',
    },
    {
      name: 'a rule to the current stage is skipped silently',
      subject: subject('mql', identified, demoRequest),
      moves: [],
      stage: 'mql',
      blocked: [
        {
          ruleId: 'identified',
          reason: 'identified: lead is not ahead of mql (stages only move forward)',
          routine: true,
        },
      ],
    },
    {
      name: 'later rules see the stage earlier rules set',
      playbook: withRules({
        id: 'fast-track',
        when: {
          all: [
            { field: 'stage', eq: 'mql' },
            { field: 'seniority', eq: 'c_level' },
          ],
        },
        to: 'sal',
        allow_backward: false,
      }),
      subject: subject('known', { ...identified, seniority: 'c_level' }, demoRequest),
      moves: ['known→lead by identified', 'lead→mql by hand-raiser', 'mql→sal by fast-track'],
      stage: 'sal',
    },
  ],
  'forward only': [
    {
      name: 'a sales-accepted person requesting a demo stays sal',
      subject: subject('sal', identified, demoRequest),
      moves: [],
      stage: 'sal',
      blocked: [
        {
          ruleId: 'identified',
          reason: 'identified: lead is not ahead of sal (stages only move forward)',
          routine: true,
        },
        {
          ruleId: 'hand-raiser',
          reason: 'hand-raiser: mql is not ahead of sal (stages only move forward)',
          routine: true,
        },
      ],
    },
    {
      name: 'a customer is never re-qualified',
      subject: subject('customer', identified, null, { fit: 80, engagement: 80 }),
      moves: [],
      stage: 'customer',
      blocked: [
        {
          ruleId: 'identified',
          reason: 'identified: lead is not ahead of customer (stages only move forward)',
          routine: true,
        },
        {
          ruleId: 'score-threshold',
          reason: 'score-threshold: mql is not ahead of customer (stages only move forward)',
          routine: true,
        },
      ],
    },
    {
      name: 'allow_backward moves back and says so',
      playbook: withRules({
        id: 'left-company',
        when: { field: 'company', exists: false },
        to: 'known',
        allow_backward: true,
        reason_code: 'contact-left',
      }),
      subject: subject('mql', { first_name: 'Ann' }),
      moves: ['mql→known by left-company'],
      stage: 'known',
      backward: [true],
    },
    {
      name: 'a forward move by an allow_backward rule is not backward',
      playbook: withRules({
        id: 'left-company',
        when: { field: 'company', exists: false },
        to: 'sal',
        allow_backward: true,
        reason_code: 'contact-left',
      }),
      subject: subject('known', { first_name: 'Ann' }),
      moves: ['known→sal by left-company'],
      stage: 'sal',
      backward: [false],
    },
  ],
  'side paths': [
    {
      name: 'a student is disqualified from known',
      subject: subject('known', { ...identified, title: 'Student' }, demoRequest),
      moves: ['known→disqualified by not-a-buyer'],
      stage: 'disqualified',
      blocked: [
        {
          ruleId: 'identified',
          reason: 'identified: disqualified is final unless a rule allows moving back',
          routine: false,
        },
        {
          ruleId: 'hand-raiser',
          reason: 'hand-raiser: disqualified is final unless a rule allows moving back',
          routine: false,
        },
      ],
    },
    {
      name: 'an MQL who turns out to be an intern is disqualified',
      subject: subject('mql', { ...identified, title: 'Marketing Intern' }),
      moves: ['mql→disqualified by not-a-buyer'],
      stage: 'disqualified',
      blocked: [
        {
          ruleId: 'identified',
          reason: 'identified: disqualified is final unless a rule allows moving back',
          routine: false,
        },
      ],
    },
    {
      name: 'a competitor domain is disqualified',
      subject: subject('lead', { ...identified, email_domain: 'contoso-analytics.example' }),
      moves: ['lead→disqualified by not-a-buyer'],
      stage: 'disqualified',
      blocked: [
        {
          ruleId: 'identified',
          reason: 'identified: disqualified is final unless a rule allows moving back',
          routine: false,
        },
      ],
    },
    {
      name: 'a customer cannot be disqualified (not a listed stage)',
      subject: subject('customer', { title: 'Student' }),
      moves: [],
      stage: 'customer',
      blocked: [
        {
          ruleId: 'not-a-buyer',
          reason:
            'not-a-buyer: disqualified can only be entered from known, lead, mql, sal, sql (person is customer)',
          routine: false,
        },
      ],
    },
    {
      name: 'disqualified is terminal',
      subject: subject('disqualified', identified, demoRequest),
      moves: [],
      stage: 'disqualified',
      blocked: [
        {
          ruleId: 'identified',
          reason: 'identified: disqualified is final unless a rule allows moving back',
          routine: false,
        },
        {
          ruleId: 'hand-raiser',
          reason: 'hand-raiser: disqualified is final unless a rule allows moving back',
          routine: false,
        },
      ],
    },
    {
      name: 'an allow_backward rule may bring a disqualified person back',
      playbook: withRules({
        id: 'requalify',
        when: { field: 'title', contains: 'director' },
        to: 'lead',
        allow_backward: true,
        reason_code: 'requalified',
      }),
      subject: subject('disqualified', { title: 'Marketing Director' }),
      moves: ['disqualified→lead by requalify'],
      stage: 'lead',
      backward: [true],
    },
    {
      name: 'recycled re-enters at returns_to (lead) and carries on',
      subject: subject('recycled', identified, demoRequest),
      moves: ['recycled→lead by identified', 'lead→mql by hand-raiser'],
      stage: 'mql',
    },
    {
      name: 'recycled may re-enter later than returns_to',
      subject: subject('recycled', {}, demoRequest),
      moves: ['recycled→mql by hand-raiser'],
      stage: 'mql',
    },
    {
      name: 'recycled may not re-enter before returns_to',
      playbook: examplePlaybook((pb) => {
        const recycled = pb.lifecycle.side_paths.find((p) => p.id === 'recycled');
        if (recycled) recycled.returns_to = 'mql';
      }),
      subject: subject('recycled', identified),
      moves: [],
      stage: 'recycled',
      blocked: [
        { ruleId: 'identified', reason: 'identified: people leave recycled at mql or later', routine: false },
      ],
    },
    {
      name: 'recycling is allowed only from listed stages',
      playbook: withRules({
        id: 'stale',
        when: { field: 'company', exists: true },
        to: 'recycled',
        allow_backward: false,
      }),
      subject: subject('known', { first_name: 'Ann', company: 'Initech' }),
      // identified moves known → lead first; lead is not a stage recycling is allowed from.
      moves: ['known→lead by identified'],
      stage: 'lead',
      blocked: [
        {
          ruleId: 'stale',
          reason: 'stale: recycled can only be entered from mql, sal, sql (person is lead)',
          routine: false,
        },
      ],
    },
    {
      name: 'an MQL can be recycled',
      playbook: withRules({
        id: 'stale',
        when: { field: 'company', exists: true },
        to: 'recycled',
        allow_backward: false,
      }),
      subject: subject('mql', identified),
      moves: ['mql→recycled by stale'],
      stage: 'recycled',
      blocked: [
        {
          ruleId: 'identified',
          reason: 'identified: lead is not ahead of mql (stages only move forward)',
          routine: true,
        },
      ],
      backward: [false],
    },
  ],
};

describe('evaluateLifecycle', () => {
  for (const [group, cases] of Object.entries(scenarios)) {
    describe(group, () => {
      it.each(cases)('$name', ({ playbook, subject: input, moves, stage, blocked, backward }) => {
        const result = evaluateLifecycle(input, playbook ?? EXAMPLE);
        expect(result.transitions.map(move)).toEqual(moves);
        expect(result.stage).toBe(stage);
        expect(result.blocked).toEqual(blocked ?? []);
        expect(result.transitions.map((t) => t.backward)).toEqual(backward ?? moves.map(() => false));
      });
    });
  }

  /**
   * `routine` marks only the everyday block (a rule for a stage behind the person's main stage);
   * side-path limits and unknown stages are worth logging.
   */
  it.each<{ name: string; playbook?: CompiledPlaybook; subject: Subject; routine: [string, boolean][] }>([
    {
      name: 'an earlier stage’s rule on an MQL is routine',
      subject: subject('mql', identified),
      routine: [['identified', true]],
    },
    {
      name: 'a customer matching every earlier rule: all routine',
      subject: subject('customer', identified, demoRequest, { fit: 80, engagement: 80 }),
      routine: [
        ['identified', true],
        ['hand-raiser', true],
        ['score-threshold', true],
      ],
    },
    {
      name: 'entering a side path from a stage not in its `from` is not routine; the earlier stage is',
      subject: subject('customer', { ...identified, title: 'Student' }),
      routine: [
        ['not-a-buyer', false],
        ['identified', true],
      ],
    },
    {
      name: 'leaving a side path before `returns_to` is not routine',
      playbook: examplePlaybook((pb) => {
        const recycled = pb.lifecycle.side_paths.find((p) => p.id === 'recycled');
        if (recycled) recycled.returns_to = 'mql';
      }),
      subject: subject('recycled', identified),
      routine: [['identified', false]],
    },
    {
      name: 'a final side path (disqualified) is not routine',
      subject: subject('disqualified', identified, demoRequest, { fit: 80, engagement: 80 }),
      routine: [
        ['identified', false],
        ['hand-raiser', false],
        ['score-threshold', false],
      ],
    },
    {
      name: 'a rule to a stage the playbook does not have is not routine',
      playbook: withRules({
        id: 'churn',
        when: { field: 'company', exists: true },
        to: 'churned',
        allow_backward: false,
      }),
      subject: subject('sal', identified),
      routine: [
        ['identified', true],
        ['churn', false],
      ],
    },
    {
      name: 'a person on a stage the playbook no longer has is not routine',
      subject: subject('legacy-stage', identified),
      routine: [['identified', false]],
    },
  ])('which blocks are routine: $name', ({ playbook, subject: input, routine }) => {
    const result = evaluateLifecycle(input, playbook ?? EXAMPLE);
    expect(result.transitions).toEqual([]);
    expect(result.blocked.map((b) => [b.ruleId, b.routine])).toEqual(routine);
    // Routine is exactly the forward-only case, never a side-path or unknown-stage block.
    for (const block of result.blocked) {
      expect(block.reason.endsWith('(stages only move forward)')).toBe(block.routine);
    }
  });

  it('records each transition with its reason, inputs and reason code', () => {
    const playbook = withRules({
      id: 'left-company',
      description: 'Left the company',
      when: { field: 'company', exists: false },
      to: 'known',
      allow_backward: true,
      reason_code: 'contact-left',
    });
    const result = evaluateLifecycle(subject('mql', { first_name: 'Ann' }), playbook);
    expect(result.transitions).toEqual<Transition[]>([
      {
        from: 'mql',
        to: 'known',
        ruleId: 'left-company',
        reason: 'Left the company: mql → known',
        inputs: { company: null },
        backward: true,
        reasonCode: 'contact-left',
      },
    ]);
    const cascade = evaluateLifecycle(subject('known', identified, demoRequest), EXAMPLE);
    expect(cascade.transitions[0]).toMatchObject({
      reason: 'Name and company known: known → lead',
      inputs: { first_name: 'Ann', company: 'Initech' },
      reasonCode: null,
    });
    expect(cascade.transitions[1]).toMatchObject({
      reason: 'Asked for a demo from a work email: lead → mql',
      inputs: { event: { type: 'form_submit', form: 'demo-request', path: undefined } },
    });
  });

  it('does not change the subject it is given', () => {
    const input = subject('known', identified, demoRequest);
    const before = structuredClone(input);
    evaluateLifecycle(input, EXAMPLE);
    expect(input).toEqual(before);
  });
});
