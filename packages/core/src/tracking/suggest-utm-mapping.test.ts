import { describe, expect, it } from 'vitest';
import { compileUtm } from './normalize-utm.ts';
import { suggestUtmMapping, type UtmSuggestionReason } from './suggest-utm-mapping.ts';
import type { UtmParameter } from './tracking.schema.ts';

const utm = compileUtm({
  parameters: {
    source: {
      canonical: ['linkedin', 'google', 'facebook', 'x', 'newsletter', 'g2'],
      aliases: { linkedin: ['li'], google: ['adwords'] },
    },
    medium: { canonical: ['cpc', 'paid_social', 'email', 'organic_social'], aliases: {} },
  },
});

describe('suggestUtmMapping', () => {
  const cases: { param: UtmParameter; value: string; to: string | null; reason?: UtmSuggestionReason }[] = [
    { param: 'source', value: 'linkedin', to: null },
    { param: 'source', value: 'LI', to: 'linkedin', reason: 'alias' },
    { param: 'source', value: 'lnkd.in', to: 'linkedin', reason: 'known_site' },
    { param: 'source', value: 'www.linkedin.com', to: 'linkedin', reason: 'known_site' },
    { param: 'source', value: 'm.facebook.com', to: 'facebook', reason: 'known_site' },
    { param: 'source', value: 'google.co.uk', to: 'google', reason: 'known_site' },
    { param: 'source', value: 'fb', to: 'facebook', reason: 'known_site' },
    { param: 'source', value: 't.co', to: 'x', reason: 'known_site' },
    { param: 'source', value: 'g2.com', to: 'g2', reason: 'known_site' },
    { param: 'medium', value: 'paidsocial', to: 'paid_social', reason: 'separators' },
    { param: 'medium', value: 'Organic.Social', to: 'organic_social', reason: 'separators' },
    { param: 'source', value: 'linkdin', to: 'linkedin', reason: 'similar' },
    { param: 'source', value: 'gogle', to: 'google', reason: 'similar' },
    { param: 'source', value: 'adword', to: 'google', reason: 'similar' },
    { param: 'source', value: 'newsletter_nov_2026', to: 'newsletter', reason: 'contains' },
    { param: 'medium', value: 'sponsored_email', to: 'email', reason: 'contains' },
    { param: 'source', value: 'capterra', to: null },
    { param: 'term', value: 'anything', to: null },
  ];
  it.each(cases)('$param "$value" → $to', ({ param, value, to, reason }) => {
    const suggestion = suggestUtmMapping(param, value, utm);
    expect(suggestion?.value ?? null).toBe(to);
    if (reason) expect(suggestion?.reason).toBe(reason);
    if (suggestion) expect(suggestion.message).toContain(`"${to}"`);
  });

  it('is deterministic: a tie goes to the value listed first', () => {
    const tie = compileUtm({ parameters: { medium: { canonical: ['abc', 'abd'], aliases: {} } } });
    expect(suggestUtmMapping('medium', 'abx', tie)?.value).toBe('abc');
  });
});
