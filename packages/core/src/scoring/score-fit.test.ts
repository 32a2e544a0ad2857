import { describe, expect, it } from 'vitest';
import type { AccountSnapshot, FieldValue, PersonSnapshot, Subject } from '../model.ts';
import { type CompiledPlaybook, compilePlaybook } from '../playbook/compile-playbook.ts';
import type { Playbook } from '../playbook/playbook.schema.ts';
import { EXAMPLE_SOURCE } from '../testing/example-playbook.ts';
import { CAP_ADJUSTMENT, type LedgerEntry } from './ledger.ts';
import { scoreFit } from './score-fit.ts';

function examplePlaybook(change: (pb: Playbook) => void = () => {}, versionId = 1): CompiledPlaybook {
  const source = structuredClone(EXAMPLE_SOURCE);
  change(source);
  return compilePlaybook(source, { id: versionId, hash: `v${versionId}` });
}

function person(
  fields: Record<string, FieldValue>,
  fitContributions: Record<string, number> = {},
): PersonSnapshot {
  return {
    id: 'person-1',
    email: 'ann.lee@initech.example',
    fields,
    stage: 'lead',
    ownerRepId: null,
    fitScore: sum(fitContributions),
    engagementScore: 0,
    engagementDecayedAt: null,
    fitContributions,
  };
}

const globex: AccountSnapshot = {
  id: 'account-globex',
  domain: 'globex.example',
  name: 'Globex Corporation',
  employees: 12_000,
  industry: 'Manufacturing',
  country: 'US',
  ownerRepId: 'ivan',
  named: true,
};
const initech: AccountSnapshot = {
  ...globex,
  id: 'account-initech',
  domain: 'initech.example',
  employees: 850,
  named: false,
  ownerRepId: null,
};

const sum = (values: Record<string, number> | number[]) =>
  Math.round(Object.values(values).reduce((a, b) => a + b, 0) * 100) / 100;

/** What the shell does with the result: add each entry to the per-rule ledger sums. */
function applyEntries(contributions: Record<string, number>, entries: LedgerEntry[]): Record<string, number> {
  const next = { ...contributions };
  for (const entry of entries)
    next[entry.ruleId] = Math.round(((next[entry.ruleId] ?? 0) + entry.points) * 100) / 100;
  return next;
}

const vpMarketingUs = { seniority: 'vp', function: 'marketing', country: 'US', is_free_mail: false };

interface Step {
  name: string;
  fields: Record<string, FieldValue>;
  account?: AccountSnapshot | null;
  /** Expected ledger entries as `ruleId points`, in the order written. */
  entries: string[];
  score: number;
}

/** Runs a person through successive changes, feeding each result's entries back as their ledger. */
function runSteps(playbook: CompiledPlaybook, steps: Step[], start: Record<string, number> = {}) {
  let contributions = start;
  return steps.map((step) => {
    const subject: Subject = {
      person: person(step.fields, contributions),
      account: step.account ?? null,
      event: null,
    };
    const result = scoreFit(subject, playbook);
    contributions = applyEntries(contributions, result.entries);
    return { step, result, contributions };
  });
}

const journeys: {
  name: string;
  playbook: CompiledPlaybook;
  start?: Record<string, number>;
  steps: Step[];
}[] = [
  {
    name: 'a VP of marketing whose data changes (example playbook, cap 100)',
    playbook: examplePlaybook(),
    steps: [
      {
        name: 'new VP of marketing in the US',
        fields: vpMarketingUs,
        entries: ['senior-buyer 25', 'target-function 15', 'core-regions 10'],
        score: 50,
      },
      { name: 'nothing changed: nothing written', fields: vpMarketingUs, entries: [], score: 50 },
      {
        name: 'title now reads manager: the senior rule is taken back',
        fields: { ...vpMarketingUs, seniority: 'manager' },
        entries: ['senior-buyer -25', 'manager 10'],
        score: 35,
      },
      {
        name: 'moved to Japan',
        fields: { ...vpMarketingUs, seniority: 'manager', country: 'JP' },
        entries: ['core-regions -10'],
        score: 25,
      },
      {
        name: 'joined a mid-market account',
        fields: { ...vpMarketingUs, seniority: 'manager', country: 'JP' },
        account: initech,
        entries: ['mid-market 20'],
        score: 45,
      },
      {
        name: 'account grew into a named enterprise',
        fields: { ...vpMarketingUs, seniority: 'manager', country: 'JP' },
        account: globex,
        entries: ['mid-market -20', 'enterprise 25', 'named-account 15'],
        score: 65,
      },
      {
        name: 'the same again: idempotent',
        fields: { ...vpMarketingUs, seniority: 'manager', country: 'JP' },
        account: globex,
        entries: [],
        score: 65,
      },
    ],
  },
  {
    name: 'a cap of 50 is one explicit _cap row',
    playbook: examplePlaybook((pb) => {
      pb.scoring.fit.cap = 50;
    }),
    steps: [
      {
        name: 'raw 90 is held at 50',
        fields: vpMarketingUs,
        account: globex,
        entries: [
          'senior-buyer 25',
          'target-function 15',
          'core-regions 10',
          'enterprise 25',
          'named-account 15',
          '_cap -40',
        ],
        score: 50,
      },
      { name: 'no change: no rows', fields: vpMarketingUs, account: globex, entries: [], score: 50 },
      {
        name: 'a rule stops matching but raw 65 is still over the cap',
        fields: { ...vpMarketingUs, seniority: null },
        account: globex,
        entries: ['senior-buyer -25', '_cap 25'],
        score: 50,
      },
      {
        name: 'below the cap again: the adjustment is taken back',
        fields: { ...vpMarketingUs, seniority: null },
        account: null,
        entries: ['enterprise -25', 'named-account -15', '_cap 15'],
        score: 25,
      },
      {
        name: 'and stays at zero adjustment',
        fields: { ...vpMarketingUs, seniority: null },
        account: null,
        entries: [],
        score: 25,
      },
    ],
  },
  {
    name: 'the floor holds a negative total at 0',
    playbook: examplePlaybook(),
    steps: [
      {
        name: 'only the personal-email rule matches',
        fields: { is_free_mail: true, country: 'JP' },
        entries: ['personal-email -20', '_cap 20'],
        score: 0,
      },
      {
        name: 'a senior title lifts raw to 5',
        fields: { is_free_mail: true, country: 'JP', seniority: 'director' },
        entries: ['senior-buyer 25', '_cap -20'],
        score: 5,
      },
    ],
  },
  {
    name: 'a negative floor lets the score go below zero',
    playbook: examplePlaybook((pb) => {
      pb.scoring.fit.floor = -10;
    }),
    steps: [
      {
        name: 'raw -20 is held at -10',
        fields: { is_free_mail: true },
        entries: ['personal-email -20', '_cap 10'],
        score: -10,
      },
    ],
  },
  {
    name: 'rules removed from the playbook are reversed',
    playbook: examplePlaybook(() => {}, 3),
    start: { 'senior-buyer': 25, 'legacy-webinar-fit': 30, retired: 0 },
    steps: [
      {
        name: 'the legacy rule is taken back, a zero one is left alone',
        fields: { seniority: 'vp' },
        entries: ['legacy-webinar-fit -30'],
        score: 25,
      },
      { name: 'nothing left to reverse', fields: { seniority: 'vp' }, entries: [], score: 25 },
    ],
  },
];

