import { describe, expect, it } from 'vitest';
import { loadPlaybook } from '../playbook/load-playbook.ts';
import { EXAMPLE_PLAYBOOK_TEXT } from '../testing/example-playbook.ts';

// The example playbook without its enrichment section; each scenario appends its own.
const BASE = EXAMPLE_PLAYBOOK_TEXT.slice(0, EXAMPLE_PLAYBOOK_TEXT.indexOf('\nenrichment:'));
const BASE_LINES = BASE.split('\n').length;

function problems(section: string) {
  const result = loadPlaybook(`${BASE}\n${section}`, 'pb.yaml');
  if (result.ok) return [];
  return result.error.details.map((d) => ({
    path: d.path,
    code: d.code,
    message: d.message,
    // Line within `section` (1-based), so scenarios read naturally.
    line: Number(d.location?.split(':')[1]) - BASE_LINES,
  }));
}

describe('enrichment: in the playbook', () => {
  it('the example playbook has a valid enrichment section', () => {
    const result = loadPlaybook(EXAMPLE_PLAYBOOK_TEXT);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.enrichment?.providers.map((p) => [p.name, p.type, p.enabled])).toEqual([
      ['firmographics', 'csv', true],
      ['company-api', 'http', false],
    ]);
  });

  it('is optional: a playbook without it stays valid', () => {
    const result = loadPlaybook(BASE);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.enrichment).toBeUndefined();
  });

  it('fills defaults', () => {
    const result = loadPlaybook(`${BASE}
enrichment:
  providers:
    - { name: api, type: http, url: "https://api.example.com/c?d={domain}" }
`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.enrichment).toEqual({
      providers: [
        {
          name: 'api',
          type: 'http',
          url: 'https://api.example.com/c?d={domain}',
          timeout_ms: 2000,
          retries: 2,
          cache_ttl_hours: 168,
          breaker: { failures: 5, cooldown_s: 60 },
          enabled: true,
        },
      ],
      overwrite: {},
    });
  });

  it.each([
    {
      name: 'unknown field in overwrite, with a suggestion',
      section: `enrichment:
  providers: [ { name: f, type: csv, file: f.csv } ]
  overwrite: { industy: never }`,
      expected: {
        path: 'enrichment.overwrite.industy',
        code: 'UNKNOWN_ENRICHMENT_FIELD',
        message: expect.stringContaining('Did you mean "industry"?'),
        line: 3,
      },
    },
    {
      name: 'unknown overwrite policy',
      section: `enrichment:
  providers: [ { name: f, type: csv, file: f.csv } ]
  overwrite: { industry: sometimes }`,
      expected: { path: 'enrichment.overwrite.industry', line: 3 },
    },
    {
      name: 'unknown field in a map',
      section: `enrichment:
  providers:
    - { name: f, type: csv, file: f.csv, map: { employees: Staff } }`,
      expected: { path: 'enrichment.providers[0].map.employees', code: 'UNKNOWN_ENRICHMENT_FIELD', line: 3 },
    },
    {
      name: 'duplicate provider names',
      section: `enrichment:
  providers:
    - { name: f, type: csv, file: a.csv }
    - { name: f, type: csv, file: b.csv }`,
      expected: {
        path: 'enrichment.providers[1].name',
        code: 'DUPLICATE_PROVIDER',
        message: expect.stringContaining('providers[0]'),
        line: 4,
      },
    },
    {
      name: 'a URL template without {domain}',
      section: `enrichment:
  providers:
    - name: api
      type: http
      url: https://api.example.com/company`,
      expected: { path: 'enrichment.providers[0].url', code: 'INVALID_URL_TEMPLATE', line: 5 },
    },
    {
      name: 'a misspelt placeholder',
      section: `enrichment:
  providers:
    - { name: api, type: http, url: "https://api.example.com/c?d={domian}" }`,
      expected: { path: 'enrichment.providers[0].url', message: expect.stringContaining('{domian}') },
    },
    {
      name: 'an unknown provider type',
      section: `enrichment:
  providers:
    - { name: api, type: soap, url: "https://api.example.com/c?d={domain}" }`,
      expected: {
        path: 'enrichment.providers[0].type',
        code: 'INVALID_VALUE',
        message: 'unknown type "soap"',
      },
    },
    {
      name: 'a misspelt provider key',
      section: `enrichment:
  providers:
    - { name: api, type: http, url: "https://a.example/c?d={domain}", timeout: 100 }`,
      expected: { path: 'enrichment.providers[0].timeout', code: 'UNKNOWN_KEY' },
    },
    {
      name: 'bands out of order',
      section: `enrichment:
  providers: [ { name: f, type: csv, file: f.csv } ]
  employee_bands:
    - { band: small, max: 100 }
    - { band: tiny, max: 10 }
    - { band: big }`,
      expected: { path: 'enrichment.employee_bands[1].max', code: 'BANDS_NOT_ASCENDING', line: 5 },
    },
    {
      name: 'an open band that is not last',
      section: `enrichment:
  providers: [ { name: f, type: csv, file: f.csv } ]
  employee_bands:
    - { band: small }
    - { band: big, max: 10 }`,
      expected: { path: 'enrichment.employee_bands[0].max', code: 'BAND_MAX_REQUIRED' },
    },
    {
      name: 'no providers',
      section: `enrichment:
  providers: []`,
      expected: { path: 'enrichment.providers' },
    },
  ])('$name', ({ section, expected }) => {
    expect(problems(section)).toContainEqual(expect.objectContaining(expected));
  });
});

describe('a provider without a type', () => {
  it('is reported at the provider, never read as valid', () => {
    expect(
      problems(`enrichment:
  providers:
    - { name: api, url: "https://api.example.com/c?d={domain}" }`),
    ).toContainEqual(expect.objectContaining({ path: 'enrichment.providers[0].type', code: 'REQUIRED' }));
  });
});
