// Multi-touch attribution: every model over one typed-array path layout. See docs/attribution.md.

export {
  ATTRIBUTION_CONVERSIONS,
  ATTRIBUTION_DIMENSIONS,
  ATTRIBUTION_LEVELS,
  type AttributionConversion,
  type AttributionDimension,
  type AttributionLevel,
  type AttributionSettings,
  attributionSettings,
  PlaybookAttribution,
} from '../playbook/attribution.schema.ts';
export {
  ATTRIBUTION_MODELS,
  type AttributeOptions,
  type Attribution,
  type AttributionModel,
  attribute,
  isAttributionModel,
} from './attribute.ts';
export {
  attributeEnd,
  attributeLinear,
  attributePosition,
  attributeShapley,
  type Credit,
} from './attribute-rules.ts';
export {
  attributeMilestones,
  attributeTimeDecay,
  DEFAULT_HALF_LIFE_MS,
  type MilestoneModel,
} from './attribute-weighted.ts';
export { buildJourneyPathSet, creditByJourney, type JourneyCredit } from './journey-credit.ts';
export {
  type BuildJourneysOptions,
  type BuiltJourneys,
  buildJourneys,
  type ConversionKind,
  type ConversionRow,
  convertedAt,
  type JourneyExclusions,
  type JourneyIndexEntry,
  type TouchRow,
} from './journeys.ts';
export { attributeMarkov, type MarkovOptions, type MarkovResult } from './markov.ts';
export {
  buildPathSet,
  type Journey,
  type JourneyTouch,
  MILESTONE,
  type PathSet,
  pathTotals,
} from './path-set.ts';
export {
  DIRECT_MAX_STATES,
  type SolveMethod,
  solveAbsorbing,
  type TransientChain,
} from './solve-absorbing.ts';
