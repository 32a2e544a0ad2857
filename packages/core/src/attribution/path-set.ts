// The one data layout every attribution model reads: journeys ("paths") stored column-wise in
// typed arrays, channels interned to small integers. A million journeys are a handful of arrays
// rather than a million objects, so the models are tight loops over Int32Array/Float64Array and
// identical paths (the common case in path files) can be aggregated before any model runs.

/** Milestone flags a touch may carry (bit set), used by the w-shaped and full-path models. */
export const MILESTONE = {
  /** the touch that created the lead (the person became known / a lead) */
  LEAD_CREATED: 1,
  /** the touch that created the opportunity */
  OPPORTUNITY_CREATED: 2,
  /** the last touch before the opportunity closed won */
  CLOSED_WON: 4,
} as const;

/**
 * Journeys in compressed-row layout: the touches of path p are `steps[offsets[p] .. offsets[p+1])`
 * (channel ids into `channels`), in time order. `conversions`, `value` and `nulls` are per path
 * (a file row, or several identical rows summed). Times and milestones are per touch and optional:
 * a path file has neither; journeys from the database have both.
 */
export interface PathSet {
  readonly channels: readonly string[];
  readonly pathCount: number;
  readonly offsets: Int32Array;
  readonly steps: Int32Array;
  readonly conversions: Float64Array;
  readonly value: Float64Array;
  readonly nulls: Float64Array;
  /** Touch times in milliseconds, per step (time-decay). */
  readonly touchTimes?: Float64Array;
  /** Conversion time in milliseconds, per path; NaN = the time of the path's last touch. */
  readonly conversionTimes?: Float64Array;
  /** MILESTONE bits, per step (w-shaped, full-path). */
  readonly milestones?: Uint8Array;
}

export interface JourneyTouch {
  channel: string;
  /** milliseconds since the epoch */
  at?: number;
  /** MILESTONE bits */
  milestones?: number;
}

export interface Journey {
  touches: readonly JourneyTouch[];
  conversions: number;
  value?: number;
  nulls?: number;
  /** milliseconds since the epoch; defaults to the last touch */
  convertedAt?: number;
}

/**
 * Builds a PathSet from journey objects (the database mode and tests). Times are kept only when
 * every touch has one, milestones only when some touch has one.
 */
export function buildPathSet(journeys: readonly Journey[]): PathSet {
  const ids = new Map<string, number>();
  const channels: string[] = [];
  let touchCount = 0;
  for (const j of journeys) touchCount += j.touches.length;
  const offsets = new Int32Array(journeys.length + 1);
  const steps = new Int32Array(touchCount);
  const touchTimes = new Float64Array(touchCount);
  const milestones = new Uint8Array(touchCount);
  const conversions = new Float64Array(journeys.length);
  const value = new Float64Array(journeys.length);
  const nulls = new Float64Array(journeys.length);
  const conversionTimes = new Float64Array(journeys.length);
  let allTimed = true;
  let anyMilestone = false;
  let at = 0;
  journeys.forEach((j, p) => {
    offsets[p] = at;
    for (const t of j.touches) {
      let id = ids.get(t.channel);
      if (id === undefined) {
        id = channels.length;
        ids.set(t.channel, id);
        channels.push(t.channel);
      }
      steps[at] = id;
      if (t.at === undefined) allTimed = false;
      else touchTimes[at] = t.at;
      if (t.milestones) {
        milestones[at] = t.milestones;
        anyMilestone = true;
      }
      at += 1;
    }
    conversions[p] = j.conversions;
    value[p] = j.value ?? 0;
    nulls[p] = j.nulls ?? 0;
    conversionTimes[p] = j.convertedAt ?? Number.NaN;
  });
  offsets[journeys.length] = at;
  return {
    channels,
    pathCount: journeys.length,
    offsets,
    steps,
    conversions,
    value,
    nulls,
    ...(allTimed && touchCount > 0 ? { touchTimes, conversionTimes } : {}),
    ...(anyMilestone ? { milestones } : {}),
  };
}

/** Totals of a path set: what the credit of every model must add up to. */
export function pathTotals(paths: PathSet): { conversions: number; value: number; nulls: number } {
  let conversions = 0;
  let value = 0;
  let nulls = 0;
  for (let p = 0; p < paths.pathCount; p++) {
    conversions += paths.conversions[p]!;
    value += paths.value[p]!;
    nulls += paths.nulls[p]!;
  }
  return { conversions, value, nulls };
}
