import { describe, expect, it } from 'vitest';
import { buildCampaignName, checkCampaignName, suggestCampaignName } from './check-campaign-name.ts';
import { checkCampaignNames } from './check-campaign-names.ts';
import { type CompiledNaming, compileNamingConvention, type NamingConvention } from './compile-naming.ts';
import { normalizeUtmCampaign } from './normalize-utm-campaign.ts';

const EXAMPLE: NamingConvention = {
  pattern: '{yyyy}-{mm}_{type}_{region}_{slug}',
  parts: {
    type: {
      values: ['webinar', 'paid_social', 'paid_search', 'ebook', 'event', 'email', 'content_syndication'],
    },
    region: { values: ['na', 'emea', 'apac', 'global'] },
    slug: { pattern: '^[a-z0-9-]{2,40}$' },
  },
};

function compile(convention: NamingConvention): CompiledNaming {
  const compiled = compileNamingConvention(convention);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value;
}
const example = compile(EXAMPLE);

describe('compileNamingConvention: bad patterns are errors at compile time', () => {
  const cases: [string, NamingConvention, RegExp][] = [
    [
      'unknown part',
      { pattern: '{yyyy}_{channel}' },
      /part `\{channel\}` at character 8 has neither values nor a pattern/,
    ],
    [
      'adjacent parts',
      { pattern: '{type}{region}', parts: { type: { values: ['a'] }, region: { values: ['b'] } } },
      /`\{type\}` and `\{region\}` are adjacent at character 7/,
    ],
    ['unclosed brace', { pattern: '{yyyy}-{mm_{slug}' }, /unbalanced `\{` at character 8/],
    ['stray closing brace', { pattern: '{yyyy}}-x' }, /unbalanced `\}` at character 7/],
    ['empty braces', { pattern: 'x_{}' }, /`\{\}` at character 3 is not a part name/],
    ['duplicate part', { pattern: '{yyyy}_{yyyy}' }, /appears twice/],
    ['bad regex', { pattern: '{slug}', parts: { slug: { pattern: '[a-' } } }, /invalid pattern/],
    ['empty values', { pattern: '{x}', parts: { x: { values: [] } } }, /empty list of values/],
    [
      'values and pattern',
      { pattern: '{x}', parts: { x: { values: ['a'], pattern: 'a' } } },
      /both values and a pattern/,
    ],
    ['unused part', { pattern: '{yyyy}', parts: { region: { values: ['na'] } } }, /does not use it/],
    ['no parts', { pattern: 'campaign' }, /has no parts/],
    ['date part with rule', { pattern: '{mm}', parts: { mm: { values: ['01'] } } }, /built-in date part/],
  ];
  it.each(cases)('%s', (_label, convention, message) => {
    const compiled = compileNamingConvention(convention);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) {
      expect(compiled.error.code).toBe('NAMING_PATTERN_INVALID');
      expect(compiled.error.message).toMatch(message);
    }
  });

  it('allows fixed-width date parts side by side', () => {
    const compiled = compile({ pattern: '{yyyy}{mm}{dd}_{slug}', parts: { slug: { pattern: '[a-z]+' } } });
    expect(checkCampaignName(compiled, '20261130_launch')).toEqual({
      ok: true,
      parts: { yyyy: '2026', mm: '11', dd: '30', slug: 'launch' },
    });
  });
});

