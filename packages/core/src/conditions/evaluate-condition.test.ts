import { describe, expect, it } from 'vitest';
import type { AccountSnapshot, EngineEvent, FieldValue, PersonSnapshot, Subject } from '../model.ts';
import type { Condition } from './condition.schema.ts';
import { Condition as ConditionSchema } from './condition.schema.ts';
import { evaluateCondition } from './evaluate-condition.ts';

function person(fields: Record<string, FieldValue>, overrides: Partial<PersonSnapshot> = {}): PersonSnapshot {
  return {
    id: 'person-1',
    email: 'ann.lee@initech.example',
    fields,
    stage: 'lead',
    ownerRepId: null,
    fitScore: 0,
    engagementScore: 0,
    engagementDecayedAt: null,
    fitContributions: {},
    ...overrides,
  };
}

const initech: AccountSnapshot = {
  id: 'account-1',
  domain: 'initech.example',
  name: 'Initech',
  employees: 850,
  industry: 'Software',
  country: 'US',
  ownerRepId: 'dana',
  named: true,
};

const subjectWith = (
  fields: Record<string, FieldValue>,
  extra: {
    person?: Partial<PersonSnapshot>;
    account?: AccountSnapshot | null;
    event?: EngineEvent | null;
  } = {},
): Subject => ({
  person: person(fields, extra.person),
  account: extra.account ?? null,
  event: extra.event ?? null,
});

const formSubmit = (formId: string, properties: Record<string, unknown> = {}): EngineEvent => ({
  type: 'form_submit',
  occurredAt: new Date('2026-11-23T15:00:00Z'),
  formId,
  properties,
});
const pageView = (path: string): EngineEvent => ({
  type: 'page_view',
  occurredAt: new Date('2026-11-23T15:00:00Z'),
  path,
  properties: {},
});

interface Scenario {
  name: string;
  when: Condition;
  fields?: Record<string, FieldValue>;
  subject?: Subject;
  matched: boolean;
}

