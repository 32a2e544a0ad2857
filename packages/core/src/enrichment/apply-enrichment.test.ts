import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../model.ts';
import {
  applyEnrichment,
  type CurrentValue,
  type EnrichmentState,
  employeeBandOf,
  type ProviderResult,
  type ValueSource,
  valueSourceOf,
} from './apply-enrichment.ts';
import type { Enrichment } from './enrichment.schema.ts';
import type { Firmographics } from './read-firmographics.ts';

const AT = new Date('2026-11-23T15:00:00Z');
const result = (provider: string, fields: Firmographics, domain = 'initech.example'): ProviderResult => ({
  provider,
  matchedOn: { domain },
  fields,
  fetchedAt: AT,
});
const v = (value: FieldValue, source: ValueSource | null = value === null ? null : 'form'): CurrentValue => ({
  value,
  source,
});
const emptyAccount = (): Record<string, CurrentValue> => ({
  name: v(null),
  industry: v(null),
  employees: v(null),
  employee_band: v(null),
  revenue_band: v(null),
  country: v(null),
});
const state = (
  person: Record<string, CurrentValue> = {},
  account: Record<string, CurrentValue> | null = {},
): EnrichmentState => ({
  person: { company: v(null), country: v(null), ...person },
  account: account === null ? null : { ...emptyAccount(), ...account },
});
const policy = (overwrite: Enrichment['overwrite'] = {}, bands?: Enrichment['employee_bands']) => ({
  overwrite,
  ...(bands ? { employee_bands: bands } : {}),
});
const BANDS = [{ band: '1-49', max: 49 }, { band: '50-999', max: 999 }, { band: '1000+' }];
const INITECH: Firmographics = {
  company_name: 'Initech',
  industry: 'Software',
  employee_count: 850,
  revenue_band: '$100M-$500M',
  country: 'US',
};

interface Scenario {
  name: string;
  state: EnrichmentState;
  results: ProviderResult[];
  policy?: ReturnType<typeof policy>;
  /** `target.field` → new value, for every change expected (and no others). */
  changes: Record<string, FieldValue>;
  /** `target.field` → skip code, for the skips that matter to the scenario. */
  skipped?: Record<string, string>;
  reason?: RegExp;
}

const scenarios: Scenario[] = [
  {
    name: 'fills every empty field of the person and the account',
    state: state(),
    results: [result('firmographics', INITECH)],
    changes: {
      'person.company': 'Initech',
      'person.country': 'US',
      'account.name': 'Initech',
      'account.industry': 'Software',
      'account.employees': 850,
      'account.revenue_band': '$100M-$500M',
      'account.country': 'US',
    },
    skipped: { 'account.employee_band': 'no_data' },
  },
  {
    name: 'never overwrites what a person typed (default policy if_empty)',
    state: state({ company: v('initech', 'form'), country: v('DE', 'form') }),
    results: [result('firmographics', INITECH)],
    changes: {
      'account.name': 'Initech',
      'account.industry': 'Software',
      'account.employees': 850,
      'account.revenue_band': '$100M-$500M',
      'account.country': 'US',
    },
    skipped: { 'person.company': 'kept', 'person.country': 'kept' },
  },
  {
    name: 'keeps imported, CRM and playbook values too',
    state: state(
      { company: v('Initech LLC', 'import') },
      { industry: v('Fintech', 'crm'), employees: v(900, 'playbook') },
    ),
    results: [result('firmographics', INITECH)],
    changes: {
      'person.country': 'US',
      'account.name': 'Initech',
      'account.revenue_band': '$100M-$500M',
      'account.country': 'US',
    },
    skipped: { 'person.company': 'kept', 'account.industry': 'kept', 'account.employees': 'kept' },
  },
  {
    name: 'always replaces a typed value, and says what it replaced',
    state: state({ company: v('initech', 'form') }),
    results: [result('firmographics', { company_name: 'Initech' })],
    policy: policy({ company_name: 'always' }),
    changes: { 'person.company': 'Initech', 'account.name': 'Initech' },
    reason: /replaced person\.company "initech" \(typed by the person on a form\) with "Initech".*always/,
  },
  {
    name: 'never: enrichment does not write the field even when it is empty',
    state: state(),
    results: [result('firmographics', { industry: 'Software', country: 'US' })],
    policy: policy({ industry: 'never' }),
    changes: { 'person.country': 'US', 'account.country': 'US' },
    skipped: { 'account.industry': 'policy_never' },
  },
  {
    name: 'refreshes a value enrichment wrote itself',
    state: state({}, { employees: v(700, 'enrichment') }),
    results: [result('firmographics', { employee_count: 850 })],
    changes: { 'account.employees': 850 },
    reason: /refreshed account\.employees: 700 → 850/,
  },
  {
    name: 'an equal value is no change',
    state: state({ country: v('US', 'form') }, { country: v('US', 'playbook') }),
    results: [result('firmographics', { country: 'US' })],
    changes: {},
    skipped: { 'person.country': 'unchanged', 'account.country': 'unchanged' },
  },
  {
    name: 'the first provider with a value wins each field; later ones fill the gaps',
    state: state(),
    results: [
      result('firmographics', { industry: 'Software' }),
      result('company-api', { industry: 'Computer Software', employee_count: 850 }),
    ],
    changes: { 'account.industry': 'Software', 'account.employees': 850 },
  },
  {
    name: 'without an account, company facts have nowhere to go',
    state: state({}, null),
    results: [result('firmographics', INITECH)],
    changes: { 'person.company': 'Initech', 'person.country': 'US' },
    skipped: { 'account.industry': 'no_account' },
  },
  {
    name: 'employee band is derived from the head count with the playbook bands',
    state: state(),
    results: [result('firmographics', { employee_count: 850, employee_band: '501-1000' })],
    policy: policy({}, BANDS),
    changes: { 'account.employees': 850, 'account.employee_band': '50-999' },
  },
  {
    name: "a provider's own band is used only when it is one of the playbook's",
    state: state(),
    results: [result('a', { employee_band: '501-1000' }), result('b', { employee_band: '1000+' })],
    policy: policy({}, BANDS),
    changes: { 'account.employee_band': '1000+' },
  },
  {
    name: 'without playbook bands, the provider band passes through',
    state: state(),
    results: [result('a', { employee_band: '501-1000' })],
    changes: { 'account.employee_band': '501-1000' },
  },
  {
    name: 'whitespace-only counts as empty',
    state: state({ company: v('   ', 'form') }),
    results: [result('a', { company_name: 'Initech' })],
    changes: { 'person.company': 'Initech', 'account.name': 'Initech' },
  },
  {
    name: 'no results, no changes',
    state: state(),
    results: [],
    changes: {},
    skipped: { 'person.company': 'no_data', 'account.industry': 'no_data' },
  },
];

