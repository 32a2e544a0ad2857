import { z } from 'zod';
import { Condition, EventCondition } from '../conditions/condition.schema.ts';
import { Enrichment } from '../enrichment/enrichment.schema.ts';
import { Channels, Tracking, Utm } from '../tracking/tracking.schema.ts';
import { PlaybookAttribution } from './attribution.schema.ts';
import { Campaigns, Page } from './campaigns.schema.ts';

/**
 * The playbook: one YAML file where marketing and sales agree on definitions. This schema is the
 * single source of truth; `playbook.schema.json` is generated from it for editor autocompletion.
 * Objects are strict: a misspelt key is an error, never silently ignored.
 */
const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'use lowercase letters, digits, "-" and "_" (e.g. "hand-raiser")');
const Duration = z.string().describe('a duration such as 30d, 4h, 90m');
const Points = z.number().int().min(-1000).max(1000);

export const Workspace = z.strictObject({
  name: z.string().min(1),
  timezone: z.string().describe('IANA time zone, e.g. America/New_York'),
  currency: z.string().length(3).default('USD'),
});

export const CustomField = z.strictObject({
  id: Id,
  label: z.string().optional(),
  type: z.enum(['string', 'number', 'boolean']).default('string'),
  max_length: z.number().int().min(1).max(10_000).optional(),
});

export const Stage = z.strictObject({
  id: Id,
  type: z
    .enum(['inventory', 'gate', 'sla'])
    .describe('inventory: people wait here; gate: a qualification point; sla: work owed'),
  label: z.string().optional(),
  description: z.string().optional(),
});

export const SidePath = z.strictObject({
  id: Id,
  label: z.string().optional(),
  from: z.array(Id).min(1).describe('stages from which a person may move onto this side path'),
  returns_to: Id.optional().describe('main stage a person re-enters when a rule promotes them again'),
});

export const LifecycleRule = z.strictObject({
  id: Id,
  description: z.string().optional(),
  when: Condition,
  to: Id,
  allow_backward: z
    .boolean()
    .default(false)
    .describe('permit moving to an earlier stage (needs reason_code)'),
  reason_code: z.string().optional(),
});

export const Lifecycle = z.strictObject({
  initial_stage: Id.optional().describe('stage of a newly created person; defaults to the first stage'),
  stages: z.array(Stage).min(2),
  side_paths: z.array(SidePath).default([]),
  rules: z.array(LifecycleRule).default([]),
});

export const FitRule = z.strictObject({
  id: Id,
  description: z.string().optional(),
  when: Condition,
  points: Points,
});

export const EngagementRule = z.strictObject({
  id: Id,
  description: z.string().optional(),
  when: EventCondition,
  points: Points,
  max_per_day: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('at most this many scoring events per day (workspace time zone)'),
  max_total: z
    .number()
    .positive()
    .optional()
    .describe('this rule never adds more than this many points in total'),
});

const ScoreBounds = {
  cap: z.number().positive().optional().describe('the score never goes above this'),
  floor: z.number().default(0).describe('the score never goes below this'),
};

export const Scoring = z.strictObject({
  fit: z.strictObject({ ...ScoreBounds, rules: z.array(FitRule).default([]) }),
  engagement: z.strictObject({
    ...ScoreBounds,
    decay: z.strictObject({ half_life: Duration }).optional(),
    rules: z.array(EngagementRule).default([]),
  }),
  grade: z
    .strictObject({
      fit: z
        .record(z.string(), z.number())
        .describe('letter → minimum fit score, e.g. { A: 70, B: 40, C: 20, D: 0 }'),
      engagement: z
        .record(z.string(), z.number())
        .describe('digit → minimum engagement score, e.g. { 1: 60, 2: 30 }'),
    })
    .optional(),
});

export const PoolMember = z.strictObject({
  rep: Id,
  weight: z.number().int().min(1).max(100).default(1),
  daily_cap: z.number().int().min(0).optional(),
});

export const Pool = z.strictObject({
  description: z.string().optional(),
  strategy: z.enum(['round_robin', 'lowest_count']),
  members: z.array(PoolMember).min(1),
  daily_cap: z.number().int().min(0).optional().describe('per member, per day in the rep’s time zone'),
  respect_working_hours: z.boolean().default(true),
});

export const RoutingRule = z
  .strictObject({
    id: Id,
    description: z.string().optional(),
    when: Condition.optional(),
    assign: z.enum(['existing_owner', 'account_owner']).optional(),
    pool: Id.optional(),
    overflow: z.array(Id).default([]).describe('pools tried in order when nobody in `pool` is available'),
    claim_account: z
      .boolean()
      .default(false)
      .describe('make the assigned rep the owner of an unowned account'),
  })
  .refine((rule) => (rule.assign === undefined) !== (rule.pool === undefined), {
    message: 'a routing rule needs exactly one of `assign` (existing_owner, account_owner) or `pool`',
  });

export const Routing = z.strictObject({
  at_stage: Id.default('mql'),
  rules: z.array(RoutingRule).min(1),
  fallback: z.strictObject({
    queue: Id,
    alert: z.string().optional().describe('who is alerted when a lead lands in the fallback queue'),
  }),
  pools: z.record(Id, Pool),
  sla: z
    .strictObject({
      first_touch: Duration.default('1h').describe(
        'how soon after assignment the owner must first touch a routed lead (a sales_touch event)',
      ),
      clock: z
        .enum(['business', 'calendar'])
        .default('business')
        .describe("business: only the owner's working hours count; calendar: every hour counts"),
    })
    .default({ first_touch: '1h', clock: 'business' })
    .describe('the speed-to-lead promise sales makes marketing, measured by `mops report speed-to-lead`'),
});