describe('scoreFit', () => {
  for (const journey of journeys) {
    describe(journey.name, () => {
      const outcomes = runSteps(journey.playbook, journey.steps, journey.start);
      it.each(outcomes.map((o, i) => ({ ...o, label: `${i + 1}. ${o.step.name}` })))(
        '$label',
        ({ step, result, contributions }) => {
          expect(result.entries.map((e) => `${e.ruleId} ${e.points}`)).toEqual(step.entries);
          expect(result.score).toBe(step.score);
          // The score is always the sum of the ledger.
          expect(sum(contributions)).toBe(step.score);
          expect(result.entries.every((e) => e.model === 'fit')).toBe(true);
        },
      );
    });
  }

  it('sums the entries of a first evaluation to the capped score', () => {
    const playbook = examplePlaybook((pb) => {
      pb.scoring.fit.cap = 60;
    });
    const { entries, score } = scoreFit(
      { person: person(vpMarketingUs), account: globex, event: null },
      playbook,
    );
    expect(score).toBe(60);
    expect(sum(entries.map((e) => e.points))).toBe(60);
    expect(entries.filter((e) => e.ruleId === CAP_ADJUSTMENT)).toHaveLength(1);
  });

  it.each<{ name: string; subject: Subject; playbook: CompiledPlaybook; entry: Partial<LedgerEntry> }>([
    {
      name: 'a rule that starts matching',
      subject: { person: person(vpMarketingUs), account: null, event: null },
      playbook: examplePlaybook(),
      entry: {
        ruleId: 'senior-buyer',
        points: 25,
        reason: 'Director or above: +25',
        inputs: { seniority: 'vp' },
      },
    },
    {
      name: 'a rule that stops matching',
      subject: {
        person: person({ seniority: 'manager' }, { 'senior-buyer': 25 }),
        account: null,
        event: null,
      },
      playbook: examplePlaybook(),
      entry: {
        ruleId: 'senior-buyer',
        points: -25,
        reason: 'Director or above no longer matches: -25',
        inputs: { seniority: 'manager' },
      },
    },
    {
      name: 'a rule no longer in the playbook',
      subject: { person: person({}, { 'old-rule': 12.5 }), account: null, event: null },
      playbook: examplePlaybook(() => {}, 9),
      entry: {
        ruleId: 'old-rule',
        points: -12.5,
        reason: 'rule "old-rule" is no longer in the playbook (v9): -12.5',
        inputs: {},
      },
    },
    {
      name: 'the cap',
      subject: { person: person(vpMarketingUs), account: globex, event: null },
      playbook: examplePlaybook((pb) => {
        pb.scoring.fit.cap = 50;
      }),
      entry: {
        ruleId: '_cap',
        points: -40,
        reason: 'fit rules add up to 90; held at 50 (limits 0..50)',
        inputs: { raw: 90, floor: 0, cap: 50 },
      },
    },
    {
      name: 'the floor without a cap',
      subject: { person: person({ is_free_mail: true }), account: null, event: null },
      playbook: examplePlaybook((pb) => {
        delete pb.scoring.fit.cap;
      }),
      entry: {
        ruleId: '_cap',
        points: 20,
        reason: 'fit rules add up to -20; held at 0 (limits 0..∞)',
        inputs: { raw: -20, floor: 0, cap: null },
      },
    },
  ])('explains $name', ({ subject, playbook, entry }) => {
    const { entries } = scoreFit(subject, playbook);
    expect(entries).toContainEqual({ model: 'fit', ...entry });
  });

  it('does not change the person it is given', () => {
    const subject: Subject = {
      person: person(vpMarketingUs, { 'senior-buyer': 25 }),
      account: globex,
      event: null,
    };
    const before = structuredClone(subject);
    scoreFit(subject, examplePlaybook());
    expect(subject).toEqual(before);
  });
});