describe('applyEnrichment', () => {
  it.each(scenarios)('$name', (s) => {
    const decision = applyEnrichment(s.state, s.results, s.policy ?? policy());
    const changes = Object.fromEntries(decision.changes.map((c) => [`${c.target}.${c.field}`, c.to]));
    expect(changes).toEqual(s.changes);
    const skipped = Object.fromEntries(decision.skipped.map((c) => [`${c.target}.${c.field}`, c.code]));
    for (const [key, code] of Object.entries(s.skipped ?? {})) expect(skipped[key], key).toBe(code);
    // Every change explains itself and names its provider and domain.
    for (const change of decision.changes) {
      expect(change.reason).toContain(change.provider);
      expect(change.domain).toBe('initech.example');
    }
    if (s.reason) expect(decision.changes.map((c) => c.reason).join('\n')).toMatch(s.reason);
  });

  it('records the replaced value and its source on each change', () => {
    const decision = applyEnrichment(
      state({ company: v('initech', 'form') }, { employees: v(10, 'enrichment') }),
      [result('firmographics', INITECH)],
      policy({ company_name: 'always' }),
    );
    expect(decision.changes.find((c) => c.field === 'company')).toMatchObject({
      from: 'initech',
      replaced: 'form',
    });
    expect(decision.changes.find((c) => c.field === 'employees')).toMatchObject({
      from: 10,
      to: 850,
      replaced: 'enrichment',
    });
    expect(decision.changes.find((c) => c.field === 'industry')).toMatchObject({
      from: null,
      replaced: null,
    });
  });

  it('explains a kept value with what was offered and the policy', () => {
    const decision = applyEnrichment(
      state({ company: v('Initech Intl', 'form') }),
      [result('firmographics', INITECH)],
      policy(),
    );
    expect(decision.skipped.find((s) => s.field === 'company')).toMatchObject({
      code: 'kept',
      offered: 'Initech',
      provider: 'firmographics',
      reason: expect.stringMatching(
        /kept person\.company "Initech Intl" \(typed by the person on a form\).*if_empty/,
      ),
    });
  });
});

describe('employeeBandOf', () => {
  it.each([
    [0, '1-49'],
    [49, '1-49'],
    [50, '50-999'],
    [999, '50-999'],
    [1000, '1000+'],
    [2_000_000, '1000+'],
  ])('%i employees → %s', (count, band) => expect(employeeBandOf(count, BANDS)).toBe(band));

  it('is null above a closed last band', () => {
    expect(employeeBandOf(5000, [{ band: 'small', max: 100 }])).toBeNull();
  });
});

describe('valueSourceOf', () => {
  it.each<[FieldValue, FieldValue | undefined, ValueSource | null]>([
    [null, undefined, null],
    ['', 'x', null],
    ['Initech', 'Initech', 'enrichment'],
    ['initech', 'Initech', 'form'],
    ['Initech', undefined, 'form'],
    [850, 850, 'enrichment'],
  ])('%j (enrichment last wrote %j) → %s', (value, last, expected) => {
    expect(valueSourceOf(value, last, 'form')).toBe(expected);
  });
});
