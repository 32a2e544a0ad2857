import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../model.ts';
import { compilePlaybook } from '../playbook/compile-playbook.ts';
import { EXAMPLE_SOURCE, examplePlaybook } from '../testing/example-playbook.ts';
import { validateSubmission } from './validate-submission.ts';
import { type WashChange, washSubmission } from './wash-submission.ts';

const EXAMPLE = examplePlaybook();

/** Validation then washing, as the pipeline does (the API channel, so any address is accepted). */
function wash(input: Record<string, unknown>, formId = 'demo-request') {
  const form = EXAMPLE.forms.get(formId);
  if (!form) throw new Error(`test setup: no form ${formId}`);
  const valid = validateSubmission(form, input, EXAMPLE, { channel: 'api' });
  if (!valid.ok) throw new Error(`test setup: ${JSON.stringify(valid.error)}`);
  return washSubmission(valid.value);
}

const base = {
  email: 'ann.lee@initech.example',
  first_name: 'Ann',
  last_name: 'Lee',
  company: 'Initech',
  country: 'US',
};

describe('washSubmission', () => {
  it.each<{ name: string; input: Record<string, unknown>; fields: Record<string, FieldValue> }>([
    {
      name: 'McDonald',
      input: { ...base, first_name: 'RONALD', last_name: 'mcdonald' },
      fields: { first_name: 'Ronald', last_name: 'McDonald' },
    },
    { name: "O'Neil", input: { ...base, last_name: "o'neil" }, fields: { last_name: "O'Neil" } },
    {
      name: 'van der Berg (particles stay lower-case inside a name)',
      input: { ...base, first_name: 'anna', last_name: 'van der berg' },
      fields: { first_name: 'Anna', last_name: 'Van der Berg' },
    },
    {
      name: 'country name → ISO code and region',
      input: { ...base, country: 'United Kingdom' },
      fields: { country: 'GB', region: 'EMEA' },
    },
    {
      name: 'country alias',
      input: { ...base, country: 'Deutschland' },
      fields: { country: 'DE', region: 'EMEA' },
    },
    {
      name: 'Latin America',
      input: { ...base, country: 'brasil' },
      fields: { country: 'BR', region: 'LATAM' },
    },
    { name: 'a code stays a code', input: base, fields: { country: 'US', region: 'NA' } },
    {
      name: 'state name with a US country → state code',
      input: { ...base, country: 'USA', state: 'california' },
      fields: { country: 'US', state: 'CA', region: 'NA' },
    },
    {
      name: 'Canadian province',
      input: { ...base, country: 'Canada', state: 'ontario' },
      fields: { country: 'CA', state: 'ON', region: 'NA' },
    },
    {
      name: 'a state outside the US and Canada is kept as typed',
      input: { ...base, country: 'Germany', state: 'Bavaria' },
      fields: { country: 'DE', state: 'Bavaria', region: 'EMEA' },
    },
    {
      name: 'title → function and seniority',
      input: { ...base, title: 'VP of Marketing' },
      fields: { title: 'VP of Marketing', function: 'marketing', seniority: 'vp' },
    },
    {
      name: 'title of a director',
      input: { ...base, title: 'Director of Revenue Operations' },
      fields: { function: 'operations', seniority: 'director' },
    },
    {
      name: 'title of an intern',
      input: { ...base, title: 'Marketing Intern' },
      fields: { function: 'marketing', seniority: 'intern' },
    },
    {
      name: 'derived email fields',
      input: { ...base, email: 'Ann@Gmail.com' },
      fields: { email: 'ann@gmail.com', email_domain: 'gmail.com', is_free_mail: true },
    },
    {
      name: 'other fields are kept as validated',
      input: { ...base, company: 'initech  inc' },
      fields: { company: 'initech inc' },
    },
    {
      name: 'phone in national form → E.164 using the country',
      input: { ...base, country: 'United Kingdom', phone: '020 7946 0958' },
      fields: { country: 'GB', phone: '+442079460958' },
    },
    {
      name: 'phone with an extension',
      input: { ...base, phone: '(415) 555-0100 x23' },
      fields: { phone: '+14155550100;ext=23' },
    },
    {
      name: 'a phone number that cannot be placed is kept as typed',
      input: { ...base, phone: '+1 555 0100' },
      fields: { phone: '+1 555 0100' },
    },
  ])('$name', ({ input, fields }) => {
    expect(wash(input).fields).toMatchObject(fields);
  });

  it('derives nothing from an absent title', () => {
    const { fields } = wash(base);
    expect(fields).not.toHaveProperty('function');
    expect(fields).not.toHaveProperty('seniority');
    expect(fields).not.toHaveProperty('title');
  });

  it('takes the country from the state when the form has no country', () => {
    const playbook = structuredClone(EXAMPLE_SOURCE);
    playbook.forms.signup = {
      b2b: false,
      fields: ['email!', 'state'],
      honeypot: 'website_url',
      rate_limit: { per_ip_per_minute: 20 },
    };
    const compiled = compilePlaybook(playbook, { id: 1, hash: 'x' });
    const form = compiled.forms.get('signup');
    if (!form) throw new Error('unreachable');
    const valid = validateSubmission(form, { email: 'ann@initech.example', state: 'New York' }, compiled);
    if (!valid.ok) throw new Error(JSON.stringify(valid.error));
    const washed = washSubmission(valid.value);
    expect(washed.fields).toMatchObject({ state: 'NY', country: 'US', region: 'NA' });
    expect(washed.changes).toEqual<WashChange[]>([
      { field: 'state', from: 'New York', to: 'NY', rule: 'state/province → code' },
      { field: 'country', from: '', to: 'US', rule: 'country from state' },
    ]);
  });

  it('lists every change it made, and only changes', () => {
    const washed = wash({
      email: ' Ann.Lee@Initech.example ',
      first_name: 'ANN',
      last_name: "o'neil",
      company: 'Initech',
      country: 'United Kingdom',
      title: 'CMO',
      phone: '020 7946 0958 ext. 12',
    });
    expect(washed.email).toBe('ann.lee@initech.example');
    expect(washed.changes).toEqual<WashChange[]>([
      { field: 'email', from: 'Ann.Lee@Initech.example', to: 'ann.lee@initech.example', rule: 'lower-case' },
      { field: 'first_name', from: 'ANN', to: 'Ann', rule: 'name capitalisation' },
      { field: 'last_name', from: "o'neil", to: "O'Neil", rule: 'name capitalisation' },
      { field: 'country', from: 'United Kingdom', to: 'GB', rule: 'country → ISO 3166-1 alpha-2' },
      { field: 'phone', from: '020 7946 0958 ext. 12', to: '+442079460958;ext=12', rule: 'phone → E.164' },
    ]);
  });

  it('reports no changes for clean input', () => {
    expect(wash({ ...base, state: 'CA', title: 'VP Sales', phone: '+14155550100' }).changes).toEqual([]);
  });

  it('does not change the submission it is given', () => {
    const form = EXAMPLE.forms.get('demo-request');
    if (!form) throw new Error('unreachable');
    const valid = validateSubmission(
      form,
      { ...base, country: 'United Kingdom', last_name: 'mcdonald' },
      EXAMPLE,
    );
    if (!valid.ok) throw new Error(JSON.stringify(valid.error));
    const before = structuredClone(valid.value);
    washSubmission(valid.value);
    expect(valid.value).toEqual(before);
  });
});
