import { describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../result.ts';
import { EXAMPLE_PLAYBOOK_TEXT } from '../testing/example-playbook.ts';
import { formatPath, loadPlaybook } from './load-playbook.ts';

const EXAMPLE = EXAMPLE_PLAYBOOK_TEXT;

/** The smallest valid playbook; scenarios break one line of it. Line numbers are on the right. */
const MINIMAL = `workspace:
  name: Test Co
  timezone: America/New_York
lifecycle:
  stages:
    - { id: known, type: inventory }
    - { id: lead, type: inventory }
    - { id: mql, type: gate }
  side_paths:
    - { id: disqualified, from: [known, lead] }
  rules:
    - id: identified
      when: { field: company, exists: true }
      to: lead
    - id: hand-raiser
      when: { event: form_submit, form: demo }
      to: mql
scoring:
  fit:
    rules:
      - id: senior
        when: { field: seniority, in: [vp, c_level] }
        points: 20
  engagement:
    rules:
      - id: demo
        when: { event: form_submit, form: demo }
        points: 40
routing:
  rules:
    - id: everyone
      pool: sdr
  fallback: { queue: unrouted }
  pools:
    sdr:
      strategy: round_robin
      members: [{ rep: ann }]
reps:
  - id: ann
    name: Ann Lee
    email: ann@test.example
    timezone: America/New_York
    hours: Mon-Fri 09:00-17:00
forms:
  demo:
    b2b: true
    fields: [email!, company!, title]
`;

/** Replaces one exact, unique piece of text; fails the test setup when it is not there. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`test setup: "${from}" is not unique`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/**
 * Replaces the one match of `pattern` (the example is hand-formatted, so patterns allow for its
 * spacing) and returns the 1-based line where the replacement text starts.
 */
function editAt(text: string, pattern: RegExp, replacement: string): { text: string; line: number } {
  const matches = [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))];
  if (matches.length !== 1) throw new Error(`test setup: ${pattern} matches ${matches.length} times`);
  const match = matches[0] as RegExpExecArray;
  const start = match.index + (replacement.length - replacement.trimStart().length);
  const edited = text.slice(0, match.index) + replacement + text.slice(match.index + match[0].length);
  return { text: edited, line: edited.slice(0, start).split('\n').length };
}

function problems(text: string, fileName = 'playbook.yaml'): ErrorDetail[] {
  const result = loadPlaybook(text, fileName);
  if (result.ok) throw new Error('expected the playbook to be rejected');
  expect(result.error.code).toBe('PLAYBOOK_INVALID');
  return result.error.details;
}

const lineOfLocation = (location: string | undefined) => Number(location?.split(':')[1]);

