import type { ChannelRuleInput } from './tracking.schema.ts';

/** Paid media, in the spirit of GA4's default channel grouping: cpc, cpm, ppc, retargeting, paid_*. */
export const PAID_MEDIUM = '^(.*cp.*|ppc|retargeting|paid.*)$';

/**
 * The channel rules used when a playbook has no `channels.rules` (and after its own rules with
 * `append_default_rules: true`). First match wins, so the order carries meaning:
 * touch types that are channels by nature (an email click, a webinar) come first; then direct
 * (nothing to go on); then mediums a marketer declares explicitly, which beat automatic signals;
 * then paid before organic (a paid medium or an ads-only click id); webmail before search
 * (mail.google.com is Gmail, not Google search); and a bare external referrer last.
 */
export const DEFAULT_CHANNEL_RULES: readonly ChannelRuleInput[] = [
  { id: 'email-touch', channel: 'email', when: { type: ['email_open', 'email_click'] } },
  {
    id: 'event-touch',
    channel: 'events',
    when: { type: ['webinar_attended', 'event_attended', 'event_registered'] },
  },
  { id: 'direct', channel: 'direct', when: { has_utm: false, has_click_id: false, has_referrer: false } },
  {
    id: 'email-medium',
    channel: 'email',
    when: { medium: ['email', 'e_mail', 'newsletter', 'edm', 'mail'] },
  },
  { id: 'email-source', channel: 'email', when: { source: ['email', 'e_mail', 'newsletter'] } },
  { id: 'sms', channel: 'sms', when: { medium: ['sms', 'mms', 'text_message'] } },
  { id: 'sms-source', channel: 'sms', when: { source: ['sms'] } },
  {
    id: 'events-medium',
    channel: 'events',
    when: {
      medium: [
        'event',
        'events',
        'webinar',
        'conference',
        'trade_show',
        'tradeshow',
        'field_event',
        'booth',
        'meetup',
      ],
    },
  },
  {
    id: 'partner-medium',
    channel: 'partner',
    when: { medium: ['partner', 'partners', 'co_marketing', 'reseller'] },
  },
  {
    id: 'content-syndication-medium',
    channel: 'content_syndication',
    when: { medium: ['content_syndication', 'syndication', 'syndicated'] },
  },
  { id: 'affiliate-medium', channel: 'affiliate', when: { medium: ['affiliate', 'affiliates'] } },
  {
    id: 'display-medium',
    channel: 'display',
    when: { medium: ['display', 'banner', 'cpm', 'programmatic', 'native', 'interstitial', 'expandable'] },
  },
  {
    id: 'paid-social-medium',
    channel: 'paid_social',
    when: { medium: ['paid_social', 'social_paid', 'social_ads'] },
  },
  {
    id: 'paid-social',
    channel: 'paid_social',
    when: { source_list: ['social_networks'], medium_matches: PAID_MEDIUM },
  },
  { id: 'paid-video', channel: 'video', when: { source_list: ['video_sites'], medium_matches: PAID_MEDIUM } },
  {
    id: 'paid-search',
    channel: 'paid_search',
    when: { source_list: ['search_engines'], medium_matches: PAID_MEDIUM },
  },
  {
    id: 'paid-search-medium',
    channel: 'paid_search',
    when: { medium: ['cpc', 'ppc', 'paid_search', 'sem'] },
  },
  {
    id: 'email-click-id',
    channel: 'email',
    when: { click_id: ['mc_cid', 'mc_eid', '_hsenc', '_hsmi', 'mkt_tok'] },
  },
  { id: 'display-click-id', channel: 'display', when: { click_id: ['dclid'] } },
  {
    id: 'paid-social-click-id',
    channel: 'paid_social',
    when: { click_id: ['li_fat_id', 'ttclid', 'twclid', 'epik', 'sccid', 'rdt_cid'] },
  },
  {
    id: 'paid-search-click-id',
    channel: 'paid_search',
    when: { click_id: ['gclid', 'gbraid', 'wbraid', 'msclkid', 'yclid'] },
  },
  { id: 'webmail-referrer', channel: 'email', when: { referrer_list: ['webmail'] } },
  { id: 'video-medium', channel: 'video', when: { medium_matches: 'video' } },
  { id: 'video-source', channel: 'video', when: { source_list: ['video_sites'] } },
  { id: 'video-referrer', channel: 'video', when: { referrer_list: ['video_sites'] } },
  {
    id: 'organic-social-medium',
    channel: 'organic_social',
    when: { medium: ['social', 'organic_social', 'social_media', 'social_network', 'sm'] },
  },
  { id: 'organic-social-source', channel: 'organic_social', when: { source_list: ['social_networks'] } },
  { id: 'organic-social-referrer', channel: 'organic_social', when: { referrer_list: ['social_networks'] } },
  { id: 'organic-social-click-id', channel: 'organic_social', when: { click_id: ['fbclid', 'igshid'] } },
  {
    id: 'organic-search-medium',
    channel: 'organic_search',
    when: { medium: ['organic', 'seo', 'organic_search'] },
  },
  { id: 'organic-search-source', channel: 'organic_search', when: { source_list: ['search_engines'] } },
  { id: 'organic-search-referrer', channel: 'organic_search', when: { referrer_list: ['search_engines'] } },
  { id: 'referral-medium', channel: 'referral', when: { medium: ['referral', 'link', 'app'] } },
  { id: 'referral', channel: 'referral', when: { has_utm: false, has_referrer: true } },
];