const scenarios: Record<string, Scenario[]> = {
  eq: [
    { name: 'same text', when: { field: 'country', eq: 'US' }, fields: { country: 'US' }, matched: true },
    {
      name: 'text is case-insensitive',
      when: { field: 'seniority', eq: 'VP' },
      fields: { seniority: 'vp' },
      matched: true,
    },
    { name: 'other text', when: { field: 'country', eq: 'US' }, fields: { country: 'CA' }, matched: false },
    { name: 'missing value', when: { field: 'country', eq: 'US' }, fields: {}, matched: false },
    { name: 'null value', when: { field: 'country', eq: 'US' }, fields: { country: null }, matched: false },
    {
      name: 'number vs numeric text',
      when: { field: 'size', eq: 50 },
      fields: { size: '50' },
      matched: true,
    },
    { name: 'number vs number', when: { field: 'size', eq: 50 }, fields: { size: 50 }, matched: true },
    { name: 'text vs number', when: { field: 'size', eq: '50' }, fields: { size: 50 }, matched: true },
    { name: 'blank text is not 0', when: { field: 'size', eq: 0 }, fields: { size: '' }, matched: false },
    { name: 'spaces are not 0', when: { field: 'size', eq: 0 }, fields: { size: '  ' }, matched: false },
    { name: '0 is 0', when: { field: 'size', eq: 0 }, fields: { size: 0 }, matched: true },
    {
      name: 'boolean true',
      when: { field: 'is_free_mail', eq: true },
      fields: { is_free_mail: true },
      matched: true,
    },
    {
      name: 'boolean false vs true',
      when: { field: 'is_free_mail', eq: true },
      fields: { is_free_mail: false },
      matched: false,
    },
    {
      name: 'boolean as text',
      when: { field: 'opted_in', eq: true },
      fields: { opted_in: 'TRUE' },
      matched: true,
    },
    {
      name: 'system field stage',
      when: { field: 'stage', eq: 'lead' },
      subject: subjectWith({}, { person: { stage: 'lead' } }),
      matched: true,
    },
    {
      name: 'system field owner',
      when: { field: 'owner', eq: 'dana' },
      subject: subjectWith({}, { person: { ownerRepId: 'dana' } }),
      matched: true,
    },
    {
      name: 'system field email',
      when: { field: 'email', eq: 'ANN.LEE@initech.example' },
      fields: {},
      matched: true,
    },
  ],
  neq: [
    {
      name: 'different text',
      when: { field: 'country', neq: 'US' },
      fields: { country: 'CA' },
      matched: true,
    },
    {
      name: 'same text other case',
      when: { field: 'country', neq: 'us' },
      fields: { country: 'US' },
      matched: false,
    },
    { name: 'missing value is not equal', when: { field: 'country', neq: 'US' }, fields: {}, matched: true },
  ],
  in: [
    {
      name: 'one of the list',
      when: { field: 'country', in: ['US', 'CA'] },
      fields: { country: 'ca' },
      matched: true,
    },
    {
      name: 'none of the list',
      when: { field: 'country', in: ['US', 'CA'] },
      fields: { country: 'MX' },
      matched: false,
    },
    {
      name: 'mixed scalars',
      when: { field: 'size', in: ['ten', 10] },
      fields: { size: '10' },
      matched: true,
    },
    { name: 'missing value', when: { field: 'country', in: ['US', 'CA'] }, fields: {}, matched: false },
  ],
  not_in: [
    {
      name: 'outside the list',
      when: { field: 'country', not_in: ['US', 'CA'] },
      fields: { country: 'MX' },
      matched: true,
    },
    {
      name: 'inside the list',
      when: { field: 'country', not_in: ['US', 'CA'] },
      fields: { country: 'us' },
      matched: false,
    },
    {
      name: 'missing value is outside',
      when: { field: 'country', not_in: ['US', 'CA'] },
      fields: {},
      matched: true,
    },
  ],
  exists: [
    {
      name: 'text present',
      when: { field: 'company', exists: true },
      fields: { company: 'Initech' },
      matched: true,
    },
    { name: 'empty text', when: { field: 'company', exists: true }, fields: { company: '' }, matched: false },
    {
      name: 'blank text',
      when: { field: 'company', exists: true },
      fields: { company: '   ' },
      matched: false,
    },
    { name: 'null', when: { field: 'company', exists: true }, fields: { company: null }, matched: false },
    { name: 'missing', when: { field: 'company', exists: true }, fields: {}, matched: false },
    { name: 'zero is a value', when: { field: 'size', exists: true }, fields: { size: 0 }, matched: true },
    {
      name: 'false is a value',
      when: { field: 'flag', exists: true },
      fields: { flag: false },
      matched: true,
    },
    {
      name: 'exists: false on empty',
      when: { field: 'company', exists: false },
      fields: { company: '' },
      matched: true,
    },
    {
      name: 'exists: false on missing',
      when: { field: 'company', exists: false },
      fields: {},
      matched: true,
    },
    {
      name: 'exists: false on present',
      when: { field: 'company', exists: false },
      fields: { company: 'Initech' },
      matched: false,
    },
  ],
  'gt / gte / lt / lte / between': [
    { name: 'gt above', when: { field: 'size', gt: 100 }, fields: { size: 101 }, matched: true },
    { name: 'gt equal', when: { field: 'size', gt: 100 }, fields: { size: 100 }, matched: false },
    { name: 'gt numeric text', when: { field: 'size', gt: 100 }, fields: { size: '250' }, matched: true },
    { name: 'gt decimal text', when: { field: 'size', gt: 1.5 }, fields: { size: ' 1.75 ' }, matched: true },
    { name: 'gte equal', when: { field: 'size', gte: 100 }, fields: { size: '100' }, matched: true },
    { name: 'gte below', when: { field: 'size', gte: 100 }, fields: { size: 99 }, matched: false },
    { name: 'lt below', when: { field: 'size', lt: 10 }, fields: { size: '9' }, matched: true },
    { name: 'lt equal', when: { field: 'size', lt: 10 }, fields: { size: 10 }, matched: false },
    { name: 'lt negative', when: { field: 'size', lt: 0 }, fields: { size: '-3' }, matched: true },
    { name: 'lte equal', when: { field: 'size', lte: 10 }, fields: { size: '10' }, matched: true },
    { name: 'lte above', when: { field: 'size', lte: 10 }, fields: { size: 11 }, matched: false },
    {
      name: 'between low edge',
      when: { field: 'size', between: [200, 5000] },
      fields: { size: 200 },
      matched: true,
    },
    {
      name: 'between high edge',
      when: { field: 'size', between: [200, 5000] },
      fields: { size: '5000' },
      matched: true,
    },
    {
      name: 'between below',
      when: { field: 'size', between: [200, 5000] },
      fields: { size: 199 },
      matched: false,
    },
    {
      name: 'between above',
      when: { field: 'size', between: [200, 5000] },
      fields: { size: 5001 },
      matched: false,
    },
    { name: 'non-numeric text', when: { field: 'size', gt: 0 }, fields: { size: 'lots' }, matched: false },
    { name: 'empty text is not 0', when: { field: 'size', lte: 0 }, fields: { size: '' }, matched: false },
    { name: 'missing', when: { field: 'size', lt: 100 }, fields: {}, matched: false },
    {
      name: 'boolean is not a number',
      when: { field: 'flag', gt: 0 },
      fields: { flag: true },
      matched: false,
    },
  ],
  matches: [
    {
      name: 'case-sensitive by default',
      when: { field: 'title', matches: '\\bVP\\b' },
      fields: { title: 'VP Marketing' },
      matched: true,
    },
    {
      name: 'case-sensitive miss',
      when: { field: 'title', matches: '\\bVP\\b' },
      fields: { title: 'vp marketing' },
      matched: false,
    },
    {
      name: '(?i) makes it case-insensitive',
      when: { field: 'title', matches: '(?i)\\b(student|intern)\\b' },
      fields: { title: 'Marketing INTERN' },
      matched: true,
    },
    {
      name: '(?i) word boundary',
      when: { field: 'title', matches: '(?i)\\b(student|intern)\\b' },
      fields: { title: 'Internal Comms Lead' },
      matched: false,
    },
    {
      name: 'unicode',
      when: { field: 'last_name', matches: '^Ál' },
      fields: { last_name: 'Álvarez' },
      matched: true,
    },
    {
      name: 'numbers are not text',
      when: { field: 'size', matches: '^5' },
      fields: { size: 500 },
      matched: false,
    },
    { name: 'missing', when: { field: 'title', matches: '.*' }, fields: {}, matched: false },
    {
      name: 'an invalid regex never matches',
      when: { field: 'title', matches: '(unclosed' },
      fields: { title: '(unclosed' },
      matched: false,
    },
  ],
  contains: [
    {
      name: 'case-insensitive substring',
      when: { field: 'title', contains: 'marketing' },
      fields: { title: 'VP, Marketing Operations' },
      matched: true,
    },
    {
      name: 'absent',
      when: { field: 'title', contains: 'sales' },
      fields: { title: 'VP Marketing' },
      matched: false,
    },
    { name: 'missing', when: { field: 'title', contains: 'sales' }, fields: {}, matched: false },
  ],
  in_region: [
    {
      name: 'US in NA',
      when: { field: 'country', in_region: 'NA' },
      fields: { country: 'US' },
      matched: true,
    },
    {
      name: 'lower-case code',
      when: { field: 'country', in_region: 'NA' },
      fields: { country: 'ca' },
      matched: true,
    },
    {
      name: 'DE in EMEA',
      when: { field: 'country', in_region: ['NA', 'EMEA'] },
      fields: { country: 'DE' },
      matched: true,
    },
    {
      name: 'JP not in NA/EMEA',
      when: { field: 'country', in_region: ['NA', 'EMEA'] },
      fields: { country: 'JP' },
      matched: false,
    },
    {
      name: 'BR in LATAM',
      when: { field: 'country', in_region: 'LATAM' },
      fields: { country: 'BR' },
      matched: true,
    },
    {
      name: 'MX is LATAM, not NA',
      when: { field: 'country', in_region: 'NA' },
      fields: { country: 'MX' },
      matched: false,
    },
    {
      name: 'AU in APAC',
      when: { field: 'country', in_region: 'APAC' },
      fields: { country: 'AU' },
      matched: true,
    },
    {
      name: 'ISO3 code',
      when: { field: 'country', in_region: 'EMEA' },
      fields: { country: 'DEU' },
      matched: true,
    },
    // NA is also Namibia's code: on the country field it is Namibia.
    {
      name: 'Namibia is EMEA',
      when: { field: 'country', in_region: 'EMEA' },
      fields: { country: 'NA' },
      matched: true,
    },
    {
      name: 'unknown code',
      when: { field: 'country', in_region: 'EMEA' },
      fields: { country: 'ZZ' },
      matched: false,
    },
    {
      name: 'unwashed name',
      when: { field: 'country', in_region: 'EMEA' },
      fields: { country: 'Germany' },
      matched: false,
    },
    { name: 'missing country', when: { field: 'country', in_region: 'NA' }, fields: {}, matched: false },
    // The derived region field holds a region, so "NA" there is North America.
    {
      name: 'region NA',
      when: { field: 'region', in_region: 'NA' },
      fields: { region: 'NA' },
      matched: true,
    },
    {
      name: 'region NA is not EMEA',
      when: { field: 'region', in_region: 'EMEA' },
      fields: { region: 'NA' },
      matched: false,
    },
    {
      name: 'region EMEA',
      when: { field: 'region', in_region: ['EMEA', 'APAC'] },
      fields: { region: 'EMEA' },
      matched: true,
    },
    {
      name: 'account country',
      when: { account: 'country', in_region: 'NA' },
      subject: subjectWith({}, { account: initech }),
      matched: true,
    },
  ],
};