describe('loadPlaybook: valid playbooks', () => {
  it('loads the example playbook with defaults applied', () => {
    const result = loadPlaybook(EXAMPLE, 'examples/playbook.yaml');
    if (!result.ok) throw new Error(result.error.message);
    const pb = result.value;
    expect(pb.workspace).toEqual({
      name: 'Northwind Analytics',
      timezone: 'America/New_York',
      currency: 'USD',
    });
    expect(pb.lifecycle.stages.map((s) => s.id)).toEqual([
      'known',
      'lead',
      'mql',
      'sal',
      'sql',
      'opportunity',
      'customer',
    ]);
    expect(pb.lifecycle.rules.map((r) => r.id)).toEqual([
      'not-a-buyer',
      'identified',
      'hand-raiser',
      'score-threshold',
      'sales-accepted',
      'sales-rejected',
      'sales-qualified',
      'opportunity-opened',
      'closed-won',
    ]);
    expect(pb.routing.at_stage).toBe('mql');
    expect(Object.keys(pb.routing.pools)).toEqual([
      'na',
      'emea',
      'apac',
      'enterprise',
      'follow-the-sun',
      'on-call',
    ]);
    expect(pb.routing.pools['on-call']?.respect_working_hours).toBe(false);
    expect(pb.routing.pools.na?.respect_working_hours).toBe(true);
    expect(pb.reps.find((r) => r.id === 'gus')?.out_of_office).toEqual(['2026-12-24..2027-01-02']);
    expect(pb.reps.every((r) => r.active)).toBe(true);
    expect(pb.forms['demo-request']?.honeypot).toBe('website_url');
    expect(pb.forms.newsletter?.b2b).toBe(false);
    expect(pb.scoring.engagement.decay).toEqual({ half_life: '30d' });
  });

  it('loads the minimal playbook with every default filled in', () => {
    const result = loadPlaybook(MINIMAL);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.workspace.currency).toBe('USD');
    expect(result.value.fields).toEqual([]);
    expect(result.value.accounts).toEqual([]);
    expect(result.value.hygiene).toEqual({
      free_mail: { reject_on: ['b2b_forms'] },
      disposable: 'reject',
      dedupe: {
        auto_merge_above: 0.95,
        review_above: 0.8,
        survivorship: { default: 'most_recent', email: 'never_overwrite' },
        source_priority: ['crm', 'form', 'api', 'enrichment', 'import'],
      },
    });
    expect(result.value.scoring.fit.floor).toBe(0);
    expect(result.value.routing.rules[0]).toEqual({
      id: 'everyone',
      pool: 'sdr',
      overflow: [],
      claim_account: false,
    });
    expect(result.value.forms.demo?.rate_limit).toEqual({ per_ip_per_minute: 20 });
  });

  it('resolves YAML anchors and aliases', () => {
    const text = edit(
      edit(MINIMAL, 'name: Test Co', 'name: &company Test Co'),
      '{ id: mql, type: gate }',
      '{ id: mql, type: gate, label: *company }',
    );
    const result = loadPlaybook(text);
    expect(result.ok && result.value.lifecycle.stages[2]?.label).toBe('Test Co');
  });
});

interface Broken {
  name: string;
  text: string;
  code: string;
  path: string;
  line: number;
  message?: string | RegExp;
}

