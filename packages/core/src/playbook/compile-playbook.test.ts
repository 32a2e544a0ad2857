import { describe, expect, it } from 'vitest';
import { EXAMPLE_SOURCE } from '../testing/example-playbook.ts';
import {
  type CompiledFormField,
  compileFormField,
  compilePlaybook,
  parseDateRange,
} from './compile-playbook.ts';
import type { Playbook } from './playbook.schema.ts';

const EXAMPLE: Playbook = EXAMPLE_SOURCE;

describe('compilePlaybook (example playbook)', () => {
  const compiled = compilePlaybook(EXAMPLE, { id: 7, hash: 'abc123' });

  it('keeps the source and the version every decision will record', () => {
    expect(compiled.source).toBe(EXAMPLE);
    expect(compiled.version).toEqual({ id: 7, hash: 'abc123' });
  });

  it('orders the main stages and indexes them', () => {
    expect(compiled.stages).toEqual(['known', 'lead', 'mql', 'sal', 'sql', 'opportunity', 'customer']);
    expect(compiled.stageIndex.get('known')).toBe(0);
    expect(compiled.stageIndex.get('customer')).toBe(6);
    expect(compiled.stageIndex.has('recycled')).toBe(false);
    expect(compiled.initialStage).toBe('known');
    expect(compiled.routingStageIndex).toBe(2);
  });

  it('compiles side paths', () => {
    expect(compiled.sidePaths.get('recycled')).toEqual({
      from: new Set(['mql', 'sal', 'sql']),
      returnsTo: 'lead',
    });
    expect(compiled.sidePaths.get('disqualified')).toEqual({
      from: new Set(['known', 'lead', 'mql', 'sal', 'sql']),
      returnsTo: null,
    });
  });

  it('parses rep hours and out-of-office ranges once', () => {
    const gus = compiled.reps.get('gus');
    expect(gus?.workingHours.windows).toEqual([{ days: [1, 2, 3, 4, 5], start: 540, end: 1080 }]);
    expect(gus?.outOfOffice).toEqual([{ from: '2026-12-24', to: '2027-01-02' }]);
    expect(compiled.reps.get('dana')?.outOfOffice).toEqual([]);
  });

  it('indexes pools, named accounts (by lower-case domain) and forms', () => {
    expect([...compiled.pools.keys()]).toEqual([
      'na',
      'emea',
      'apac',
      'enterprise',
      'follow-the-sun',
      'on-call',
    ]);
    expect(compiled.namedAccounts.get('globex.example')?.owner).toBe('ivan');
    expect(compiled.forms.get('demo-request')?.id).toBe('demo-request');
    expect(compiled.forms.get('newsletter')?.compiledFields).toEqual<CompiledFormField[]>([
      { name: 'email', required: true, maxLength: 254, custom: false },
      { name: 'first_name', required: false, maxLength: 100, custom: false },
    ]);
  });

  it('parses the half-life and sorts grade thresholds from the highest', () => {
    expect(compiled.engagementHalfLifeMs).toBe(30 * 86_400_000);
    expect(compiled.grades).toEqual({
      fit: [
        ['A', 70],
        ['B', 40],
        ['C', 20],
        ['D', 0],
      ],
      engagement: [
        ['1', 60],
        ['2', 30],
        ['3', 10],
        ['4', 0],
      ],
    });
  });

  it('has no half-life or grades when the playbook sets none', () => {
    const plain = structuredClone(EXAMPLE);
    delete plain.scoring.engagement.decay;
    delete plain.scoring.grade;
    const result = compilePlaybook(plain, { id: 1, hash: 'x' });
    expect(result.engagementHalfLifeMs).toBeNull();
    expect(result.grades).toBeNull();
  });

  it('uses an explicit initial stage and an unknown routing stage never routes', () => {
    const custom = structuredClone(EXAMPLE);
    custom.lifecycle.initial_stage = 'lead';
    custom.routing.at_stage = 'nowhere';
    const result = compilePlaybook(custom, { id: 1, hash: 'x' });
    expect(result.initialStage).toBe('lead');
    expect(result.routingStageIndex).toBe(Number.POSITIVE_INFINITY);
  });

  it('throws on an unchecked playbook (a bug in the caller, not user input)', () => {
    const broken = structuredClone(EXAMPLE);
    const rep = broken.reps[0];
    if (rep) rep.hours = 'whenever';
    expect(() => compilePlaybook(broken, { id: 1, hash: 'x' })).toThrow(
      /compilePlaybook: unchecked playbook/,
    );
  });
});

describe('compileFormField', () => {
  const custom = new Map([
    ['budget', { max_length: 20 }],
    ['notes', {}],
  ]);
  it.each<[string, Parameters<typeof compileFormField>[0], CompiledFormField]>([
    ['required by "!"', 'email!', { name: 'email', required: true, maxLength: 254, custom: false }],
    ['optional standard field', 'title', { name: 'title', required: false, maxLength: 150, custom: false }],
    [
      'object form with its own limit',
      { name: 'company', required: true, max_length: 80 },
      { name: 'company', required: true, maxLength: 80, custom: false },
    ],
    ['custom field with a limit', 'budget', { name: 'budget', required: false, maxLength: 20, custom: true }],
    [
      'custom field without a limit',
      'notes!',
      { name: 'notes', required: true, maxLength: 255, custom: true },
    ],
  ])('%s', (_name, field, expected) => {
    expect(compileFormField(field, custom)).toEqual(expected);
  });
});

describe('parseDateRange', () => {
  it.each([
    ['2026-12-24..2027-01-02', { from: '2026-12-24', to: '2027-01-02' }],
    ['2026-12-24', { from: '2026-12-24', to: '2026-12-24' }],
    [' 2026-12-24 .. 2026-12-26 ', { from: '2026-12-24', to: '2026-12-26' }],
  ])('%j', (text, range) => {
    expect(parseDateRange(text)).toEqual(range);
  });
});