describe('checkCampaignName', () => {
  it('splits a conforming name into its parts, even when a value contains the separator', () => {
    expect(checkCampaignName(example, '2026-11_paid_social_na_demo-push')).toEqual({
      ok: true,
      parts: { yyyy: '2026', mm: '11', type: 'paid_social', region: 'na', slug: 'demo-push' },
    });
    expect(checkCampaignName(example, '2026-01_content_syndication_global_q1-guides').ok).toBe(true);
  });

  const bad: [string, string, { part?: string; position: number; message: RegExp; suggestion?: string }][] = [
    [
      'value not in the list',
      '2026-11_paid_social_latam_demo-push',
      {
        part: 'region',
        position: 21,
        message: /^part `region` is `latam` at character 21; expected one of na, emea, apac, global/,
      },
    ],
    [
      'month out of range',
      '2026-13_webinar_na_launch',
      { part: 'mm', position: 6, message: /^month `13` at character 6 is not 01–12/ },
    ],
    [
      'missing separator after the month',
      '2026-11webinar_na_launch',
      { position: 8, message: /^missing separator `_` after `\{mm\}` at character 8 \(found `w`\)/ },
    ],
    [
      'two-digit year',
      '26-11_webinar_na_launch',
      {
        part: 'yyyy',
        position: 1,
        message: /^year at character 1 must be 4 digits \(4 digits\); found `26`/,
      },
    ],
    [
      'slug breaks its pattern',
      '2026-11_webinar_na_Demo Push!',
      {
        part: 'slug',
        position: 20,
        message: /^part `slug` is `Demo Push!` at character 20; expected text matching/,
      },
    ],
    [
      'name stops early',
      '2026-11_webinar',
      {
        position: 16,
        message: /^missing separator `_` after `\{type\}` at character 16 \(the name ends there\)/,
      },
    ],
    [
      'typo in a value',
      '2026-11_webinar_emae_launch',
      {
        part: 'region',
        position: 17,
        message: /did you mean `emea`\?/,
        suggestion: '2026-11_webinar_emea_launch',
      },
    ],
    [
      'wrong case and separators',
      '2026-11 Paid-Social NA Demo Push',
      {
        position: 8,
        message: /did you mean `2026-11_paid_social_na_demo-push`\?/,
        suggestion: '2026-11_paid_social_na_demo-push',
      },
    ],
    [
      'upper-case value',
      '2026-11_WEBINAR_na_launch',
      {
        part: 'type',
        position: 9,
        suggestion: '2026-11_webinar_na_launch',
        message: /part `type` is `WEBINAR`/,
      },
    ],
    ['empty', '', { position: 1, message: /the name is empty/ }],
    ['too long', `2026-11_webinar_na_${'a'.repeat(300)}`, { position: 201, message: /at most 200/ }],
    [
      'SQL metacharacters',
      "2026-11_webinar_na_x'; DROP TABLE campaigns;--",
      { part: 'slug', position: 20, message: /^part `slug` is `x'; DROP TABLE campaigns;--`/ },
    ],
  ];
  it.each(bad)('%s', (_label, name, expected) => {
    const result = checkCampaignName(example, name);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('CAMPAIGN_NAME_INVALID');
    expect(result.error.message).toMatch(expected.message);
    expect(result.error.position).toBe(expected.position);
    if (expected.part) expect(result.error.part).toBe(expected.part);
    expect(result.error.suggestion).toBe(expected.suggestion);
  });

  it('knows how many days a month has', () => {
    const daily = compile({ pattern: '{yyyy}-{mm}-{dd}_{slug}', parts: { slug: { pattern: '[a-z]+' } } });
    expect(checkCampaignName(daily, '2028-02-29_leap').ok).toBe(true);
    const result = checkCampaignName(daily, '2026-02-30_leap');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.message).toBe('day `30` at character 9 does not exist in 2026-02 (it has 28 days)');
  });

  it('checks quarters and literal text', () => {
    const quarterly = compile({ pattern: 'FY{yyyy}-Q{q}_{slug}', parts: { slug: { values: ['launch'] } } });
    expect(checkCampaignName(quarterly, 'FY2026-Q4_launch')).toEqual({
      ok: true,
      parts: { yyyy: '2026', q: '4', slug: 'launch' },
    });
    const q5 = checkCampaignName(quarterly, 'FY2026-Q5_launch');
    expect(q5.ok || q5.error.message).toMatch(/^quarter `5` at character 9 is not 1–4/);
    const prefix = checkCampaignName(quarterly, 'fy2026-Q4_launch');
    expect(prefix.ok || prefix.error.message).toMatch(/^the name must start with `FY`/);
    expect(prefix.ok || prefix.error.suggestion).toBe('FY2026-Q4_launch');
  });

  it('stays fast on hostile input (backtracking is memoised)', () => {
    const many = compile({
      pattern: '{a}_{b}_{c}',
      parts: { a: { pattern: '[a-z_]+' }, b: { pattern: '[a-z_]+' }, c: { values: ['end'] } },
    });
    const started = performance.now();
    const result = checkCampaignName(many, `${'a_'.repeat(99)}x`);
    expect(result.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('suggestCampaignName', () => {
  it.each([
    ['2026-3_webinar_na_launch', '2026-03_webinar_na_launch'],
    ['2026-11__paid social__emea__Big Launch', '2026-11_paid_social_emea_big-launch'],
    ['  2026-11_webinar_na_launch  ', '2026-11_webinar_na_launch'],
    ['2026-11_webinar_latam_launch', null],
    ['garbage', null],
  ])('%s → %s', (name, suggestion) => {
    expect(suggestCampaignName(example, name)).toBe(suggestion);
  });
});

describe('buildCampaignName', () => {
  it('is the inverse of the check', () => {
    const parts = { yyyy: 2026, mm: 3, type: 'ebook', region: 'apac', slug: 'state-of-ops' };
    const built = buildCampaignName(example, parts);
    expect(built).toEqual({ ok: true, name: '2026-03_ebook_apac_state-of-ops' });
    if (built.ok)
      expect(checkCampaignName(example, built.name)).toEqual({
        ok: true,
        parts: { ...parts, yyyy: '2026', mm: '03' },
      });
  });

  it('says which part is missing or wrong', () => {
    const missing = buildCampaignName(example, { yyyy: 2026, mm: 3, type: 'ebook', slug: 'x1' });
    expect(missing.ok || missing.error.message).toMatch(/^part `region` is missing/);
    const wrong = buildCampaignName(example, {
      yyyy: 2026,
      mm: 3,
      type: 'ebook',
      region: 'latam',
      slug: 'x1',
    });
    expect(wrong.ok || wrong.error.part).toBe('region');
  });
});

describe('normalizeUtmCampaign', () => {
  it.each([
    ['  2026-11_Paid_Social_NA_Demo-Push ', '2026-11_paid_social_na_demo-push'],
    ['Ｗｅｂｉｎａｒ', 'webinar'],
    ['a \t b', 'a b'],
    ['   ', null],
    [null, null],
  ])('%s → %s', (raw, normalized) => {
    expect(normalizeUtmCampaign(raw)).toBe(normalized);
  });
});

describe('checkCampaignNames (the playbook check)', () => {
  it('points at a registry name that breaks the convention, and at a broken pattern', () => {
    expect(
      checkCampaignNames({
        naming: EXAMPLE,
        registry: [{ name: '2026-11_paid_social_na_demo-push' }, { name: '2026-11_webinar_latam_x1' }],
      }),
    ).toEqual([
      {
        path: ['campaigns', 'registry', 1, 'name'],
        code: 'CAMPAIGN_NAME_INVALID',
        message: expect.stringMatching(/^part `region` is `latam` at character 17/),
      },
    ]);
    expect(checkCampaignNames({ naming: { pattern: '{yyyy}_{channel}' }, registry: [] })[0]?.path).toEqual([
      'campaigns',
      'naming',
      'pattern',
    ]);
    expect(
      checkCampaignNames({ naming: { pattern: '{yyyy}', parts: { x: { values: ['a'] } } } })[0]?.path,
    ).toEqual(['campaigns', 'naming', 'parts', 'x']);
    expect(checkCampaignNames(undefined)).toEqual([]);
  });
});
