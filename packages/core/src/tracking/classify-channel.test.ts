import { describe, expect, it } from 'vitest';
import { type ChannelTouch, classifyChannel, compileChannelRules } from './classify-channel.ts';

const defaults = compileChannelRules(undefined);

describe('classifyChannel with the built-in rules', () => {
  const cases: { name: string; touch: ChannelTouch; channel: string; rule?: string }[] = [
    { name: 'nothing at all', touch: {}, channel: 'direct', rule: 'direct' },
    {
      name: 'internal referrer only',
      touch: {
        referrerDomain: 'northwind.example',
        referrerHost: 'www.northwind.example',
        landingHost: 'northwind.example',
      },
      channel: 'direct',
    },
    {
      name: 'LinkedIn paid social',
      touch: { source: 'linkedin', medium: 'paid_social' },
      channel: 'paid_social',
      rule: 'paid-social-medium',
    },
    {
      name: 'LinkedIn cpc',
      touch: { source: 'linkedin', medium: 'cpc' },
      channel: 'paid_social',
      rule: 'paid-social',
    },
    {
      name: 'Google cpc',
      touch: { source: 'google', medium: 'cpc' },
      channel: 'paid_search',
      rule: 'paid-search',
    },
    { name: 'Bing ppc', touch: { source: 'bing', medium: 'ppc' }, channel: 'paid_search' },
    {
      name: 'cpc from an unknown source',
      touch: { source: 'capterra', medium: 'cpc' },
      channel: 'paid_search',
      rule: 'paid-search-medium',
    },
    {
      name: 'gclid only',
      touch: { clickIds: ['gclid'] },
      channel: 'paid_search',
      rule: 'paid-search-click-id',
    },
    {
      name: 'msclkid with a Bing referrer',
      touch: { clickIds: { msclkid: 'x' }, referrerDomain: 'bing.com' },
      channel: 'paid_search',
    },
    { name: 'li_fat_id only', touch: { clickIds: ['li_fat_id'] }, channel: 'paid_social' },
    { name: 'fbclid only', touch: { clickIds: ['fbclid'] }, channel: 'organic_social' },
    { name: 'dclid', touch: { clickIds: ['dclid'] }, channel: 'display' },
    {
      name: 'utm beats click id',
      touch: { source: 'newsletter', medium: 'email', clickIds: ['gclid'] },
      channel: 'email',
    },
    {
      name: 'email medium',
      touch: { source: 'newsletter', medium: 'email' },
      channel: 'email',
      rule: 'email-medium',
    },
    { name: 'Mailchimp click id', touch: { clickIds: ['mc_cid'] }, channel: 'email' },
    {
      name: 'Gmail referrer is email, not Google search',
      touch: { referrerHost: 'mail.google.com', referrerDomain: 'google.com' },
      channel: 'email',
      rule: 'webmail-referrer',
    },
    { name: 'Gmail app referrer', touch: { referrerHost: 'com.google.android.gm' }, channel: 'email' },
    { name: 'email click touch', touch: { type: 'email_click' }, channel: 'email', rule: 'email-touch' },
    { name: 'webinar attended', touch: { type: 'webinar_attended' }, channel: 'events' },
    { name: 'webinar medium', touch: { source: 'zoom', medium: 'webinar' }, channel: 'events' },
    { name: 'partner', touch: { source: 'acme_partners', medium: 'partner' }, channel: 'partner' },
    {
      name: 'syndication',
      touch: { source: 'techtarget', medium: 'content_syndication' },
      channel: 'content_syndication',
    },
    { name: 'affiliate', touch: { source: 'impact', medium: 'affiliate' }, channel: 'affiliate' },
    { name: 'display', touch: { source: 'dv360', medium: 'display' }, channel: 'display' },
    { name: 'cpm is display', touch: { source: 'stackadapt', medium: 'cpm' }, channel: 'display' },
    { name: 'sms', touch: { source: 'twilio', medium: 'sms' }, channel: 'sms' },
    {
      name: 'YouTube ads',
      touch: { source: 'youtube', medium: 'cpv' },
      channel: 'video',
      rule: 'paid-video',
    },
    {
      name: 'YouTube referrer',
      touch: { referrerHost: 'www.youtube.com', referrerDomain: 'youtube.com' },
      channel: 'video',
    },
    {
      name: 'Google search referrer (country domain)',
      touch: { referrerHost: 'www.google.co.uk', referrerDomain: 'google.co.uk' },
      channel: 'organic_search',
      rule: 'organic-search-referrer',
    },
    {
      name: 'DuckDuckGo referrer',
      touch: { referrerHost: 'duckduckgo.com', referrerDomain: 'duckduckgo.com' },
      channel: 'organic_search',
    },
    { name: 'organic medium', touch: { source: 'google', medium: 'organic' }, channel: 'organic_search' },
    {
      name: 'LinkedIn referrer',
      touch: { referrerHost: 'www.linkedin.com', referrerDomain: 'linkedin.com' },
      channel: 'organic_social',
    },
    {
      name: 'lnkd.in referrer',
      touch: { referrerHost: 'lnkd.in', referrerDomain: 'lnkd.in' },
      channel: 'organic_social',
    },
    {
      name: 't.co referrer',
      touch: { referrerHost: 't.co', referrerDomain: 't.co' },
      channel: 'organic_social',
    },
    { name: 'social source, no medium', touch: { source: 'linkedin' }, channel: 'organic_social' },
    { name: 'social medium', touch: { source: 'company_page', medium: 'social' }, channel: 'organic_social' },
    { name: 'G2 referral', touch: { source: 'g2', medium: 'referral' }, channel: 'referral' },
    {
      name: 'bare referrer',
      touch: { referrerHost: 'blog.example.org', referrerDomain: 'example.org' },
      channel: 'referral',
      rule: 'referral',
    },
    { name: 'unknown UTMs', touch: { source: 'foo', medium: 'bar' }, channel: 'unassigned' },
    {
      name: 'unknown UTMs with a referrer',
      touch: { source: 'foo', medium: 'bar', referrerDomain: 'example.org' },
      channel: 'unassigned',
    },
    { name: 'campaign only', touch: { campaign: 'spring' }, channel: 'unassigned' },
  ];
  it.each(cases)('$name → $channel', ({ touch, channel, rule }) => {
    const decision = classifyChannel(touch, defaults);
    expect(decision.channel).toBe(channel);
    if (rule) expect(decision.ruleId).toBe(rule);
    expect(decision.reason.length).toBeGreaterThan(10);
  });

  it('explains a match', () => {
    expect(classifyChannel({ source: 'linkedin', medium: 'cpc' }, defaults).reason).toBe(
      'rule "paid-social": source "linkedin" is a social network (linkedin), medium "cpc" matches ^(.*cp.*|ppc|retargeting|paid.*)$',
    );
    expect(
      classifyChannel({ referrerHost: 'mail.google.com', referrerDomain: 'google.com' }, defaults).reason,
    ).toBe('rule "webmail-referrer": referrer mail.google.com is webmail (gmail)');
  });

  it('says what an unassigned touch carried', () => {
    const decision = classifyChannel(
      { source: 'foo', medium: 'bar', clickIds: ['gbraid', 'not_a_click_id'] },
      defaults,
    );
    expect(decision).toEqual({
      channel: 'paid_search',
      ruleId: 'paid-search-click-id',
      reason: 'rule "paid-search-click-id": click id gbraid',
    });
    expect(classifyChannel({ source: 'foo', medium: 'bar' }, defaults)).toEqual({
      channel: 'unassigned',
      ruleId: null,
      reason: 'no channel rule matched (source "foo", medium "bar", referrer none)',
    });
  });
});

