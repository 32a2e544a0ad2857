import { type Journey, type JourneyTouch, MILESTONE } from './path-set.ts';

// The database mode's journeys: stored touches and opportunities become the paths every model
// reads. A journey belongs to a key (a person, or an account: the buying group). Each conversion
// of a key is its own journey — the key's touches in the lookback window before it, with the
// touches that created the lead, the opportunity and the won deal marked — and a key that touched
// but never converted is one path that did not convert (the Markov model needs those).

/** One stored touch, as the report query reads it: sorted by key, then time. */
export interface TouchRow {
  /** person or account id: whose journey this touch is part of */
  key: string;
  /** milliseconds since the epoch */
  at: number;
  /** what credit goes to: the touch's channel or campaign */
  channel: string;
  type: string;
  eventId: number;
  personId: string;
}

/** One opportunity of a key. */
export interface ConversionRow {
  key: string;
  opportunityId: string;
  createdAt: number;
  closedAt: number | null;
  won: boolean;
  amount: number;
  /** when the person (or the opportunity's first contact) became known; null = unknown */
  leadCreatedAt: number | null;
}

export type ConversionKind = 'won' | 'opportunity_created';

export interface BuildJourneysOptions {
  lookbackMs: number;
  conversion: ConversionKind;
}

/** Which journey is which: the opportunity it converted (null: a path that did not convert). */
export interface JourneyIndexEntry {
  opportunityId: string | null;
  key: string;
}

/** What could not be attributed, and why: a report states these beside its totals. */
export interface JourneyExclusions {
  /** converting opportunities whose key has no touch in the lookback window before the conversion */
  opportunitiesWithoutTouches: number;
  opportunityIdsWithoutTouches: string[];
  /** opportunities that do not convert under the conversion kind (not won, or no close date) */
  opportunitiesNotConverting: number;
  /** touches of a converting key after its last conversion: they cannot have caused it */
  touchesAfterConversion: number;
  /** touches of a converting key older than the lookback window of every conversion after them */
  touchesBeforeLookback: number;
}

export interface BuiltJourneys {
  journeys: Journey[];
  /** parallel to `journeys` */
  index: JourneyIndexEntry[];
  excluded: JourneyExclusions;
}

/** When a conversion happened under the conversion kind; null when it does not convert. */
export function convertedAt(row: ConversionRow, kind: ConversionKind): number | null {
  if (kind === 'opportunity_created') return row.createdAt;
  return row.won && row.closedAt !== null ? row.closedAt : null;
}

/**
 * Builds journeys from touches sorted by key then time (as `ORDER BY key, occurred_at` returns
 * them) and the keys' opportunities. Throws on unsorted touches: that is a bug in the query.
 */
export function buildJourneys(
  touches: readonly TouchRow[],
  conversions: readonly ConversionRow[],
  options: BuildJourneysOptions,
): BuiltJourneys {
  if (!(options.lookbackMs >= 0) || !Number.isFinite(options.lookbackMs)) {
    throw new Error(`lookbackMs must be a non-negative number of milliseconds, got ${options.lookbackMs}`);
  }
  const excluded: JourneyExclusions = {
    opportunitiesWithoutTouches: 0,
    opportunityIdsWithoutTouches: [],
    opportunitiesNotConverting: 0,
    touchesAfterConversion: 0,
    touchesBeforeLookback: 0,
  };
  const byKey = new Map<string, { row: ConversionRow; at: number }[]>();
  for (const row of conversions) {
    const at = convertedAt(row, options.conversion);
    if (at === null) {
      excluded.opportunitiesNotConverting += 1;
      continue;
    }
    const list = byKey.get(row.key);
    if (list) list.push({ row, at });
    else byKey.set(row.key, [{ row, at }]);
  }
  const journeys: Journey[] = [];
  const index: JourneyIndexEntry[] = [];
  const seenKeys = new Set<string>();
  let from = 0;
  while (from < touches.length) {
    const key = touches[from]!.key;
    if (seenKeys.has(key)) {
      throw new Error(`touches must be sorted by key then time: key ${key} appears again at row ${from + 1}`);
    }
    seenKeys.add(key);
    let to = from + 1;
    while (to < touches.length && touches[to]!.key === key) {
      if (touches[to]!.at < touches[to - 1]!.at) {
        throw new Error(
          `touches must be sorted by key then time: row ${to + 1} (key ${key}) goes back in time`,
        );
      }
      to += 1;
    }
    const keyConversions = byKey.get(key);
    if (!keyConversions) {
      journeys.push({ touches: touches.slice(from, to).map(plainTouch), conversions: 0, value: 0, nulls: 1 });
      index.push({ opportunityId: null, key });
    } else {
      keyJourneys(touches, from, to, keyConversions, options, { journeys, index, excluded });
    }
    from = to;
  }
  // Converting opportunities of keys that never touched anything in the window.
  for (const [key, list] of byKey) {
    if (seenKeys.has(key)) continue;
    for (const { row } of list) withoutTouches(excluded, row.opportunityId);
  }
  return { journeys, index, excluded };
}