describe('evaluateCondition: operators on person fields', () => {
  for (const [operator, cases] of Object.entries(scenarios)) {
    describe(operator, () => {
      it.each(cases)('$name → $matched', ({ when, fields, subject, matched }) => {
        expect(ConditionSchema.safeParse(when).success).toBe(true);
        expect(evaluateCondition(when, subject ?? subjectWith(fields ?? {})).matched).toBe(matched);
      });
    });
  }
});

describe('evaluateCondition: accounts and scores', () => {
  const withAccount = subjectWith({}, { account: initech });
  const scored = subjectWith({}, { person: { fitScore: 45, engagementScore: 20 } });
  it.each<Scenario>([
    {
      name: 'employees between',
      when: { account: 'employees', between: [200, 5000] },
      subject: withAccount,
      matched: true,
    },
    { name: 'employees gt', when: { account: 'employees', gt: 5000 }, subject: withAccount, matched: false },
    { name: 'named', when: { account: 'named', eq: true }, subject: withAccount, matched: true },
    { name: 'owner', when: { account: 'owner', eq: 'DANA' }, subject: withAccount, matched: true },
    {
      name: 'domain',
      when: { account: 'domain', eq: 'initech.example' },
      subject: withAccount,
      matched: true,
    },
    { name: 'name', when: { account: 'name', contains: 'tech' }, subject: withAccount, matched: true },
    {
      name: 'industry',
      when: { account: 'industry', in: ['software', 'saas'] },
      subject: withAccount,
      matched: true,
    },
    {
      name: 'unknown attribute',
      when: { account: 'revenue', exists: true },
      subject: withAccount,
      matched: false,
    },
    {
      name: 'no account: gt',
      when: { account: 'employees', gt: 0 },
      subject: subjectWith({}),
      matched: false,
    },
    {
      name: 'no account: exists false',
      when: { account: 'owner', exists: false },
      subject: subjectWith({}),
      matched: true,
    },
    {
      name: 'account without owner',
      when: { account: 'owner', exists: true },
      subject: subjectWith({}, { account: { ...initech, ownerRepId: null } }),
      matched: false,
    },
    { name: 'fit gte', when: { score: 'fit', gte: 40 }, subject: scored, matched: true },
    { name: 'engagement gte', when: { score: 'engagement', gte: 60 }, subject: scored, matched: false },
    {
      name: 'total = fit + engagement',
      when: { score: 'total', between: [65, 65] },
      subject: scored,
      matched: true,
    },
    { name: 'total lt', when: { score: 'total', lt: 65 }, subject: scored, matched: false },
  ])('$name → $matched', ({ when, subject, matched }) => {
    expect(evaluateCondition(when, subject as Subject).matched).toBe(matched);
  });
});

