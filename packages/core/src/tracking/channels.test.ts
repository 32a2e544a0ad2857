import { describe, expect, it } from 'vitest';
import { CLICK_ID_NAMES, findSite, REFERRER_LIST_NAMES, REFERRER_LISTS } from './channels.ts';
import { DEFAULT_CHANNEL_RULES } from './default-channel-rules.ts';
import { normalizeUtmText } from './normalize-utm.ts';

describe('the built-in referrer lists', () => {
  it.each(REFERRER_LIST_NAMES)(
    '%s: names are normalised sources, hosts lower case, nothing listed twice',
    (name) => {
      const list = REFERRER_LISTS[name];
      const seen = new Set<string>();
      for (const site of list) {
        for (const source of [site.name, ...(site.aliases ?? [])]) {
          expect(normalizeUtmText('source', source)).toBe(source);
          expect(seen.has(`name:${source}`), source).toBe(false);
          seen.add(`name:${source}`);
        }
        for (const host of site.domains ?? []) {
          expect(host).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
          expect(seen.has(`host:${host}`), host).toBe(false);
          seen.add(`host:${host}`);
        }
      }
    },
  );

  it('keeps webmail hosts apart from the search engine of the same company', () => {
    expect(findSite(REFERRER_LISTS.webmail, { host: 'mail.google.com', domain: 'google.com' })?.name).toBe(
      'gmail',
    );
    expect(findSite(REFERRER_LISTS.webmail, { host: 'www.google.com', domain: 'google.com' })).toBeNull();
    expect(
      findSite(REFERRER_LISTS.search_engines, { host: 'www.google.com.au', domain: 'google.com.au' })?.name,
    ).toBe('google');
    expect(
      findSite(REFERRER_LISTS.search_engines, { host: 'notgoogle.com', domain: 'notgoogle.com' }),
    ).toBeNull();
    expect(
      findSite(REFERRER_LISTS.social_networks, { host: 'evil-linkedin.com', domain: 'evil-linkedin.com' }),
    ).toBeNull();
    expect(
      findSite(REFERRER_LISTS.social_networks, { host: 'linkedin.com.evil.example', domain: null }),
    ).toBeNull();
  });

  it('finds a site by the source a link names', () => {
    expect(findSite(REFERRER_LISTS.social_networks, { source: 'li' })?.name).toBe('linkedin');
    expect(findSite(REFERRER_LISTS.social_networks, { source: 'www.linkedin.com' })?.name).toBe('linkedin');
    expect(findSite(REFERRER_LISTS.search_engines, { source: 'google.de' })?.name).toBe('google');
    expect(findSite(REFERRER_LISTS.search_engines, { source: 'newsletter' })).toBeNull();
  });

  it('the built-in channel rules only use known click ids and unique ids', () => {
    const ids = DEFAULT_CHANNEL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of DEFAULT_CHANNEL_RULES) {
      for (const id of rule.when.click_id ?? []) expect(CLICK_ID_NAMES).toContain(id);
    }
  });
});
