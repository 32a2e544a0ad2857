import { type AppError, err, ok, type Result } from '../result.ts';
import { type AttributeOptions, attribute } from './attribute.ts';
import { buildPathSet, type Journey, type PathSet } from './path-set.ts';

// Drill-down: which conversions stand behind one channel's credit. Every model but Markov hands
// out each path's own conversions and value (its shares sum to 1), so a journey's credit is the
// model run on that journey alone, and the credits of all journeys add up to the report's. Markov
// credit comes from removing a channel from the whole chain: no single journey owns any of it.

/**
 * The path set of database journeys: they always carry milestones, even when none of these touches
 * created anything (then w-shaped and full-path give the first touch its role, as for any such path
 * in a larger set, instead of refusing the set as a path file without milestones).
 */
export function buildJourneyPathSet(journeys: readonly Journey[]): PathSet {
  const paths = buildPathSet(journeys);
  return paths.milestones ? paths : { ...paths, milestones: new Uint8Array(paths.steps.length) };
}

export interface JourneyCredit {
  /** position in the journeys given */
  journey: number;
  conversions: number;
  value: number;
}

/** The credit `channel` takes from each converting journey it touches (journeys giving none are left out). */
export function creditByJourney(
  journeys: readonly Journey[],
  channel: string,
  options: AttributeOptions,
): Result<JourneyCredit[], AppError> {
  if (options.model === 'markov') {
    return err({
      code: 'NO_JOURNEY_CREDIT',
      message:
        'the markov model has no credit per journey: a channel earns its removal effect from the whole set of journeys. Drill down under a rule-based model (e.g. w-shaped or linear) instead.',
    });
  }
  const credits: JourneyCredit[] = [];
  for (let j = 0; j < journeys.length; j++) {
    const journey = journeys[j]!;
    if (!(journey.conversions > 0) || !journey.touches.some((t) => t.channel === channel)) continue;
    const result = attribute(buildJourneyPathSet([journey]), options);
    if (!result.ok) return result;
    const c = result.value.channels.indexOf(channel);
    const conversions = result.value.conversions[c]!;
    const value = result.value.value[c]!;
    if (conversions === 0 && value === 0) continue;
    credits.push({ journey: j, conversions, value });
  }
  return ok(credits);
}
