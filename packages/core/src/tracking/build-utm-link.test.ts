import { describe, expect, it } from 'vitest';
import { buildUtmLink } from './build-utm-link.ts';
import { compileUtm } from './normalize-utm.ts';

const utm = compileUtm({
  parameters: {
    source: {
      canonical: ['linkedin', 'google', 'newsletter'],
      aliases: { linkedin: ['LinkedIn', 'li', 'lnkd.in'] },
    },
    medium: {
      canonical: ['cpc', 'paid_social', 'email'],
      aliases: { paid_social: ['Paid-Social', 'cpc-social'] },
    },
  },
});
const checkCampaign = (v: string) =>
  /^\d{4}-\d{2}_[a-z_]+_(na|emea)_[a-z0-9-]+$/.test(v)
    ? null
    : 'does not follow {yyyy}-{mm}_{type}_{region}_{slug}';

describe('buildUtmLink', () => {
  it('builds a conforming link with canonical values', () => {
    const link = buildUtmLink(
      {
        url: 'https://www.northwind.example/p/demo',
        source: 'LinkedIn',
        medium: 'cpc-social',
        campaign: '2026-11_paid_social_na_demo-push',
      },
      utm,
      { checkCampaign },
    );
    expect(link).toEqual({
      ok: true,
      value: {
        url: 'https://www.northwind.example/p/demo?utm_source=linkedin&utm_medium=paid_social&utm_campaign=2026-11_paid_social_na_demo-push',
        utm: {
          source: 'linkedin',
          medium: 'paid_social',
          campaign: '2026-11_paid_social_na_demo-push',
          term: null,
          content: null,
        },
      },
    });
  });

  it('keeps the page’s own parameters and fragment, and replaces old UTMs', () => {
    const link = buildUtmLink(
      {
        url: 'https://northwind.example/pricing?plan=team&q=a%20b&flag&UTM_SOURCE=old&utm_medium=old#compare',
        source: 'google',
        medium: 'cpc',
        campaign: 'spring',
        content: 'Hero Banner',
      },
      utm,
    );
    expect(link.ok && link.value.url).toBe(
      'https://northwind.example/pricing?plan=team&q=a%20b&flag&utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_content=hero_banner#compare',
    );
  });

  it('names every bad parameter with a suggestion', () => {
    const link = buildUtmLink(
      {
        url: 'https://northwind.example/',
        source: 'lnkedin',
        medium: 'paidsocial',
        campaign: 'Spring Promo',
      },
      utm,
      { checkCampaign },
    );
    expect(link.ok).toBe(false);
    if (link.ok) return;
    expect(link.error.code).toBe('NON_CONFORMING_UTM');
    expect(link.error.details).toEqual([
      {
        path: 'utm_source',
        code: 'NON_CONFORMING_UTM',
        message:
          'utm_source "lnkedin" is not a canonical source: "lnkedin" looks like a misspelling of "linkedin"; use "linkedin"',
      },
      {
        path: 'utm_medium',
        code: 'NON_CONFORMING_UTM',
        message:
          'utm_medium "paidsocial" is not a canonical medium: "paidsocial" has the same letters; use "paid_social"',
      },
      {
        path: 'utm_campaign',
        code: 'NON_CONFORMING_UTM',
        message: 'utm_campaign "spring promo": does not follow {yyyy}-{mm}_{type}_{region}_{slug}',
      },
    ]);
  });

  it('lists the allowed values when nothing is close', () => {
    const link = buildUtmLink(
      { url: 'https://northwind.example/', source: 'capterra', medium: 'cpc', campaign: 'x' },
      utm,
    );
    expect(!link.ok && link.error.details?.[0]?.message).toBe(
      'utm_source "capterra" is not a canonical source (allowed: linkedin, google, newsletter)',
    );
  });

  const refused: {
    name: string;
    input: Parameters<typeof buildUtmLink>[0];
    code: string;
    paths?: string[];
  }[] = [
    {
      name: 'missing parameters',
      input: { url: 'https://a.example/', source: 'google' },
      code: 'NON_CONFORMING_UTM',
      paths: ['utm_medium', 'utm_campaign'],
    },
    {
      name: 'empty after cleaning',
      input: { url: 'https://a.example/', source: '<b></b>', medium: 'cpc', campaign: 'x' },
      code: 'NON_CONFORMING_UTM',
      paths: ['utm_source'],
    },
    {
      name: 'too long',
      input: { url: 'https://a.example/', source: 'google', medium: 'cpc', campaign: 'x'.repeat(300) },
      code: 'NON_CONFORMING_UTM',
      paths: ['utm_campaign'],
    },
    {
      name: 'javascript URL',
      input: { url: 'javascript:alert(1)', source: 'google', medium: 'cpc', campaign: 'x' },
      code: 'UNSUPPORTED_URL_SCHEME',
    },
    {
      name: 'not a URL',
      input: { url: 'northwind', source: 'google', medium: 'cpc', campaign: 'x' },
      code: 'INVALID_URL',
    },
  ];
  it.each(refused)('refuses $name', ({ input, code, paths }) => {
    const link = buildUtmLink(input, utm);
    expect(link.ok).toBe(false);
    if (link.ok) return;
    expect(link.error.code).toBe(code);
    if (paths) expect(link.error.details?.map((d) => d.path)).toEqual(paths);
  });

  it('without governance only cleans values', () => {
    const link = buildUtmLink({
      url: 'https://a.example/x',
      source: 'Some Site',
      medium: 'Paid-Social',
      campaign: 'Q4 Push',
    });
    expect(link.ok && link.value.url).toBe(
      'https://a.example/x?utm_source=some_site&utm_medium=paid_social&utm_campaign=q4%20push',
    );
  });
});