function keyJourneys(
  touches: readonly TouchRow[],
  from: number,
  to: number,
  keyConversions: { row: ConversionRow; at: number }[],
  options: BuildJourneysOptions,
  out: BuiltJourneys,
): void {
  // used[i - from]: the touch is in at least one journey (two deals of an account may share touches).
  const used = new Uint8Array(to - from);
  let lastConversion = Number.NEGATIVE_INFINITY;
  for (const { row, at } of keyConversions) {
    lastConversion = Math.max(lastConversion, at);
    const first = lowerBound(touches, from, to, at - options.lookbackMs);
    const end = upperBound(touches, from, to, at);
    if (end === first) {
      withoutTouches(out.excluded, row.opportunityId);
      continue;
    }
    const journey: JourneyTouch[] = [];
    for (let i = first; i < end; i++) {
      used[i - from] = 1;
      journey.push({ channel: touches[i]!.channel, at: touches[i]!.at });
    }
    markMilestones(journey, row, at);
    out.journeys.push({ touches: journey, conversions: 1, value: row.amount, nulls: 0, convertedAt: at });
    out.index.push({ opportunityId: row.opportunityId, key: row.key });
  }
  for (let i = from; i < to; i++) {
    if (used[i - from]) continue;
    if (touches[i]!.at > lastConversion) out.excluded.touchesAfterConversion += 1;
    else out.excluded.touchesBeforeLookback += 1;
  }
}

/**
 * The touch that created the lead is the last one at or before the lead was created (the form
 * submission that made the person known); when the journey starts later, its first touch. The
 * opportunity's is the last touch at or before it was created, the won deal's the last at or
 * before the close (won deals that closed by the conversion only).
 */
function markMilestones(journey: JourneyTouch[], row: ConversionRow, at: number): void {
  const mark = (i: number, flag: number) => {
    const touch = journey[i]!;
    touch.milestones = (touch.milestones ?? 0) | flag;
  };
  if (row.leadCreatedAt !== null)
    mark(Math.max(0, lastAtOrBefore(journey, row.leadCreatedAt)), MILESTONE.LEAD_CREATED);
  const opportunity = lastAtOrBefore(journey, row.createdAt);
  if (opportunity >= 0) mark(opportunity, MILESTONE.OPPORTUNITY_CREATED);
  if (row.won && row.closedAt !== null && row.closedAt <= at) {
    const closed = lastAtOrBefore(journey, row.closedAt);
    if (closed >= 0) mark(closed, MILESTONE.CLOSED_WON);
  }
}

function lastAtOrBefore(journey: readonly JourneyTouch[], at: number): number {
  let found = -1;
  for (let i = 0; i < journey.length && journey[i]!.at! <= at; i++) found = i;
  return found;
}

/** First row in [from, to) with at >= t. */
function lowerBound(touches: readonly TouchRow[], from: number, to: number, t: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (touches[mid]!.at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First row in [from, to) with at > t. */
function upperBound(touches: readonly TouchRow[], from: number, to: number, t: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (touches[mid]!.at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const plainTouch = (t: TouchRow): JourneyTouch => ({ channel: t.channel, at: t.at });

function withoutTouches(excluded: JourneyExclusions, opportunityId: string): void {
  excluded.opportunitiesWithoutTouches += 1;
  excluded.opportunityIdsWithoutTouches.push(opportunityId);
}
