import { type AppError, err, ok, type Result } from '../result.ts';
import { type Credit, emptyCredit } from './attribute-rules.ts';
import { MILESTONE, type PathSet } from './path-set.ts';

// The models that need more than the order of the touches: w-shaped and full-path need to know
// which touches created the lead, the opportunity and the won deal; time-decay needs when each
// touch happened. A path file carries neither, so these refuse a path set without them.

export type MilestoneModel = 'w-shaped' | 'full-path';

const ROLE_FLAGS: Record<MilestoneModel, readonly number[]> = {
  'w-shaped': [MILESTONE.LEAD_CREATED, MILESTONE.OPPORTUNITY_CREATED],
  'full-path': [MILESTONE.LEAD_CREATED, MILESTONE.OPPORTUNITY_CREATED, MILESTONE.CLOSED_WON],
};

/**
 * W-shaped (30/30/30 + 10) and full-path (22.5 × 4 + 10). The roles are the first touch and, per
 * flag, the first touch carrying it. Every role present gets an equal share of 90 % and the touches
 * holding no role split the other 10 % equally. Where roles coincide on one touch their shares add
 * up on it (first touch = lead creation: 60 % under w-shaped); a role missing from the path (no
 * opportunity yet) hands its share to the roles present; with no role-less touch, the roles share
 * 100 %. One touch therefore takes 100 %, and every path's shares sum to 1.
 */
export function attributeMilestones(paths: PathSet, model: MilestoneModel): Result<Credit, AppError> {
  const { milestones } = paths;
  if (!milestones) {
    return err({
      code: 'MILESTONES_MISSING',
      message: `${model} needs the touches that created the lead and the opportunity${model === 'full-path' ? ' and closed the deal' : ''}; these journeys carry no milestones (a path file never does). Use position (the U-shaped 40/20/40 model) or run ${model} on journeys from the database.`,
    });
  }
  const flags = ROLE_FLAGS[model];
  const credit = emptyCredit(paths.channels.length);
  const { offsets, steps, conversions, value } = paths;
  const roleAt: number[] = [];
  for (let p = 0; p < paths.pathCount; p++) {
    const from = offsets[p]!;
    const to = offsets[p + 1]!;
    if (to === from) continue;
    roleAt.length = 0;
    roleAt.push(from);
    for (const flag of flags) {
      for (let i = from; i < to; i++) {
        if ((milestones[i]! & flag) !== 0) {
          roleAt.push(i);
          break;
        }
      }
    }
    let roleTouches = 0; // distinct touches holding at least one role
    for (let i = from; i < to; i++) if (roleAt.includes(i)) roleTouches += 1;
    const others = to - from - roleTouches;
    const roleShare = (others > 0 ? 0.9 : 1) / roleAt.length;
    const otherShare = others > 0 ? 0.1 / others : 0;
    const conv = conversions[p]!;
    const val = value[p]!;
    for (const i of roleAt) {
      const c = steps[i]!;
      credit.conversions[c]! += conv * roleShare;
      credit.value[c]! += val * roleShare;
    }
    if (others === 0) continue;
    for (let i = from; i < to; i++) {
      if (roleAt.includes(i)) continue;
      const c = steps[i]!;
      credit.conversions[c]! += conv * otherShare;
      credit.value[c]! += val * otherShare;
    }
  }
  return ok(credit);
}

export const DEFAULT_HALF_LIFE_MS = 7 * 24 * 3600 * 1000;

/**
 * Time decay: touch i of a path weighs 2^(−Δt_i / halfLife), Δt_i = conversion time − touch time
 * (the conversion time defaults to the last touch), and the path's credit is split in proportion to
 * the weights. A touch after the conversion is an error: it cannot have caused it.
 */
export function attributeTimeDecay(
  paths: PathSet,
  halfLifeMs: number = DEFAULT_HALF_LIFE_MS,
): Result<Credit, AppError> {
  const { touchTimes, conversionTimes } = paths;
  if (!touchTimes || !conversionTimes) {
    return err({
      code: 'TIMES_MISSING',
      message:
        'time-decay needs the time of every touch; these journeys have none (a path file never does). Use linear or position, or run time-decay on journeys from the database.',
    });
  }
  if (!(halfLifeMs > 0) || !Number.isFinite(halfLifeMs)) {
    return err({
      code: 'INVALID_HALF_LIFE',
      message: `the half-life must be a positive duration, got ${halfLifeMs}`,
    });
  }
  const credit = emptyCredit(paths.channels.length);
  const { offsets, steps, conversions, value } = paths;
  let weights = new Float64Array(16);
  for (let p = 0; p < paths.pathCount; p++) {
    const from = offsets[p]!;
    const to = offsets[p + 1]!;
    if (to === from) continue;
    const convertedAt = Number.isNaN(conversionTimes[p]!) ? touchTimes[to - 1]! : conversionTimes[p]!;
    // Weights relative to the latest touch: the same after normalising, and never all underflowing
    // to zero however old the journey is.
    let latest = Number.NEGATIVE_INFINITY;
    for (let i = from; i < to; i++) latest = Math.max(latest, touchTimes[i]!);
    if (latest > convertedAt) {
      return err({
        code: 'TOUCH_AFTER_CONVERSION',
        message: `path ${p + 1} has a touch after its conversion; drop touches after the conversion before attributing`,
      });
    }
    if (weights.length < to - from) weights = new Float64Array(to - from);
    let sum = 0;
    for (let i = from; i < to; i++) {
      const w = 2 ** (-(latest - touchTimes[i]!) / halfLifeMs);
      weights[i - from] = w;
      sum += w;
    }
    const conv = conversions[p]! / sum;
    const val = value[p]! / sum;
    for (let i = from; i < to; i++) {
      const c = steps[i]!;
      const w = weights[i - from]!;
      credit.conversions[c]! += conv * w;
      credit.value[c]! += val * w;
    }
  }
  return ok(credit);
}
