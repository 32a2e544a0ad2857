import { describe, expect, it } from 'vitest';
import { classifyChannel, compileChannelRules } from './classify-channel.ts';
import { compileUtm, normalizeUtm } from './normalize-utm.ts';
import { MAX_STORED_URL, parsePageView } from './parse-page-view.ts';

describe('parsePageView', () => {
  it('takes a landing page apart', () => {
    const view = parsePageView({
      url: 'https://www.northwind.example/p/demo?utm_source=LinkedIn&UTM_MEDIUM=Paid-Social&utm_campaign=2026-11_paid_social_na_demo-push&li_fat_id=abc-123&x=1#form',
      referrer: 'https://www.linkedin.com/feed/',
      title: '  Request a demo\n— Northwind ',
    });
    expect(view).toEqual({
      ok: true,
      value: {
        url: 'https://www.northwind.example/p/demo?utm_source=LinkedIn&UTM_MEDIUM=Paid-Social&utm_campaign=2026-11_paid_social_na_demo-push&li_fat_id=abc-123&x=1#form',
        urlTruncated: false,
        host: 'www.northwind.example',
        path: '/p/demo',
        title: 'Request a demo — Northwind',
        utm: {
          source: 'LinkedIn',
          medium: 'Paid-Social',
          campaign: '2026-11_paid_social_na_demo-push',
          term: null,
          content: null,
        },
        clickIds: { li_fat_id: 'abc-123' },
        referrer: 'https://www.linkedin.com/feed/',
        referrerHost: 'www.linkedin.com',
        referrerDomain: 'linkedin.com',
        referrerIsInternal: false,
      },
    });
  });

  it('feeds normalisation and the channel rules', () => {
    const view = parsePageView({
      url: 'https://northwind.example/p/demo?utm_source=linkedin.com&utm_medium=paid%2520social',
      referrer: 'https://lnkd.in/abc',
    });
    if (!view.ok) throw new Error(view.error.message);
    const utm = compileUtm({
      parameters: { source: { canonical: ['linkedin'], aliases: { linkedin: ['linkedin.com'] } } },
    });
    const source = normalizeUtm('source', view.value.utm.source, utm).value;
    const medium = normalizeUtm('medium', view.value.utm.medium, utm).value;
    expect([source, medium]).toEqual(['linkedin', 'paid_social']);
    expect(
      classifyChannel(
        { ...view.value, source, medium, landingHost: view.value.host },
        compileChannelRules(undefined),
      ).channel,
    ).toBe('paid_social');
  });

  const refused: { name: string; url: string; code: string }[] = [
    { name: 'empty', url: '  ', code: 'INVALID_URL' },
    { name: 'not a URL', url: 'hello world', code: 'INVALID_URL' },
    { name: 'relative', url: '/pricing', code: 'INVALID_URL' },
    { name: 'javascript:', url: 'javascript:alert(document.cookie)', code: 'UNSUPPORTED_URL_SCHEME' },
    { name: 'JavaScript: with spaces', url: ' JaVaScRiPt:alert(1)', code: 'UNSUPPORTED_URL_SCHEME' },
    { name: 'data:', url: 'data:text/html,<script>alert(1)</script>', code: 'UNSUPPORTED_URL_SCHEME' },
    { name: 'file:', url: 'file:///etc/passwd', code: 'UNSUPPORTED_URL_SCHEME' },
    { name: 'no host', url: 'http://', code: 'INVALID_URL' },
    { name: 'absurdly long', url: `https://a.example/?q=${'x'.repeat(70_000)}`, code: 'URL_TOO_LONG' },
  ];
  it.each(refused)('refuses $name', ({ url, code }) => {
    const view = parsePageView({ url });
    expect(view.ok).toBe(false);
    if (!view.ok) expect(view.error.code).toBe(code);
  });

  it('keeps a 20 KB URL parseable but stores it cut', () => {
    const url = `https://northwind.example/blog?utm_source=google&pad=${'a'.repeat(20_000)}&utm_medium=cpc`;
    const view = parsePageView({ url });
    if (!view.ok) throw new Error(view.error.message);
    expect(view.value.url).toHaveLength(MAX_STORED_URL);
    expect(view.value.urlTruncated).toBe(true);
    expect(view.value.utm.medium).toBe('cpc');
  });

  it('handles unicode hosts, paths and values', () => {
    const view = parsePageView({
      url: 'https://münchen.example/preise/übersicht?utm_source=Zürich%20Ü',
      title: '\u200bPreise',
    });
    if (!view.ok) throw new Error(view.error.message);
    expect(view.value.host).toBe('xn--mnchen-3ya.example');
    expect(view.value.path).toBe('/preise/übersicht');
    expect(view.value.utm.source).toBe('Zürich Ü');
    expect(view.value.title).toBe('Preise');
  });

  const referrers: {
    name: string;
    referrer: string | null;
    host: string | null;
    domain: string | null;
    internal: boolean;
  }[] = [
    { name: 'none', referrer: null, host: null, domain: null, internal: false },
    {
      name: 'same site',
      referrer: 'https://www.northwind.example/pricing',
      host: 'www.northwind.example',
      domain: null,
      internal: true,
    },
    {
      name: 'sibling subdomain',
      referrer: 'https://blog.northwind.com/x',
      host: 'blog.northwind.com',
      domain: 'northwind.com',
      internal: true,
    },
    {
      name: 'Google UK',
      referrer: 'https://www.google.co.uk/',
      host: 'www.google.co.uk',
      domain: 'google.co.uk',
      internal: false,
    },
    {
      name: 'Gmail app',
      referrer: 'android-app://com.google.android.gm/',
      host: 'com.google.android.gm',
      domain: null,
      internal: false,
    },
    { name: 'garbage', referrer: 'not a url', host: null, domain: null, internal: false },
    { name: 'javascript', referrer: 'javascript:alert(1)', host: null, domain: null, internal: false },
    {
      name: 'internal host list',
      referrer: 'https://go.northwind-mail.com/x',
      host: 'go.northwind-mail.com',
      domain: 'northwind-mail.com',
      internal: true,
    },
  ];
  it.each(referrers)('referrer: $name', ({ referrer, host, domain, internal }) => {
    const url = referrer?.includes('northwind.com')
      ? 'https://www.northwind.com/'
      : 'https://northwind.example/';
    const view = parsePageView({ url, referrer, internalHosts: ['northwind-mail.com'] });
    if (!view.ok) throw new Error(view.error.message);
    expect([view.value.referrerHost, view.value.referrerDomain, view.value.referrerIsInternal]).toEqual([
      host,
      domain,
      internal,
    ]);
  });
});