describe('loadPlaybook: one problem, reported with its code, path and line', () => {
  it.each<Broken>([
    {
      name: 'a misspelt key',
      text: edit(MINIMAL, '  rules:\n    - id: identified', '  ruels:\n    - id: identified'),
      code: 'UNKNOWN_KEY',
      path: 'lifecycle.ruels',
      line: 11,
      message: 'unknown key "ruels" (check its spelling and indentation)',
    },
    {
      name: 'a routing rule naming an unknown pool',
      text: edit(MINIMAL, 'pool: sdr', 'pool: sdrs'),
      code: 'UNKNOWN_POOL',
      path: 'routing.rules[0].pool',
      line: 32,
      message: 'unknown pool "sdrs"; known: sdr. Did you mean "sdr"?',
    },
    {
      name: 'an overflow pool that does not exist',
      text: edit(MINIMAL, 'pool: sdr\n', 'pool: sdr\n      overflow: [on-call]\n'),
      code: 'UNKNOWN_POOL',
      path: 'routing.rules[0].overflow[0]',
      line: 33,
    },
    {
      name: 'a lifecycle rule moving to an unknown stage',
      text: edit(MINIMAL, 'to: mql', 'to: mqll'),
      code: 'UNKNOWN_STAGE',
      path: 'lifecycle.rules[1].to',
      line: 17,
      message: 'unknown stage "mqll"; known: known, lead, mql, disqualified. Did you mean "mql"?',
    },
    {
      name: 'a side path from an unknown stage',
      text: edit(MINIMAL, 'from: [known, lead]', 'from: [known, leed]'),
      code: 'UNKNOWN_STAGE',
      path: 'lifecycle.side_paths[0].from[1]',
      line: 10,
      message: /Did you mean "lead"\?$/,
    },
    {
      name: 'routing at an unknown stage',
      text: edit(MINIMAL, 'routing:\n  rules:', 'routing:\n  at_stage: sal\n  rules:'),
      code: 'UNKNOWN_STAGE',
      path: 'routing.at_stage',
      line: 30,
    },
    {
      name: 'a condition on an unknown field',
      text: edit(MINIMAL, 'field: seniority', 'field: senority'),
      code: 'UNKNOWN_FIELD',
      path: 'scoring.fit.rules[0].when.field',
      line: 22,
      message: /^unknown field "senority"; known: email, first_name, .*Did you mean "seniority"\?$/,
    },
    {
      name: 'a condition on an unknown account attribute',
      text: edit(MINIMAL, '{ field: seniority, in: [vp, c_level] }', '{ account: revenue, gt: 1000000 }'),
      code: 'UNKNOWN_ACCOUNT_ATTRIBUTE',
      path: 'scoring.fit.rules[0].when.account',
      line: 22,
    },
    {
      name: 'a pool member who is not a rep',
      text: edit(MINIMAL, '{ rep: ann }', '{ rep: anne }'),
      code: 'UNKNOWN_REP',
      path: 'routing.pools.sdr.members[0].rep',
      line: 37,
      message: 'unknown rep "anne"; known: ann. Did you mean "ann"?',
    },
    {
      name: 'a rep listed twice in a pool',
      text: edit(MINIMAL, '{ rep: ann }', '{ rep: ann }, { rep: ann, weight: 2 }'),
      code: 'DUPLICATE_MEMBER',
      path: 'routing.pools.sdr.members[1].rep',
      line: 37,
    },
    {
      name: 'a rep time zone that does not exist',
      text: edit(MINIMAL, '    timezone: America/New_York', '    timezone: America/Nowhere'),
      code: 'INVALID_TIMEZONE',
      path: 'reps[0].timezone',
      line: 42,
      message: '"America/Nowhere" is not an IANA time zone (e.g. America/Chicago, Europe/Berlin)',
    },
    {
      name: 'a workspace time zone that does not exist',
      text: edit(MINIMAL, '  timezone: America/New_York\nlifecycle', '  timezone: EST-ish\nlifecycle'),
      code: 'INVALID_TIMEZONE',
      path: 'workspace.timezone',
      line: 3,
    },
    {
      name: 'working hours that cannot be read',
      text: edit(MINIMAL, 'hours: Mon-Fri 09:00-17:00', 'hours: weekdays 9-5'),
      code: 'INVALID_HOURS',
      path: 'reps[0].hours',
      line: 43,
      message: '"weekdays 9-5" is not a working-hours window; write e.g. "Mon-Fri 08:00-17:00" or "always"',
    },
    {
      name: 'an out-of-office range that ends before it starts',
      text: edit(
        MINIMAL,
        '    hours: Mon-Fri 09:00-17:00',
        '    hours: Mon-Fri 09:00-17:00\n    out_of_office: [2026-12-24..2026-12-01]',
      ),
      code: 'INVALID_DATE_RANGE',
      path: 'reps[0].out_of_office[0]',
      line: 44,
    },
    {
      name: 'an invalid regular expression',
      text: edit(
        MINIMAL,
        '{ field: seniority, in: [vp, c_level] }',
        '{ field: title, matches: "(?i)(vp|chief" }',
      ),
      code: 'INVALID_REGEX',
      path: 'scoring.fit.rules[0].when.matches',
      line: 22,
      message: /^"\(\?i\)\(vp\|chief" is not a valid regular expression: /,
    },
    {
      name: 'an event condition inside a fit rule',
      text: edit(MINIMAL, '{ field: seniority, in: [vp, c_level] }', '{ event: page_view, path: /pricing }'),
      code: 'EVENT_NOT_ALLOWED',
      path: 'scoring.fit.rules[0].when.event',
      line: 22,
      message: 'fit rules describe who a person is; score events with engagement rules instead',
    },
    {
      name: 'an event condition nested in a fit rule',
      text: edit(
        MINIMAL,
        '{ field: seniority, in: [vp, c_level] }',
        '{ all: [{ field: seniority, in: [vp] }, { not: { event: unsubscribe } }] }',
      ),
      code: 'EVENT_NOT_ALLOWED',
      path: 'scoring.fit.rules[0].when.all[1].not.event',
      line: 22,
    },
    {
      name: 'an event condition naming an unknown form',
      text: edit(
        MINIMAL,
        '        when: { event: form_submit, form: demo }',
        '        when: { event: form_submit, form: demos }',
      ),
      code: 'UNKNOWN_FORM',
      path: 'scoring.engagement.rules[0].when.form',
      line: 27,
      message: 'unknown form "demos"; known: demo. Did you mean "demo"?',
    },
    {
      name: 'a form whose email is optional',
      text: edit(MINIMAL, 'fields: [email!, company!, title]', 'fields: [email, company!, title]'),
      code: 'EMAIL_REQUIRED',
      path: 'forms.demo.fields',
      line: 47,
      message: 'every form needs a required email field ("email!"): it is how people are identified',
    },
    {
      name: 'a form without an email field',
      text: edit(MINIMAL, 'fields: [email!, company!, title]', 'fields: [{ name: company, required: true }]'),
      code: 'EMAIL_REQUIRED',
      path: 'forms.demo.fields',
      line: 47,
    },
    {
      name: 'a form field that is not a person field',
      text: edit(MINIMAL, 'fields: [email!, company!, title]', 'fields: [email!, company!, budget]'),
      code: 'UNKNOWN_FIELD',
      path: 'forms.demo.fields[2]',
      line: 47,
    },
    {
      name: 'a honeypot named like a real field',
      text: edit(MINIMAL, '    b2b: true', '    b2b: true\n    honeypot: utm_source'),
      code: 'HONEYPOT_IS_A_FIELD',
      path: 'forms.demo.honeypot',
      line: 47,
    },
    {
      name: 'two lifecycle rules with one id',
      text: edit(MINIMAL, 'id: hand-raiser', 'id: identified'),
      code: 'DUPLICATE_ID',
      path: 'lifecycle.rules[1].id',
      line: 15,
      message: 'lifecycle rule id "identified" is used more than once',
    },
    {
      name: 'two fit rules with one id',
      text: edit(
        MINIMAL,
        '        points: 20\n',
        '        points: 20\n      - id: senior\n        when: { field: seniority, eq: director }\n        points: 10\n',
      ),
      code: 'DUPLICATE_ID',
      path: 'scoring.fit.rules[1].id',
      line: 24,
      message: 'fit rule id "senior" is used more than once',
    },
    {
      name: 'a backward rule without a reason code',
      text: edit(MINIMAL, '      to: lead\n', '      to: lead\n      allow_backward: true\n'),
      code: 'REASON_CODE_REQUIRED',
      path: 'lifecycle.rules[0].reason_code',
      line: 12, // the rule itself: reason_code is not written yet
    },
    {
      name: 'a cap below the floor',
      text: edit(MINIMAL, '  fit:\n    rules:', '  fit:\n    floor: 10\n    cap: 5\n    rules:'),
      code: 'CAP_BELOW_FLOOR',
      path: 'scoring.fit.cap',
      line: 21,
      message: 'cap (5) must be above floor (10)',
    },
    {
      name: 'a half-life that is not a duration',
      text: edit(
        MINIMAL,
        '  engagement:\n    rules:',
        '  engagement:\n    decay: { half_life: a month }\n    rules:',
      ),
      code: 'INVALID_DURATION',
      path: 'scoring.engagement.decay.half_life',
      line: 25,
    },
    {
      name: 'a value outside an enum',
      text: edit(MINIMAL, 'strategy: round_robin', 'strategy: random'),
      code: 'INVALID_VALUE',
      path: 'routing.pools.sdr.strategy',
      line: 36,
      message: '"random" is not allowed; use one of: round_robin, lowest_count',
    },
    {
      name: 'a missing required key',
      text: edit(MINIMAL, '    name: Ann Lee\n', ''),
      code: 'REQUIRED',
      path: 'reps[0].name',
      line: 39, // the rep that lacks it
    },
    {
      name: 'text where a number belongs',
      text: edit(MINIMAL, 'points: 20', 'points: twenty'),
      code: 'INVALID_TYPE',
      path: 'scoring.fit.rules[0].points',
      line: 23,
      message: 'expected a number, got string "twenty"',
    },
    {
      name: 'an id with capitals',
      text: edit(MINIMAL, 'id: hand-raiser', 'id: Hand-Raiser'),
      code: 'INVALID_FORMAT',
      path: 'lifecycle.rules[1].id',
      line: 15,
    },
    {
      name: 'a condition without a kind key',
      text: edit(MINIMAL, '{ field: company, exists: true }', '{ feild: company, exists: true }'),
      code: 'INVALID_CONDITION',
      path: 'lifecycle.rules[0].when',
      line: 13,
      message:
        /^not a condition \(a map\); start it with one of: field, account, score, event, all, any, not/,
    },
    {
      name: 'a condition with two operators',
      text: edit(
        MINIMAL,
        '{ field: company, exists: true }',
        '{ field: company, exists: true, eq: Initech }',
      ),
      code: 'CUSTOM',
      path: 'lifecycle.rules[0].when',
      line: 13,
      message: /^use exactly one operator: eq, neq, in/,
    },
    {
      name: 'a routing rule with both assign and pool',
      text: edit(MINIMAL, '      pool: sdr\n', '      pool: sdr\n      assign: existing_owner\n'),
      code: 'CUSTOM',
      path: 'routing.rules[0]',
      line: 31,
      message: 'a routing rule needs exactly one of `assign` (existing_owner, account_owner) or `pool`',
    },
  ])('$name → $code at $path', ({ text, code, path, line, message }) => {
    const found = problems(text);
    expect(found).toHaveLength(1);
    const [problem] = found as [ErrorDetail];
    expect(problem.code).toBe(code);
    expect(problem.path).toBe(path);
    expect(lineOfLocation(problem.location)).toBe(line);
    expect(problem.location).toMatch(new RegExp(`^playbook\\.yaml:${line}:\\d+$`));
    if (typeof message === 'string') expect(problem.message).toBe(message);
    else if (message) expect(problem.message).toMatch(message);
  });
});

