import { describe, expect, it } from 'vitest';
import { compileUtm, MAX_RAW_UTM_LENGTH, normalizeUtm, type UtmIssue } from './normalize-utm.ts';
import type { UtmParameter } from './tracking.schema.ts';

const utm = compileUtm({
  parameters: {
    source: {
      canonical: ['linkedin', 'google', 'newsletter'],
      aliases: { linkedin: ['LinkedIn', 'linkedin.com', 'li', 'lnkd.in', 'www.linkedin.com'] },
    },
    medium: {
      canonical: ['cpc', 'paid_social', 'email'],
      aliases: { paid_social: ['Paid-Social', 'paidsocial', 'cpc-social'] },
    },
  },
});

describe('normalizeUtm', () => {
  const cases: {
    name: string;
    param: UtmParameter;
    raw: string | null;
    value: string | null;
    issues?: UtmIssue[];
    conforming?: boolean | null;
  }[] = [
    { name: 'absent', param: 'source', raw: null, value: null, issues: [], conforming: null },
    {
      name: 'canonical as is',
      param: 'source',
      raw: 'linkedin',
      value: 'linkedin',
      issues: [],
      conforming: true,
    },
    { name: 'mixed case alias', param: 'source', raw: 'LinkedIn', value: 'linkedin', issues: [] },
    { name: 'domain alias', param: 'source', raw: 'linkedin.com', value: 'linkedin', issues: ['aliased'] },
    { name: 'short-link alias', param: 'source', raw: 'lnkd.in', value: 'linkedin', issues: ['aliased'] },
    { name: 'two-letter alias', param: 'source', raw: ' LI ', value: 'linkedin', issues: ['aliased'] },
    { name: 'hyphen → _', param: 'medium', raw: 'Paid-Social', value: 'paid_social', issues: [] },
    { name: 'space run → _', param: 'medium', raw: 'paid   social', value: 'paid_social', conforming: true },
    { name: 'plus as space', param: 'medium', raw: 'paid+social', value: 'paid_social', conforming: true },
    { name: 'alias without separator', param: 'medium', raw: 'PaidSocial', value: 'paid_social' },
    { name: 'cpc-social alias', param: 'medium', raw: 'cpc-social', value: 'paid_social' },
    {
      name: 'encoded twice',
      param: 'source',
      raw: 'linkedin%252Ecom',
      value: 'linkedin',
      issues: ['percent_encoded', 'aliased'],
    },
    {
      name: 'encoded once more',
      param: 'medium',
      raw: 'paid%20social',
      value: 'paid_social',
      issues: ['percent_encoded'],
    },
    { name: 'broken escape kept', param: 'term', raw: '100%zz off', value: '100%zz_off', issues: [] },
    {
      name: 'html tags',
      param: 'source',
      raw: '<b>LinkedIn</b>',
      value: 'linkedin',
      issues: ['html'],
    },
    {
      name: 'script removed with its body',
      param: 'source',
      raw: 'google<script>alert(1)</script>',
      value: 'google',
      issues: ['html'],
    },
    {
      name: 'encoded html',
      param: 'source',
      raw: '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3Egoogle',
      value: 'google',
      issues: ['percent_encoded', 'html'],
    },
    { name: 'entity', param: 'content', raw: 'ads &amp; more', value: 'ads_&_more', issues: ['html'] },
    {
      name: 'control characters',
      param: 'source',
      raw: 'goo\u0000gle\u200b',
      value: 'google',
      issues: ['control_characters'],
    },
    {
      name: 'whitespace only',
      param: 'source',
      raw: '   ',
      value: null,
      issues: ['empty'],
      conforming: null,
    },
    { name: 'empty', param: 'medium', raw: '', value: null, issues: ['empty'] },
    {
      name: 'non-canonical',
      param: 'source',
      raw: 'Bing',
      value: 'bing',
      issues: ['not_canonical'],
      conforming: false,
    },
    {
      name: 'ungoverned parameter',
      param: 'term',
      raw: 'Marketing Automation',
      value: 'marketing_automation',
      conforming: null,
    },
    { name: 'term keeps hyphens', param: 'term', raw: 'b2b-crm', value: 'b2b-crm' },
    { name: 'fullwidth letters', param: 'source', raw: 'ｇｏｏｇｌｅ', value: 'google', conforming: true },
    { name: 'unicode kept', param: 'content', raw: 'Präsentation Ü', value: 'präsentation_ü' },
    {
      name: 'campaign keeps its hyphens',
      param: 'campaign',
      raw: '2026-11_Paid_Social_NA_Demo-Push ',
      value: '2026-11_paid_social_na_demo-push',
      conforming: null,
    },
    { name: 'campaign spaces collapse', param: 'campaign', raw: 'Spring   Launch', value: 'spring launch' },
  ];
  it.each(cases)('$name', ({ param, raw, value, issues, conforming }) => {
    const result = normalizeUtm(param, raw, utm);
    expect(result.value).toBe(value);
    expect(result.raw).toBe(raw);
    if (issues) expect(result.issues).toEqual(issues);
    if (conforming !== undefined) expect(result.conforming).toBe(conforming);
    expect(result.changed).toBe(raw !== null && value !== raw);
  });

  it('caps the value at 200 and the raw value at 2,000 characters', () => {
    const raw = 'a'.repeat(20_000);
    const result = normalizeUtm('source', raw, utm);
    expect(result.raw).toHaveLength(MAX_RAW_UTM_LENGTH);
    expect(result.value).toHaveLength(200);
    expect(result.issues).toEqual(['raw_too_long', 'too_long', 'not_canonical']);
  });

  it('gives the same answer however often a value is seen (cleaned values are remembered)', () => {
    const first = normalizeUtm('source', 'linkedin%252Ecom', utm);
    first.issues.push('too_long');
    const again = normalizeUtm('source', 'linkedin%252Ecom', utm);
    expect(again.issues).toEqual(['percent_encoded', 'aliased']);
    expect(normalizeUtm('medium', 'linkedin%252Ecom', utm).value).toBe('linkedin.com');
  });

  it('says which alias matched', () => {
    expect(normalizeUtm('source', 'WWW.LinkedIn.com', utm).alias).toBe('www.linkedin.com');
  });

  it('asks the campaign hook about utm_campaign conformance', () => {
    const isConformingCampaign = (value: string) => value.startsWith('2026-');
    expect(normalizeUtm('campaign', '2026-11_x', utm, { isConformingCampaign }).conforming).toBe(true);
    const bad = normalizeUtm('campaign', 'spring', utm, { isConformingCampaign });
    expect(bad.conforming).toBe(false);
    expect(bad.issues).toContain('not_canonical');
  });
});