describe('evaluateCondition: events', () => {
  it.each<Scenario>([
    {
      name: 'form_submit of the form',
      when: { event: 'form_submit', form: 'demo-request' },
      subject: subjectWith({}, { event: formSubmit('demo-request') }),
      matched: true,
    },
    {
      name: 'another form',
      when: { event: 'form_submit', form: 'demo-request' },
      subject: subjectWith({}, { event: formSubmit('newsletter') }),
      matched: false,
    },
    {
      name: 'any form',
      when: { event: 'form_submit' },
      subject: subjectWith({}, { event: formSubmit('newsletter') }),
      matched: true,
    },
    {
      name: 'another event type',
      when: { event: 'form_submit' },
      subject: subjectWith({}, { event: pageView('/pricing') }),
      matched: false,
    },
    {
      name: 'no event (re-evaluation)',
      when: { event: 'form_submit' },
      subject: subjectWith({}),
      matched: false,
    },
    {
      name: 'path exact',
      when: { event: 'page_view', path: '/pricing' },
      subject: subjectWith({}, { event: pageView('/pricing') }),
      matched: true,
    },
    {
      name: 'path exact ignores a trailing slash',
      when: { event: 'page_view', path: '/pricing' },
      subject: subjectWith({}, { event: pageView('/pricing/') }),
      matched: true,
    },
    {
      name: 'pattern with a trailing slash',
      when: { event: 'page_view', path: '/pricing/' },
      subject: subjectWith({}, { event: pageView('/pricing') }),
      matched: true,
    },
    {
      name: 'path exact is not a prefix',
      when: { event: 'page_view', path: '/pricing' },
      subject: subjectWith({}, { event: pageView('/pricing/enterprise') }),
      matched: false,
    },
    {
      name: 'root path',
      when: { event: 'page_view', path: '/' },
      subject: subjectWith({}, { event: pageView('/') }),
      matched: true,
    },
    {
      name: 'prefix with *',
      when: { event: 'page_view', path: '/blog/*' },
      subject: subjectWith({}, { event: pageView('/blog/lead-scoring-101') }),
      matched: true,
    },
    {
      name: 'prefix with * needs the prefix',
      when: { event: 'page_view', path: '/blog/*' },
      subject: subjectWith({}, { event: pageView('/blog') }),
      matched: false,
    },
    {
      name: 'prefix with * elsewhere',
      when: { event: 'page_view', path: '/blog/*' },
      subject: subjectWith({}, { event: pageView('/docs/blog/x') }),
      matched: false,
    },
    {
      name: 'path on an event without one',
      when: { event: 'page_view', path: '/pricing' },
      subject: subjectWith(
        {},
        { event: { type: 'page_view', occurredAt: new Date('2026-11-23T15:00:00Z'), properties: {} } },
      ),
      matched: false,
    },
    {
      name: 'properties equal (loosely)',
      when: { event: 'webinar_attended', properties: { webinar: 'Q4-Launch', minutes: 45 } },
      subject: subjectWith(
        {},
        {
          event: {
            type: 'webinar_attended',
            occurredAt: new Date('2026-11-23T15:00:00Z'),
            properties: { webinar: 'q4-launch', minutes: '45' },
          },
        },
      ),
      matched: true,
    },
    {
      name: 'one property differs',
      when: { event: 'webinar_attended', properties: { webinar: 'Q4-Launch', minutes: 45 } },
      subject: subjectWith(
        {},
        {
          event: {
            type: 'webinar_attended',
            occurredAt: new Date('2026-11-23T15:00:00Z'),
            properties: { webinar: 'Q4-Launch', minutes: 10 },
          },
        },
      ),
      matched: false,
    },
    {
      name: 'property missing',
      when: { event: 'form_submit', properties: { utm_source: 'linkedin' } },
      subject: subjectWith({}, { event: formSubmit('demo-request') }),
      matched: false,
    },
    {
      name: 'form property',
      when: { event: 'form_submit', form: 'demo-request', properties: { utm_source: 'linkedin' } },
      subject: subjectWith({}, { event: formSubmit('demo-request', { utm_source: 'LinkedIn' }) }),
      matched: true,
    },
  ])('$name → $matched', ({ when, subject, matched }) => {
    expect(evaluateCondition(when, subject as Subject).matched).toBe(matched);
  });
});