describe('loadPlaybook: YAML that does not parse', () => {
  it.each<{ name: string; text: string; line: number; message: RegExp }>([
    {
      name: 'a tab used for indentation',
      text: edit(
        MINIMAL,
        '  timezone: America/New_York\nlifecycle',
        '\ttimezone: America/New_York\nlifecycle',
      ),
      line: 3,
      message: /Tabs are not allowed as indentation/,
    },
    {
      name: 'a key given twice',
      text: edit(MINIMAL, '  name: Test Co\n', '  name: Test Co\n  name: Test Company\n'),
      line: 3,
      message: /Map keys must be unique/,
    },
    {
      name: 'a colon inside an unquoted value',
      text: edit(MINIMAL, 'name: Test Co', 'name: Test: Co'),
      line: 2,
      message: /Nested mappings are not allowed in compact mappings/,
    },
    {
      name: 'an alias without an anchor',
      text: edit(MINIMAL, '  timezone: America/New_York\nlifecycle', '  timezone: *zone\nlifecycle'),
      line: 3,
      message: /^Unresolved alias \(the anchor must be set before the alias\): zone$/,
    },
    {
      name: 'an alias bomb',
      text: [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        '',
      ].join('\n'),
      line: 2,
      message: /resource exhaustion/,
    },
  ])('$name is YAML_SYNTAX at line $line', ({ text, line, message }) => {
    const found = problems(text, 'pb.yaml');
    expect(found.length).toBeGreaterThan(0);
    const [first] = found as [ErrorDetail];
    expect(first.code).toBe('YAML_SYNTAX');
    expect(first.path).toBe('');
    expect(first.location).toMatch(new RegExp(`^pb\\.yaml:${line}:\\d+$`));
    expect(first.message).toMatch(message);
    expect(first.message).not.toContain('\n');
  });

  it.each([
    ['an empty file', ''],
    ['a comment only', '# nothing yet\n'],
    ['a list', '- workspace\n- lifecycle\n'],
    ['a scalar', 'playbook\n'],
  ])('%s is NOT_A_MAP at 1:1', (_name, text) => {
    expect(problems(text, 'pb.yaml')).toEqual([
      {
        path: '',
        code: 'NOT_A_MAP',
        message: 'the playbook must be a YAML map (workspace:, lifecycle:, …)',
        location: 'pb.yaml:1:1',
      },
    ]);
  });
});

