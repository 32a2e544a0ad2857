import { z } from 'zod';

/**
 * The playbook's `campaigns:` (naming convention and registry) and `pages:` sections. Checking
 * a campaign name against the convention is the campaigns engine's job (`campaigns/`); here only
 * the shape, and in check-tracking.ts the references (owner, channel, type, dates).
 */
const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'use lowercase letters, digits, "-" and "_" (e.g. "demo-request")');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-11-01');

export const CAMPAIGN_STATUSES = ['planned', 'active', 'paused', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const NamingPart = z.strictObject({
  values: z.array(z.string().min(1)).min(1).optional().describe('the allowed values of this part'),
  pattern: z.string().optional().describe('a regular expression the part must match'),
  description: z.string().optional(),
});

export const CampaignNaming = z.strictObject({
  pattern: z
    .string()
    .min(1)
    .describe('named parts in braces, e.g. {yyyy}-{mm}_{type}_{region}_{slug}; yyyy, mm, dd and q are dates'),
  parts: z.record(z.string(), NamingPart).default({}),
});
export type CampaignNaming = z.infer<typeof CampaignNaming>;

export const PlaybookCampaign = z.strictObject({
  name: z.string().min(1).max(200).describe('follows the naming convention'),
  channel: Id.describe('a channel of the taxonomy (paid_social, events, …)'),
  type: z
    .string()
    .min(1)
    .optional()
    .describe('e.g. webinar, paid_social, ebook; one of the naming type values'),
  owner: Id.optional().describe('the rep id of the person accountable'),
  start: IsoDate.optional(),
  end: IsoDate.optional(),
  budget: z.number().min(0).optional().describe('planned spend, in `currency`'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD or EUR')
    .optional()
    .describe('of the budget; defaults to the workspace currency'),
  status: z.enum(CAMPAIGN_STATUSES).default('planned'),
  utm_campaign: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('the utm_campaign its links carry, when it is not the name itself'),
  description: z.string().optional(),
});
export type PlaybookCampaign = z.infer<typeof PlaybookCampaign>;

export const Campaigns = z.strictObject({
  naming: CampaignNaming.optional(),
  registry: z.array(PlaybookCampaign).default([]),
});
export type Campaigns = z.infer<typeof Campaigns>;

export const Page = z.strictObject({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and "-"; served at /p/{slug}'),
  title: z.string().min(1).max(200).describe('the browser tab title'),
  headline: z.string().max(300).optional(),
  body: z.string().max(20_000).optional().describe('plain text; blank lines separate paragraphs'),
  form: Id.optional().describe('the id of a form embedded under the body'),
});
export type Page = z.infer<typeof Page>;