describe('evaluateCondition: all / any / not', () => {
  const vpInUs = subjectWith({ seniority: 'vp', country: 'US', company: 'Initech' });
  const yes: Condition = { field: 'country', eq: 'US' };
  const no: Condition = { field: 'country', eq: 'DE' };
  it.each<Scenario>([
    {
      name: 'all true',
      when: { all: [yes, { field: 'seniority', eq: 'vp' }] },
      subject: vpInUs,
      matched: true,
    },
    { name: 'all with one false', when: { all: [yes, no] }, subject: vpInUs, matched: false },
    { name: 'any with one true', when: { any: [no, yes] }, subject: vpInUs, matched: true },
    {
      name: 'any all false',
      when: { any: [no, { field: 'seniority', eq: 'intern' }] },
      subject: vpInUs,
      matched: false,
    },
    { name: 'not false', when: { not: no }, subject: vpInUs, matched: true },
    { name: 'not true', when: { not: yes }, subject: vpInUs, matched: false },
    { name: 'not not', when: { not: { not: yes } }, subject: vpInUs, matched: true },
    {
      name: 'nested',
      when: {
        all: [
          { any: [no, { field: 'seniority', in: ['vp', 'c_level'] }] },
          { not: { field: 'company', exists: false } },
        ],
      },
      subject: vpInUs,
      matched: true,
    },
    {
      name: 'nested with a missing value',
      when: { all: [{ any: [no, { field: 'seniority', in: ['vp'] }] }, { field: 'phone', exists: true }] },
      subject: vpInUs,
      matched: false,
    },
  ])('$name → $matched', ({ when, subject, matched }) => {
    expect(evaluateCondition(when, subject as Subject).matched).toBe(matched);
  });
});

