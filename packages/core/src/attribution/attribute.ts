import { type AppError, err, ok, type Result } from '../result.ts';
import {
  attributeEnd,
  attributeLinear,
  attributePosition,
  attributeShapley,
  type Credit,
} from './attribute-rules.ts';
import { attributeMilestones, attributeTimeDecay, DEFAULT_HALF_LIFE_MS } from './attribute-weighted.ts';
import { attributeMarkov, type MarkovOptions } from './markov.ts';
import { type PathSet, pathTotals } from './path-set.ts';

// One entry point for every model: checks what all of them need (something converts), runs the
// model, and returns credit per channel with the totals it must add up to.

export const ATTRIBUTION_MODELS = [
  'first',
  'last',
  'linear',
  'position',
  'w-shaped',
  'full-path',
  'time-decay',
  'markov',
  'shapley',
] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export const isAttributionModel = (name: string): name is AttributionModel =>
  (ATTRIBUTION_MODELS as readonly string[]).includes(name);

export interface AttributeOptions extends MarkovOptions {
  model: AttributionModel;
  /** time-decay half-life in milliseconds (default 7 days) */
  halfLifeMs?: number;
}

export interface Attribution extends Credit {
  model: AttributionModel;
  channels: readonly string[];
  totals: { conversions: number; value: number; nulls: number };
  /** markov only */
  removalEffect?: Float64Array;
  valueRemovalEffect?: Float64Array;
  markov?: { order: number; nulls: boolean; states: number; conversionProbability: number; solver: string };
}

export function attribute(paths: PathSet, options: AttributeOptions): Result<Attribution, AppError> {
  const totals = pathTotals(paths);
  if (!(totals.conversions > 0)) {
    return err({
      code: 'NO_CONVERSIONS',
      message: 'no path has a conversion (total conversions is 0): there is nothing to attribute',
    });
  }
  const base = { model: options.model, channels: paths.channels, totals };
  if (options.model === 'markov') {
    const m = attributeMarkov(paths, options);
    if (!m.ok) return m;
    return ok({
      ...base,
      conversions: m.value.conversions,
      value: m.value.value,
      removalEffect: m.value.removalEffect,
      valueRemovalEffect: m.value.valueRemovalEffect,
      markov: {
        order: options.order ?? 1,
        nulls: options.nulls !== false,
        states: m.value.states,
        conversionProbability: m.value.conversionProbability,
        solver: m.value.solver,
      },
    });
  }
  const credit = runModel(paths, options.model, options.halfLifeMs);
  if (!credit.ok) return credit;
  return ok({ ...base, ...credit.value });
}

function runModel(
  paths: PathSet,
  model: Exclude<AttributionModel, 'markov'>,
  halfLifeMs: number | undefined,
): Result<Credit, AppError> {
  switch (model) {
    case 'first':
    case 'last':
      return ok(attributeEnd(paths, model));
    case 'linear':
      return ok(attributeLinear(paths));
    case 'position':
      return ok(attributePosition(paths));
    case 'shapley':
      return ok(attributeShapley(paths));
    case 'w-shaped':
    case 'full-path':
      return attributeMilestones(paths, model);
    case 'time-decay':
      return attributeTimeDecay(paths, halfLifeMs ?? DEFAULT_HALF_LIFE_MS);
  }
}
