import { z } from 'zod';
import type { ReferrerListName } from './channels.ts';

/**
 * The playbook's `tracking:`, `utm:` and `channels:` sections. Each is optional; what a playbook
 * leaves out gets its defaults when the playbook is compiled (`compileTracking`), so adding these
 * sections changed nothing for playbooks written before them — not even their stored JSON.
 */
const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'use lowercase letters, digits, "-" and "_" (e.g. "paid_social")');

export const ORIGINAL_SOURCE_RULES = ['first_touch', 'first_non_direct'] as const;

export const Tracking = z.strictObject({
  respect_do_not_track: z
    .boolean()
    .default(true)
    .describe('browsers that send Do-Not-Track / Global Privacy Control are not tracked'),
  require_consent: z
    .boolean()
    .default(false)
    .describe('track only once the consent cookie says yes (for EU sites behind a consent banner)'),
  consent_cookie: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a cookie name: letters, digits, "_", "-" and "."')
    .default('mops_consent')
    .describe('the cookie your consent banner sets: "1" = granted, "0" = refused'),
  cookie_days: z.number().int().min(1).max(3650).default(365).describe('lifetime of the visitor id cookie'),
  session_minutes: z
    .number()
    .int()
    .min(1)
    .max(1440)
    .default(30)
    .describe('a visit ends after this much inactivity; the next page view starts a new session'),
  allowed_origins: z
    .array(z.string().min(1))
    .default([])
    .describe('sites allowed to send events, e.g. www.northwind.example or *.northwind.example; empty = any'),
  original_source: z
    .enum(ORIGINAL_SOURCE_RULES)
    .default('first_touch')
    .describe(
      "first_touch: a person's original source is their first touch, direct or not; " +
        'first_non_direct: their first touch that is not direct, when there is one',
    ),
});
export type Tracking = z.infer<typeof Tracking>;

export const TRACKING_DEFAULTS: Tracking = {
  respect_do_not_track: true,
  require_consent: false,
  consent_cookie: 'mops_consent',
  cookie_days: 365,
  session_minutes: 30,
  allowed_origins: [],
  original_source: 'first_touch',
};

export const UTM_PARAMETERS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
export type UtmParameter = (typeof UTM_PARAMETERS)[number];

export const UtmParameterPolicy = z.strictObject({
  canonical: z
    .array(z.string().min(1).max(200))
    .default([])
    .describe('the allowed values, already normalised (lower case, "_" between words); empty = not governed'),
  aliases: z
    .record(z.string(), z.array(z.string().min(1).max(2000)))
    .default({})
    .describe(
      'canonical value → spellings that mean it, e.g. { linkedin: [LinkedIn, linkedin.com, li, lnkd.in] }',
    ),
});
export type UtmParameterPolicy = z.infer<typeof UtmParameterPolicy>;

export const Utm = z.strictObject({
  parameters: z
    .strictObject({
      source: UtmParameterPolicy.optional(),
      medium: UtmParameterPolicy.optional(),
      campaign: UtmParameterPolicy.optional(),
      term: UtmParameterPolicy.optional(),
      content: UtmParameterPolicy.optional(),
    })
    .default({}),
});
export type Utm = z.infer<typeof Utm>;

const REFERRER_LIST_ENUM = ['search_engines', 'social_networks', 'video_sites', 'webmail'] as const;
// The schema's list names and the data's must agree; this fails to compile when they do not.
const _sameLists: [ReferrerListName] extends [(typeof REFERRER_LIST_ENUM)[number]]
  ? [(typeof REFERRER_LIST_ENUM)[number]] extends [ReferrerListName]
    ? true
    : never
  : never = true;
void _sameLists;

const Values = z.array(z.string().min(1).max(200)).min(1);
const ListNames = z.array(z.enum(REFERRER_LIST_ENUM)).min(1);

export const ChannelCondition = z
  .strictObject({
    source: Values.optional().describe('utm_source (normalised) is one of these'),
    source_list: ListNames.optional().describe('utm_source names a site in a built-in list'),
    medium: Values.optional().describe('utm_medium (normalised) is one of these'),
    medium_matches: z.string().optional().describe('utm_medium matches this regular expression'),
    campaign_matches: z.string().optional().describe('utm_campaign matches this regular expression'),
    referrer_domain: Values.optional().describe(
      'the referrer is one of these domains or a subdomain of one (internal referrers never match)',
    ),
    referrer_list: ListNames.optional().describe('the referrer is a site in a built-in list'),
    click_id: Values.optional().describe(
      'any of these click ids is on the landing URL (gclid, li_fat_id, …)',
    ),
    has_utm: z
      .boolean()
      .optional()
      .describe('utm_source, utm_medium or utm_campaign is present (true) or none is (false)'),
    has_referrer: z.boolean().optional().describe('an external referrer is present (true) or not (false)'),
    has_click_id: z.boolean().optional().describe('any known click id is present (true) or none is (false)'),
    type: Values.optional().describe(
      'the touch type is one of these (page_view, email_click, webinar_attended, …)',
    ),
  })
  .refine((when) => Object.values(when).some((v) => v !== undefined), {
    message: 'a channel rule needs at least one condition',
  });
export type ChannelCondition = z.infer<typeof ChannelCondition>;

export const ChannelRule = z.strictObject({
  id: Id,
  description: z.string().optional(),
  channel: Id,
  when: ChannelCondition.describe('every condition given must hold'),
});
export type ChannelRule = z.infer<typeof ChannelRule>;
export type ChannelRuleInput = z.input<typeof ChannelRule>;

export const Channels = z.strictObject({
  custom_channels: z.array(Id).default([]).describe('channels of your own beside the built-in ones'),
  rules: z
    .array(ChannelRule)
    .min(1)
    .optional()
    .describe('tried in order, first match wins; omitted = the built-in rules (docs/tracking.md)'),
  append_default_rules: z
    .boolean()
    .default(false)
    .describe('after your rules, try the built-in rules before giving up with "unassigned"'),
});
export type Channels = z.infer<typeof Channels>;