describe('evaluateCondition: reads record the inputs it looked at', () => {
  it.each<{ name: string; when: Condition; subject: Subject; reads: Record<string, unknown> }>([
    {
      name: 'a person field',
      when: { field: 'seniority', in: ['vp'] },
      subject: subjectWith({ seniority: 'vp' }),
      reads: { seniority: 'vp' },
    },
    {
      name: 'a missing field reads as null',
      when: { field: 'phone', exists: true },
      subject: subjectWith({}),
      reads: { phone: null },
    },
    {
      name: 'an account attribute',
      when: { account: 'employees', gt: 5000 },
      subject: subjectWith({}, { account: initech }),
      reads: { 'account.employees': 850 },
    },
    {
      name: 'no account',
      when: { account: 'employees', gt: 5000 },
      subject: subjectWith({}),
      reads: { 'account.employees': null },
    },
    {
      name: 'scores',
      when: {
        all: [
          { score: 'fit', gte: 40 },
          { score: 'total', gte: 60 },
        ],
      },
      subject: subjectWith({}, { person: { fitScore: 50, engagementScore: 15 } }),
      reads: { 'score.fit': 50, 'score.total': 65 },
    },
    {
      name: 'the event',
      when: { event: 'form_submit', form: 'demo-request' },
      subject: subjectWith({}, { event: formSubmit('demo-request') }),
      reads: { event: { type: 'form_submit', form: 'demo-request', path: undefined } },
    },
    {
      name: 'no event',
      when: { event: 'form_submit' },
      subject: subjectWith({}),
      reads: { event: null },
    },
    {
      name: 'every leaf of all',
      when: {
        all: [
          { field: 'country', eq: 'US' },
          { field: 'seniority', eq: 'vp' },
        ],
      },
      subject: subjectWith({ country: 'US', seniority: 'vp' }),
      reads: { country: 'US', seniority: 'vp' },
    },
    {
      // `all` stops at the first false leaf, `any` at the first true one: later leaves are not read.
      name: 'short-circuit of all',
      when: {
        all: [
          { field: 'country', eq: 'DE' },
          { field: 'seniority', eq: 'vp' },
        ],
      },
      subject: subjectWith({ country: 'US', seniority: 'vp' }),
      reads: { country: 'US' },
    },
    {
      name: 'short-circuit of any',
      when: {
        any: [
          { field: 'country', eq: 'US' },
          { field: 'seniority', eq: 'vp' },
        ],
      },
      subject: subjectWith({ country: 'US', seniority: 'vp' }),
      reads: { country: 'US' },
    },
  ])('$name', ({ when, subject, reads }) => {
    expect(evaluateCondition(when, subject).reads).toEqual(reads);
  });
});