describe('loadPlaybook: several problems are all reported at once', () => {
  it('reports every broken reference, each at its own line', () => {
    const text = edit(
      edit(
        edit(edit(MINIMAL, 'pool: sdr', 'pool: sdrs'), 'to: mql', 'to: mqll'),
        '{ rep: ann }',
        '{ rep: bob }',
      ),
      'hours: Mon-Fri 09:00-17:00',
      'hours: Mon-Fry 09:00-17:00',
    );
    const found = problems(text, 'pb.yaml');
    expect(found.map((p) => [p.code, p.path, p.location])).toEqual([
      ['UNKNOWN_STAGE', 'lifecycle.rules[1].to', 'pb.yaml:17:11'],
      ['UNKNOWN_POOL', 'routing.rules[0].pool', 'pb.yaml:32:13'],
      ['UNKNOWN_REP', 'routing.pools.sdr.members[0].rep', 'pb.yaml:37:24'],
      ['INVALID_HOURS', 'reps[0].hours', 'pb.yaml:43:12'],
    ]);
  });

  it('reports every schema problem, each at its own line', () => {
    const text = edit(
      edit(
        edit(MINIMAL, '  rules:\n    - id: identified', '  ruels:\n    - id: identified'),
        'points: 40',
        'points: 4000',
      ),
      'strategy: round_robin',
      'strategy: random',
    );
    const found = problems(text, 'pb.yaml');
    expect(found.map((p) => [p.code, p.path, lineOfLocation(p.location)])).toEqual([
      ['UNKNOWN_KEY', 'lifecycle.ruels', 11],
      ['TOO_BIG', 'scoring.engagement.rules[0].points', 28],
      ['INVALID_VALUE', 'routing.pools.sdr.strategy', 36],
    ]);
  });

  it('sums the problems up in one message, one line per problem', () => {
    const result = loadPlaybook(
      edit(edit(MINIMAL, 'pool: sdr', 'pool: sdrs'), 'to: mql', 'to: mqll'),
      'pb.yaml',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message.split('\n')).toEqual([
        'the playbook has 2 problems:',
        'pb.yaml:17:11  lifecycle.rules[1].to: unknown stage "mqll"; known: known, lead, mql, disqualified. Did you mean "mql"?',
        'pb.yaml:32:13  routing.rules[0].pool: unknown pool "sdrs"; known: sdr. Did you mean "sdr"?',
      ]);
    }
  });

  it('checks references only once the schema passes (a misspelt key hides broken references)', () => {
    const text = edit(edit(MINIMAL, 'b2b: true', 'b2bb: true'), 'pool: sdr', 'pool: sdrs');
    expect(problems(text).map((p) => p.code)).toEqual(['UNKNOWN_KEY']);
  });
});

