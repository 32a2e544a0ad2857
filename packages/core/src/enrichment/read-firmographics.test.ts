import { describe, expect, it } from 'vitest';
import { companyDomainOf, lookupDomains, normalizeDomainKey } from './company-domain.ts';
import { readFirmographics, valueAtPath } from './read-firmographics.ts';
import { checkUrlTemplate, expandUrlTemplate } from './url-template.ts';

const fromObject = (record: Record<string, unknown>) => (key: string) => valueAtPath(record, key);

describe('readFirmographics', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    [
      'clean values pass, trimmed',
      {
        company_name: '  Initech  ',
        industry: 'Software',
        employee_count: 850,
        revenue_band: '$100M-$500M',
        country: 'US',
      },
      {
        company_name: 'Initech',
        industry: 'Software',
        employee_count: 850,
        revenue_band: '$100M-$500M',
        country: 'US',
      },
      [],
    ],
    ['countries become ISO-2', { country: 'United Kingdom' }, { country: 'GB' }, []],
    ['ISO-3 too', { country: 'deu' }, { country: 'DE' }, []],
    ['an unknown country is a problem', { country: 'Atlantis' }, {}, ['country: unknown country "Atlantis"']],
    ['head counts as text', { employee_count: '1,200' }, { employee_count: 1200 }, []],
    ['plain digits', { employee_count: '42' }, { employee_count: 42 }, []],
    [
      'a range is not a head count',
      { employee_count: '50-200' },
      {},
      ['employee_count: "50-200" is not a head count'],
    ],
    ['nor is "lots"', { employee_count: 'lots' }, {}, ['employee_count: "lots" is not a head count']],
    [
      'nor a negative number',
      { employee_count: -3 },
      {},
      ['employee_count: -3 is not a head count (a whole number up to 10000000)'],
    ],
    [
      'nor a fraction',
      { employee_count: 12.5 },
      {},
      ['employee_count: 12.5 is not a head count (a whole number up to 10000000)'],
    ],
    [
      'wrong types are problems',
      { company_name: { en: 'x' }, industry: ['a'], employee_count: true },
      {},
      [
        'company_name: expected text, got a object',
        'industry: expected text, got a list',
        'employee_count: expected a number, got a boolean',
      ],
    ],
    ['numbers are fine as text', { revenue_band: 5 }, { revenue_band: '5' }, []],
    [
      'control characters and runs of space collapse',
      { company_name: 'Init\u0000ech\n\t Inc' },
      { company_name: 'Init ech Inc' },
      [],
    ],
    [
      'oversized text is refused',
      { company_name: 'x'.repeat(201) },
      {},
      ['company_name: longer than 200 characters'],
    ],
    ['empty values are absent, not problems', { company_name: '', industry: '   ', country: null }, {}, []],
  ])('%s', (_name, record, fields, problems) => {
    const read = readFirmographics(fromObject(record));
    expect(read.fields).toEqual(fields);
    expect(read.problems.map((p) => `${p.field}: ${p.message}`)).toEqual(problems);
  });

  it('reads mapped keys and dotted paths', () => {
    const body = {
      name: 'Initech',
      category: { industry: 'Software' },
      metrics: { employees: 850 },
      geo: { countryCode: 'us' },
    };
    const read = readFirmographics(fromObject(body), {
      company_name: 'name',
      industry: 'category.industry',
      employee_count: 'metrics.employees',
      country: 'geo.countryCode',
    });
    expect(read.fields).toEqual({
      company_name: 'Initech',
      industry: 'Software',
      employee_count: 850,
      country: 'US',
    });
  });

  it('never follows inherited properties', () => {
    expect(valueAtPath({}, '__proto__.polluted')).toBeUndefined();
    expect(valueAtPath({ a: 1 }, 'a.b')).toBeUndefined();
    expect(valueAtPath({ a: [1] }, 'a.0')).toBeUndefined();
  });
});

describe('company domains', () => {
  it.each<[string, string | null]>([
    ['Initech.example', 'initech.example'],
    ['https://www.initech.example/about?x=1', 'initech.example'],
    ['http://initech.example:8080', 'initech.example'],
    ['jane@initech.example', 'initech.example'],
    ['initech.example.', 'initech.example'],
    ['localhost', null],
    ['10.0.0.1', null],
    ['not a domain', null],
    ['-bad.example', null],
    ['', null],
  ])('%j → %j', (input, expected) => expect(normalizeDomainKey(input)).toBe(expected));

  it('tries parent domains down to two labels', () => {
    expect(lookupDomains('eu.mail.acme.co.uk')).toEqual([
      'eu.mail.acme.co.uk',
      'mail.acme.co.uk',
      'acme.co.uk',
      'co.uk',
    ]);
    expect(lookupDomains('acme.com')).toEqual(['acme.com']);
  });

  it.each<[string, Record<string, unknown>, string | null, string | null]>([
    [
      'the account domain first',
      { email_domain: 'mail.initech.example' },
      'initech.example',
      'initech.example',
    ],
    [
      'the work email domain',
      { email_domain: 'initech.example', is_free_mail: false },
      null,
      'initech.example',
    ],
    ['not a free-mail domain', { email_domain: 'gmail.com', is_free_mail: true }, null, null],
    [
      'the website when the email is free mail',
      { email_domain: 'gmail.com', is_free_mail: true, website: 'https://initech.example' },
      null,
      'initech.example',
    ],
  ])('%s', (_name, fields, account, expected) => {
    expect(companyDomainOf(fields as Record<string, string>, account)).toBe(expected);
  });
});

describe('URL templates', () => {
  it.each<[string, string | null]>([
    ['https://api.example.com/company?domain={domain}', null],
    ['http://127.0.0.1:9999/v1/companies/{domain}', null],
    ['ftp://api.example.com/{domain}', 'must start with http:// or https://'],
    ['https://api.example.com/company', 'needs a {domain} placeholder'],
    ['https://api.example.com/company?d={domian}', 'unknown placeholder {domian}'],
    ['https://{domain}/company', 'the host must be written out'],
    ['https://api.example.com/c?d={domain', 'unbalanced'],
    ['https://api.example.com/c d={domain}', 'no spaces'],
  ])('%s', (template, problem) => {
    const checked = checkUrlTemplate(template);
    if (problem === null) expect(checked.ok).toBe(true);
    else expect(checked.ok ? null : checked.error).toContain(problem);
  });

  it('percent-encodes the domain, so it cannot change the path or query', () => {
    expect(expandUrlTemplate('https://x.example/c?d={domain}', 'a.example/../x?y=1&z')).toBe(
      'https://x.example/c?d=a.example%2F..%2Fx%3Fy%3D1%26z',
    );
  });
});
