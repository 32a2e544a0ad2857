import { z } from 'zod';
import { ATTRIBUTION_MODELS, type AttributionModel } from '../attribution/attribute.ts';
import { parseDuration } from '../time/duration.ts';

/**
 * The playbook's `attribution:` section: how journeys are built from the touches and
 * opportunities mops stores (the database mode of attribution, docs/attribution.md). Every key has
 * a default, so a playbook without the section still gets a B2B report: account journeys, 90 days
 * back from each won deal, w-shaped credit by channel.
 */
const Duration = z
  .string()
  .refine((text) => parseDuration(text).ok, 'a duration such as 90d, 12w or 36h')
  .describe('a duration such as 90d, 12w, 36h');

export const ATTRIBUTION_LEVELS = ['person', 'account'] as const;
export type AttributionLevel = (typeof ATTRIBUTION_LEVELS)[number];
export const ATTRIBUTION_CONVERSIONS = ['won', 'opportunity_created'] as const;
export type AttributionConversion = (typeof ATTRIBUTION_CONVERSIONS)[number];
export const ATTRIBUTION_DIMENSIONS = ['channel', 'campaign'] as const;
export type AttributionDimension = (typeof ATTRIBUTION_DIMENSIONS)[number];

export const PlaybookAttribution = z.strictObject({
  level: z
    .enum(ATTRIBUTION_LEVELS)
    .default('account')
    .describe('whose touches make a journey: one person, or everyone at the account (the buying group)'),
  lookback: Duration.default('90d').describe(
    'how far before a conversion touches still count, e.g. 90d (default)',
  ),
  touch_types: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('event types that count as touches (page_view, form_submit, email_click, …); default: all'),
  conversion: z
    .enum(ATTRIBUTION_CONVERSIONS)
    .default('won')
    .describe('what converts: a won opportunity (at its close) or a created one; its value is the amount'),
  dimension: z
    .enum(ATTRIBUTION_DIMENSIONS)
    .default('channel')
    .describe('what credit goes to: the channel of each touch, or its campaign'),
  default_model: z
    .enum(ATTRIBUTION_MODELS)
    .default('w-shaped')
    .describe('the model a report uses when none is asked for'),
  half_life: Duration.default('7d').describe('the time-decay model: a touch this much older weighs half'),
  markov: z
    .strictObject({
      order: z
        .number()
        .int()
        .min(1)
        .max(4)
        .default(1)
        .describe('how many previous touches a state remembers'),
      nulls: z.boolean().default(true).describe('count journeys that did not convert'),
    })
    .default({ order: 1, nulls: true })
    .describe('the data-driven (Markov chain removal effect) model'),
});
export type PlaybookAttribution = z.infer<typeof PlaybookAttribution>;

/** The section compiled for the report: durations in milliseconds, every default applied. */
export interface AttributionSettings {
  level: AttributionLevel;
  lookbackMs: number;
  /** null = every event type that is a touch */
  touchTypes: string[] | null;
  conversion: AttributionConversion;
  dimension: AttributionDimension;
  defaultModel: AttributionModel;
  halfLifeMs: number;
  markov: { order: number; nulls: boolean };
}

/** The settings of a playbook (its `attribution:` section, or the defaults when it has none). */
export function attributionSettings(playbook: {
  attribution?: PlaybookAttribution | undefined;
}): AttributionSettings {
  const section = playbook.attribution ?? PlaybookAttribution.parse({});
  return {
    level: section.level,
    lookbackMs: durationMs(section.lookback),
    touchTypes: section.touch_types ?? null,
    conversion: section.conversion,
    dimension: section.dimension,
    defaultModel: section.default_model,
    halfLifeMs: durationMs(section.half_life),
    markov: { order: section.markov.order, nulls: section.markov.nulls },
  };
}

function durationMs(text: string): number {
  const parsed = parseDuration(text);
  // The schema refuses a bad duration, so reaching this is a bug (a playbook that skipped parsing).
  if (!parsed.ok) throw new Error(`attribution: ${parsed.error}`);
  return parsed.value;
}