export const Rep = z.strictObject({
  id: Id,
  name: z.string().min(1),
  email: z.string().email(),
  timezone: z.string(),
  hours: z.string().describe('e.g. "Mon-Fri 08:00-17:00", "always"'),
  out_of_office: z.array(z.string()).default([]).describe('dates or ranges, e.g. 2026-12-24..2027-01-02'),
  active: z.boolean().default(true),
  title: z.string().optional(),
});

export const NamedAccount = z.strictObject({
  domain: z.string().min(3),
  name: z.string().optional(),
  employees: z.number().int().min(0).optional(),
  industry: z.string().optional(),
  country: z.string().optional(),
  owner: Id.optional(),
});

export const SURVIVORSHIP_RULES = [
  'most_recent',
  'most_complete',
  'source_priority',
  'never_overwrite',
] as const;
export const SurvivorshipRule = z
  .enum(SURVIVORSHIP_RULES)
  .describe(
    'most_recent: the more recently updated record wins; most_complete: the longer value wins; ' +
      'source_priority: the record from the higher source in source_priority wins; never_overwrite: the survivor keeps its value',
  );
export const PERSON_SOURCES = ['crm', 'form', 'api', 'enrichment', 'import'] as const;

export const Dedupe = z.strictObject({
  auto_merge_above: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.95)
    .describe('match probability above which a new duplicate is merged without asking'),
  review_above: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.8)
    .describe('match probability above which a pair goes to the review queue'),
  survivorship: z
    .record(z.string(), SurvivorshipRule)
    .default({ default: 'most_recent', email: 'never_overwrite' })
    .describe('per field (or "default") which value survives a merge'),
  source_priority: z
    .array(z.enum(PERSON_SOURCES))
    .default(['crm', 'form', 'api', 'enrichment', 'import'])
    .describe('most trusted source first, for source_priority fields'),
});

const DEDUPE_DEFAULTS: z.infer<typeof Dedupe> = {
  auto_merge_above: 0.95,
  review_above: 0.8,
  survivorship: { default: 'most_recent', email: 'never_overwrite' },
  source_priority: ['crm', 'form', 'api', 'enrichment', 'import'],
};

export const Hygiene = z.strictObject({
  free_mail: z
    .strictObject({ reject_on: z.array(z.enum(['b2b_forms', 'all_forms'])).default(['b2b_forms']) })
    .default({
      reject_on: ['b2b_forms'],
    }),
  disposable: z.enum(['reject', 'allow']).default('reject'),
  dedupe: Dedupe.default(DEDUPE_DEFAULTS).describe('fuzzy duplicate detection and merging'),
});

export const FormField = z.union([
  z
    .string()
    .regex(
      /^[a-z][a-z0-9_]*!?$/,
      'write a field name, with "!" at the end when it is required (e.g. "email!")',
    ),
  z.strictObject({
    name: z.string(),
    required: z.boolean().default(false),
    label: z.string().optional(),
    max_length: z.number().int().min(1).max(10_000).optional(),
  }),
]);

export const Form = z.strictObject({
  title: z.string().optional(),
  b2b: z.boolean().default(false).describe('business forms reject free-mail addresses'),
  fields: z.array(FormField).min(1),
  honeypot: z.string().default('website_url').describe('a hidden field only bots fill in'),
  rate_limit: z
    .strictObject({ per_ip_per_minute: z.number().int().min(1).max(100_000) })
    .default({ per_ip_per_minute: 20 }),
});

export const Playbook = z.strictObject({
  workspace: Workspace,
  fields: z.array(CustomField).default([]),
  lifecycle: Lifecycle,
  scoring: Scoring,
  routing: Routing,
  reps: z.array(Rep).min(1),
  accounts: z.array(NamedAccount).default([]),
  hygiene: Hygiene.default({
    free_mail: { reject_on: ['b2b_forms'] },
    disposable: 'reject',
    dedupe: DEDUPE_DEFAULTS,
  }),
  forms: z.record(Id, Form),
  enrichment: Enrichment.optional().describe(
    'company data from firmographic files and HTTP providers, and what it may change',
  ),
  tracking: Tracking.optional().describe(
    'the tracking script and pixel: Do-Not-Track, consent, cookie and session lengths, allowed sites',
  ),
  utm: Utm.optional().describe('UTM governance: canonical values and aliases per parameter'),
  channels: Channels.optional().describe(
    'the channel taxonomy: rules mapping source, medium, referrer and click ids to a channel',
  ),
  campaigns: Campaigns.optional().describe('the campaign naming convention and registry'),
  attribution: PlaybookAttribution.optional().describe(
    'multi-touch attribution from stored touches and opportunities: level, lookback, conversion, model',
  ),
  pages: z.array(Page).optional().describe('landing pages served at /p/{slug}, each with an optional form'),
});

export type Playbook = z.infer<typeof Playbook>;
export type PlaybookInput = z.input<typeof Playbook>;
export type Stage = z.infer<typeof Stage>;
export type LifecycleRule = z.infer<typeof LifecycleRule>;
export type FitRule = z.infer<typeof FitRule>;
export type EngagementRule = z.infer<typeof EngagementRule>;
export type RoutingRule = z.infer<typeof RoutingRule>;
export type Pool = z.infer<typeof Pool>;
export type Rep = z.infer<typeof Rep>;
export type NamedAccount = z.infer<typeof NamedAccount>;
export type Form = z.infer<typeof Form>;
export type Dedupe = z.infer<typeof Dedupe>;
export type SurvivorshipRule = z.infer<typeof SurvivorshipRule>;
