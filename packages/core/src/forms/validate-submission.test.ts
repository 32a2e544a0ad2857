import { describe, expect, it } from 'vitest';
import type { CompiledForm, CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { TRACKING_FIELD_MAX_LENGTH } from '../playbook/person-fields.ts';
import type { ErrorDetail } from '../result.ts';
import { examplePlaybook } from '../testing/example-playbook.ts';
import { type ValidSubmission, validateSubmission } from './validate-submission.ts';

/**
 * Example forms: demo-request (b2b: email!, first_name!, last_name!, company!, title, country!,
 * state, phone) and newsletter (email!, first_name). Free mail is rejected on b2b forms; disposable
 * addresses everywhere. The honeypot is `website_url`.
 */
const EXAMPLE = examplePlaybook();

function form(playbook: CompiledPlaybook, id: string): CompiledForm {
  const found = playbook.forms.get(id);
  if (!found) throw new Error(`test setup: no form ${id}`);
  return found;
}

const validDemo = {
  email: 'ann.lee@initech.example',
  first_name: 'Ann',
  last_name: 'Lee',
  company: 'Initech',
  title: 'VP of Marketing',
  country: 'US',
};

interface Rejected {
  name: string;
  playbook?: CompiledPlaybook;
  form?: string;
  input: Record<string, unknown>;
  channel?: 'form' | 'api';
  details: Omit<ErrorDetail, 'location'>[];
}

const rejected: Rejected[] = [
  {
    name: 'required fields missing, empty or blank',
    input: { email: 'ann.lee@initech.example', first_name: '', last_name: '   ', company: null },
    details: [
      { path: 'first_name', code: 'FIELD_REQUIRED', message: 'First name is required' },
      { path: 'last_name', code: 'FIELD_REQUIRED', message: 'Last name is required' },
      { path: 'company', code: 'FIELD_REQUIRED', message: 'Company is required' },
      { path: 'country', code: 'FIELD_REQUIRED', message: 'Country is required' },
    ],
  },
  {
    name: 'no email at all',
    form: 'newsletter',
    input: { first_name: 'Ann' },
    details: [{ path: 'email', code: 'FIELD_REQUIRED', message: 'Email is required' }],
  },
  {
    name: 'a value over the field limit',
    input: { ...validDemo, company: 'x'.repeat(201) },
    details: [
      { path: 'company', code: 'FIELD_TOO_LONG', message: 'Company is 201 characters; the limit is 200' },
    ],
  },
  {
    name: 'control characters',
    input: { ...validDemo, first_name: 'Ann\u0000', last_name: 'L\u0007ee' },
    details: [
      {
        path: 'first_name',
        code: 'FIELD_INVALID_CHARACTERS',
        message: 'First name contains control characters; remove them',
      },
      {
        path: 'last_name',
        code: 'FIELD_INVALID_CHARACTERS',
        message: 'Last name contains control characters; remove them',
      },
    ],
  },
  {
    name: 'lists and objects are not text',
    input: { ...validDemo, title: ['VP', 'Marketing'], phone: { number: '555' } },
    details: [
      { path: 'title', code: 'FIELD_INVALID_TYPE', message: 'title must be text, not a list' },
      { path: 'phone', code: 'FIELD_INVALID_TYPE', message: 'phone must be text, not an object' },
    ],
  },
  {
    name: 'a malformed email',
    input: { ...validDemo, email: 'ann.lee@' },
    details: [{ path: 'email', code: 'EMAIL_INVALID', message: expect.any(String) as unknown as string }],
  },
  {
    name: 'free mail on a b2b form',
    input: { ...validDemo, email: 'Ann.Lee@Gmail.com' },
    details: [
      {
        path: 'email',
        code: 'EMAIL_FREE_MAIL',
        message: 'please use your work email address: gmail.com is a personal email provider',
      },
    ],
  },
  {
    name: 'free mail on every form when the playbook says all_forms',
    playbook: examplePlaybook((pb) => {
      pb.hygiene.free_mail.reject_on = ['all_forms'];
    }),
    form: 'newsletter',
    input: { email: 'ann@yahoo.co.uk' },
    details: [
      {
        path: 'email',
        code: 'EMAIL_FREE_MAIL',
        message: 'please use your work email address: yahoo.co.uk is a personal email provider',
      },
    ],
  },
  {
    name: 'a disposable address',
    form: 'newsletter',
    input: { email: 'ann@mailinator.com' },
    details: [
      {
        path: 'email',
        code: 'EMAIL_DISPOSABLE',
        message: 'mailinator.com is a disposable email service; please use a permanent address',
      },
    ],
  },
  {
    name: 'an unknown country',
    input: { ...validDemo, country: 'Narnia' },
    details: [
      {
        path: 'country',
        code: 'COUNTRY_UNKNOWN',
        message: '"Narnia" is not a country we recognise; use its name or ISO code (e.g. Germany, DE)',
      },
    ],
  },
  {
    name: 'an unknown US state',
    input: { ...validDemo, state: 'Cascadia' },
    details: [
      {
        path: 'state',
        code: 'STATE_UNKNOWN',
        message: '"Cascadia" is not a US state; use its name or code (e.g. California, CA)',
      },
    ],
  },
  {
    name: 'an unknown Canadian province',
    input: { ...validDemo, country: 'Canada', state: 'Texas' },
    details: [
      {
        path: 'state',
        code: 'STATE_UNKNOWN',
        message: '"Texas" is not a Canadian province; use its name or code (e.g. Ontario, ON)',
      },
    ],
  },
  {
    name: 'several problems at once, in form order',
    input: {
      email: 'ann@gmail.com',
      first_name: 'Ann',
      last_name: 'x'.repeat(101),
      company: 'Initech',
      country: 'Atlantis',
    },
    details: [
      { path: 'last_name', code: 'FIELD_TOO_LONG', message: 'Last name is 101 characters; the limit is 100' },
      {
        path: 'email',
        code: 'EMAIL_FREE_MAIL',
        message: 'please use your work email address: gmail.com is a personal email provider',
      },
      {
        path: 'country',
        code: 'COUNTRY_UNKNOWN',
        message: '"Atlantis" is not a country we recognise; use its name or ISO code (e.g. Germany, DE)',
      },
    ],
  },
  {
    name: 'a custom field over its own limit',
    playbook: examplePlaybook((pb) => {
      pb.fields.push({ id: 'budget', type: 'string', max_length: 10 });
      pb.forms.newsletter?.fields.push('budget');
    }),
    form: 'newsletter',
    input: { email: 'ann@initech.example', budget: '1,000,000 USD' },
    details: [
      { path: 'budget', code: 'FIELD_TOO_LONG', message: 'Budget is 13 characters; the limit is 10' },
    ],
  },
];

describe('validateSubmission: rejected', () => {
  it.each(rejected)('$name', ({ playbook, form: formId, input, channel, details }) => {
    const pb = playbook ?? EXAMPLE;
    const result = validateSubmission(form(pb, formId ?? 'demo-request'), input, pb, {
      channel: channel ?? 'form',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION_FAILED');
    expect(result.error.details).toEqual(details);
    const n = details.length;
    expect(result.error.message).toBe(
      `the submission has ${n} invalid field${n === 1 ? '' : 's'}: ${details.map((d) => d.path).join(', ')}`,
    );
  });
});

describe('validateSubmission: spam', () => {
  it.each<[string, Record<string, unknown>, string?]>([
    ['the default honeypot filled in', { ...validDemo, website_url: 'http://spam.example' }],
    ['the honeypot filled in on an otherwise broken submission', { email: 'nope', website_url: 'x' }],
    ['a number in the honeypot', { ...validDemo, website_url: 0 }],
    ['a custom honeypot', { ...validDemo, fax_number: '555' }, 'fax_number'],
  ])('%s → SPAM_HONEYPOT', (_name, input, honeypot) => {
    const pb = honeypot
      ? examplePlaybook((p) => {
          const f = p.forms['demo-request'];
          if (f) f.honeypot = honeypot;
        })
      : EXAMPLE;
    expect(validateSubmission(form(pb, 'demo-request'), input, pb)).toEqual({
      ok: false,
      error: { code: 'SPAM_HONEYPOT', message: 'honeypot field was filled in' },
    });
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['null', null],
  ])('an %s honeypot is not spam', (_name, value) => {
    expect(
      validateSubmission(form(EXAMPLE, 'demo-request'), { ...validDemo, website_url: value }, EXAMPLE).ok,
    ).toBe(true);
  });
});

interface Accepted {
  name: string;
  playbook?: CompiledPlaybook;
  form?: string;
  input: Record<string, unknown>;
  channel?: 'form' | 'api';
  value: Partial<ValidSubmission>;
}

const accepted: Accepted[] = [
  {
    name: 'a demo request: email lower-cased, values trimmed and spaces collapsed',
    input: {
      ...validDemo,
      email: '  Ann.Lee@Initech.EXAMPLE ',
      first_name: '  Ann  ',
      company: 'Initech   Software\tInc',
      phone: '',
    },
    value: {
      email: 'ann.lee@initech.example',
      emailDomain: 'initech.example',
      isFreeMail: false,
      fields: {
        email: 'Ann.Lee@Initech.EXAMPLE',
        first_name: 'Ann',
        last_name: 'Lee',
        company: 'Initech Software Inc',
        title: 'VP of Marketing',
        country: 'US',
      },
      tracking: {},
      ignoredFields: [],
    },
  },
  {
    name: 'free mail is fine on the newsletter',
    form: 'newsletter',
    input: { email: 'ann@gmail.com', first_name: 'Ann' },
    value: { email: 'ann@gmail.com', emailDomain: 'gmail.com', isFreeMail: true },
  },
  {
    name: 'free mail through the API (a trusted source) on a b2b form',
    input: { ...validDemo, email: 'ann@gmail.com' },
    channel: 'api',
    value: { email: 'ann@gmail.com', isFreeMail: true },
  },
  {
    name: 'disposable addresses when the playbook allows them',
    playbook: examplePlaybook((pb) => {
      pb.hygiene.disposable = 'allow';
    }),
    form: 'newsletter',
    input: { email: 'ann@mailinator.com' },
    value: { email: 'ann@mailinator.com', isFreeMail: false },
  },
  {
    name: 'numbers and booleans become text',
    input: { ...validDemo, phone: 5551234, title: true },
    value: { fields: { ...validDemo, phone: '5551234', title: 'true' } },
  },
  {
    name: 'a state outside the US and Canada is not checked',
    input: { ...validDemo, country: 'Germany', state: 'Bavaria' },
    value: { fields: { ...validDemo, country: 'Germany', state: 'Bavaria' } },
  },
  {
    name: 'a US state written as an abbreviation',
    input: { ...validDemo, country: 'USA', state: 'Calif.' },
    value: { fields: { ...validDemo, country: 'USA', state: 'Calif.' } },
  },
  {
    name: 'tracking fields are kept apart; unknown fields listed as ignored',
    form: 'newsletter',
    input: {
      email: 'ann@initech.example',
      utm_source: ' linkedin ',
      utm_campaign: 'q4\u0000-launch',
      gclid: 12345,
      referrer: '',
      page_url: ['not', 'text'],
      favourite_colour: 'teal',
      company: 'Initech',
      website_url: '',
    },
    value: {
      fields: { email: 'ann@initech.example' },
      tracking: { utm_source: 'linkedin', utm_campaign: 'q4-launch', gclid: '12345', page_url: 'not,text' },
      // A tracking value sent twice is kept, joined, never dropped.
      ignoredFields: ['favourite_colour', 'company'],
    },
  },
];

describe('validateSubmission: accepted', () => {
  it.each(accepted)('$name', ({ playbook, form: formId, input, channel, value }) => {
    const pb = playbook ?? EXAMPLE;
    const result = validateSubmission(form(pb, formId ?? 'demo-request'), input, pb, {
      channel: channel ?? 'form',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value).toMatchObject(value);
    if (value.fields) expect(result.value.fields).toEqual(value.fields);
    if (value.tracking) expect(result.value.tracking).toEqual(value.tracking);
    if (value.ignoredFields) expect(result.value.ignoredFields).toEqual(value.ignoredFields);
  });

  it('truncates long tracking values instead of rejecting the lead', () => {
    const result = validateSubmission(
      form(EXAMPLE, 'newsletter'),
      { email: 'ann@initech.example', page_url: `https://northwind.example/?q=${'x'.repeat(3000)}` },
      EXAMPLE,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.tracking.page_url).toHaveLength(TRACKING_FIELD_MAX_LENGTH);
    expect(result.value.tracking.page_url?.startsWith('https://northwind.example/?q=xxx')).toBe(true);
  });

  it('does not change the input it is given', () => {
    const input = { ...validDemo, email: ' Ann@Initech.example ', utm_source: 'x' };
    const before = structuredClone(input);
    validateSubmission(form(EXAMPLE, 'demo-request'), input, EXAMPLE);
    expect(input).toEqual(before);
  });
});