describe('loadPlaybook: edits of the example playbook point at the edited line', () => {
  it.each<{ name: string; find: RegExp; put: string; code: string; path: string; message?: RegExp }>([
    {
      name: 'misspelt lifecycle rules',
      find: /^ {2}rules:(?=\s+# evaluated in order)/m,
      put: '  ruels:',
      code: 'UNKNOWN_KEY',
      path: 'lifecycle.ruels',
    },
    {
      name: 'unknown routing pool',
      find: /^ {6}pool: emea$/m,
      put: '      pool: emeaa',
      code: 'UNKNOWN_POOL',
      path: 'routing.rules[4].pool',
      message: /Did you mean "emea"\?$/,
    },
    {
      name: 'unknown stage',
      find: /^ {6}to: disqualified$/m,
      put: '      to: disqualifed',
      code: 'UNKNOWN_STAGE',
      path: 'lifecycle.rules[0].to',
      message: /Did you mean "disqualified"\?$/,
    },
    {
      name: 'unknown rep in a pool',
      find: /members: \[\s*\{ rep: kenji \},\s*\{ rep: priya \}\s*\]/,
      put: 'members: [{ rep: kenji }, { rep: priyaa }]',
      code: 'UNKNOWN_REP',
      path: 'routing.pools.apac.members[1].rep',
      message: /Did you mean "priya"\?$/,
    },
    {
      name: 'invalid rep time zone',
      find: /timezone: Asia\/Tokyo/,
      put: 'timezone: Asia/Tokio',
      code: 'INVALID_TIMEZONE',
      path: 'reps[5].timezone',
    },
    {
      name: 'bad working hours',
      find: /hours: "Mon-Fri 08:30-17:30"/,
      put: 'hours: "Mon-Fri 08:30-27:30"',
      code: 'INVALID_HOURS',
      path: 'reps[4].hours',
    },
    {
      name: 'invalid regex',
      find: /\(student\|intern\)/,
      put: '(student|intern',
      code: 'INVALID_REGEX',
      path: 'lifecycle.rules[0].when.any[0].matches',
    },
    {
      name: 'event in a fit rule',
      find: /when: \{ field: seniority, eq: manager \}/,
      put: 'when: { event: webinar_attended }',
      code: 'EVENT_NOT_ALLOWED',
      path: 'scoring.fit.rules[1].when.event',
    },
    {
      name: 'newsletter email not required',
      find: /fields: \[email!, first_name\]/,
      put: 'fields: [email, first_name]',
      code: 'EMAIL_REQUIRED',
      path: 'forms.newsletter.fields',
    },
    {
      name: 'duplicate routing rule id',
      find: /^ {4}- id: apac$/m,
      put: '    - id: emea',
      code: 'DUPLICATE_ID',
      path: 'routing.rules[5].id',
    },
  ])('$name → $code at $path', ({ find, put, code, path, message }) => {
    const edited = editAt(EXAMPLE, find, put);
    const found = problems(edited.text, 'examples/playbook.yaml');
    expect(found).toHaveLength(1);
    const [problem] = found as [ErrorDetail];
    expect(problem.code).toBe(code);
    expect(problem.path).toBe(path);
    expect(problem.location).toMatch(new RegExp(`^examples/playbook\\.yaml:${edited.line}:\\d+$`));
    if (message) expect(problem.message).toMatch(message);
  });
});

describe('formatPath', () => {
  it.each<[(string | number)[], string]>([
    [[], ''],
    [['workspace'], 'workspace'],
    [['lifecycle', 'rules', 2, 'to'], 'lifecycle.rules[2].to'],
    [
      ['routing', 'pools', 'follow-the-sun', 'members', 0, 'rep'],
      'routing.pools.follow-the-sun.members[0].rep',
    ],
    [[3, 'id'], '[3].id'],
  ])('%j → %j', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