describe('classifyChannel with playbook rules', () => {
  const rules = compileChannelRules({
    custom_channels: ['review_sites'],
    append_default_rules: true,
    rules: [
      { id: 'review-sites', channel: 'review_sites', when: { referrer_domain: ['g2.com', 'capterra.com'] } },
      {
        id: 'review-utm',
        channel: 'review_sites',
        when: { source: ['G2', 'Capterra'], medium: ['Referral'] },
      },
      { id: 'abm', channel: 'display', when: { campaign_matches: '_abm_' } },
    ],
  });
  it('tries its own rules first, then the built-in ones', () => {
    expect(classifyChannel({ referrerHost: 'www.g2.com', referrerDomain: 'g2.com' }, rules).channel).toBe(
      'review_sites',
    );
    expect(classifyChannel({ source: 'g2', medium: 'referral' }, rules).ruleId).toBe('review-utm');
    expect(
      classifyChannel({ campaign: '2026-11_display_abm_na', source: 'x', medium: 'y' }, rules).ruleId,
    ).toBe('abm');
    expect(classifyChannel({ source: 'google', medium: 'cpc' }, rules).channel).toBe('paid_search');
  });
  it('uses only its own rules unless asked', () => {
    const own = compileChannelRules({
      custom_channels: [],
      append_default_rules: false,
      rules: [{ id: 'li', channel: 'paid_social', when: { source: ['linkedin'] } }],
    });
    expect(classifyChannel({ source: 'google', medium: 'cpc' }, own).channel).toBe('unassigned');
  });
});
