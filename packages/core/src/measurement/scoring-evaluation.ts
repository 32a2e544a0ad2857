/**
 * How well a lead-scoring model ranks the people who go on to convert. The database hands over a
 * histogram (one row per distinct score value with its people, SQL and won counts), so everything
 * here — bands, lifts, Mann–Whitney AUC, the MQL threshold split — is computed from counts and
 * stays O(distinct scores) however many people were scored.
 */

export interface ScoreBucket {
  score: number;
  people: number;
  sql: number;
  won: number;
}

export interface ScoringOptions {
  /** The MQL line (people scoring at or above it are MQLs); null when the model has none. */
  mqlThreshold: number | null;
  /** How many bands to cut the people into (default 10: deciles). */
  bands?: number;
}

export interface ScoreBand {
  /** 1 = the highest scores. */
  band: number;
  min_score: number;
  max_score: number;
  people: number;
  sql: number;
  won: number;
  sql_rate: number;
  won_rate: number;
  /** Band rate / overall rate; null when the overall rate is 0 (nothing to lift). */
  sql_lift: number | null;
  won_lift: number | null;
}

export interface ThresholdSplit {
  value: number;
  /** The band holding the lowest score at or above the threshold; null when nobody reaches it. */
  band: number | null;
  people_at_or_above: number;
  share_at_or_above: number;
  sql_rate_at_or_above: number | null;
  sql_rate_below: number | null;
  won_rate_at_or_above: number | null;
  won_rate_below: number | null;
  /** Share of all SQLs that came from people at or above the threshold; null when there are no SQLs. */
  sql_captured: number | null;
  /** Share of all won people at or above the threshold; null when nobody was won. */
  won_captured: number | null;
}

export interface ScoringEvaluation {
  people: number;
  sql: number;
  won: number;
  /** sql / people (0 when nobody was scored). */
  sql_rate: number;
  won_rate: number;
  bands: ScoreBand[];
  /** Probability that a random converter outscores a random non-converter (ties count ½). */
  auc: { sql: number | null; won: number | null };
  top_band_lift: { sql: number | null; won: number | null };
  threshold: ThresholdSplit | null;
}

export interface ScoringDelta {
  current: number | null;
  draft: number | null;
  /** draft − current; null when either side is null. */
  delta: number | null;
}

export interface ScoringComparison {
  auc: { sql: ScoringDelta; won: ScoringDelta };
  top_band_lift: { sql: ScoringDelta; won: ScoringDelta };
  /** MQL volume: people at or above each model's own threshold. */
  people_at_or_above: ScoringDelta;
  sql_captured: ScoringDelta;
  verdict: string;
}

/** AUC differences up to this size are reported as "the same": noise, not a better model. */
export const SAME_AUC_TOLERANCE = 0.005;

/**
 * Bands: people are sorted by score, highest first, and cut into `bands` groups of roughly
 * people/bands each. A score value is never split (everyone with the same score lands in the same
 * band, otherwise a band's rate would depend on an arbitrary order among ties), so bands can be
 * unequal and there can be fewer than asked for (e.g. one score shared by 40% of people, or fewer
 * distinct scores than bands). The fill is greedy: each band aims at remaining people / remaining
 * bands, and a score value that would overshoot that aim by more than leaving it out would
 * undershoot starts the next band instead.
 */
export function evaluateScoring(buckets: readonly ScoreBucket[], options: ScoringOptions): ScoringEvaluation {
  const bandCount = options.bands ?? 10;
  if (!Number.isInteger(bandCount) || bandCount < 1) {
    throw new Error(`bands must be a whole number of at least 1 (got ${bandCount}); use 10 for deciles`);
  }
  if (options.mqlThreshold !== null && !Number.isFinite(options.mqlThreshold)) {
    throw new Error(`mqlThreshold must be a finite number or null (got ${options.mqlThreshold})`);
  }
  const values = mergeBuckets(buckets);
  const people = sum(values, 'people');
  const sql = sum(values, 'sql');
  const won = sum(values, 'won');
  const sqlRate = ratio(sql, people) ?? 0;
  const wonRate = ratio(won, people) ?? 0;

  const bands = cutBands(values, bandCount).map((group, index): ScoreBand => {
    const bandPeople = sum(group, 'people');
    const bandSql = sum(group, 'sql');
    const bandWon = sum(group, 'won');
    const bandSqlRate = bandSql / bandPeople;
    const bandWonRate = bandWon / bandPeople;
    return {
      band: index + 1,
      min_score: group[group.length - 1]!.score,
      max_score: group[0]!.score,
      people: bandPeople,
      sql: bandSql,
      won: bandWon,
      sql_rate: bandSqlRate,
      won_rate: bandWonRate,
      sql_lift: sqlRate > 0 ? bandSqlRate / sqlRate : null,
      won_lift: wonRate > 0 ? bandWonRate / wonRate : null,
    };
  });

  return {
    people,
    sql,
    won,
    sql_rate: sqlRate,
    won_rate: wonRate,
    bands,
    auc: { sql: histogramAuc(values, 'sql'), won: histogramAuc(values, 'won') },
    top_band_lift: { sql: bands[0]?.sql_lift ?? null, won: bands[0]?.won_lift ?? null },
    threshold: options.mqlThreshold === null ? null : splitAtThreshold(values, bands, options.mqlThreshold),
  };
}

/** Draft − current for the numbers a scoring change is judged by, with a one-line verdict. */
export function compareScoring(current: ScoringEvaluation, draft: ScoringEvaluation): ScoringComparison {
  return {
    auc: { sql: delta(current.auc.sql, draft.auc.sql), won: delta(current.auc.won, draft.auc.won) },
    top_band_lift: {
      sql: delta(current.top_band_lift.sql, draft.top_band_lift.sql),
      won: delta(current.top_band_lift.won, draft.top_band_lift.won),
    },
    people_at_or_above: delta(
      current.threshold?.people_at_or_above ?? null,
      draft.threshold?.people_at_or_above ?? null,
    ),
    sql_captured: delta(current.threshold?.sql_captured ?? null, draft.threshold?.sql_captured ?? null),
    verdict: verdictOf(current, draft),
  };
}

/** SQL AUC decides; won AUC is the fallback when either side has no SQL contrast to rank. */
function verdictOf(current: ScoringEvaluation, draft: ScoringEvaluation): string {
  const [label, before, after] =
    current.auc.sql !== null && draft.auc.sql !== null
      ? ['AUC', current.auc.sql, draft.auc.sql]
      : ['won AUC', current.auc.won, draft.auc.won];
  if (before === null || after === null) {
    return 'cannot compare: a model needs both converters and non-converters among its scored people to be ranked';
  }
  const shown = `${label} ${before.toFixed(2)} → ${after.toFixed(2)}`;
  // The tolerance gets a hair of slack so 0.005 computed as 0.0050000000001 still reads "same".
  const difference = after - before;
  if (Math.abs(difference) <= SAME_AUC_TOLERANCE + 1e-12) return `draft ranks converters the same: ${shown}`;
  return difference > 0
    ? `draft ranks converters better: ${shown}`
    : `draft ranks converters worse: ${shown}`;
}

type Counted = Pick<ScoreBucket, 'people' | 'sql' | 'won'>;

/** Validates every bucket, merges repeated score values and drops empty ones; highest score first. */
function mergeBuckets(buckets: readonly ScoreBucket[]): ScoreBucket[] {
  const byScore = new Map<number, ScoreBucket>();
  buckets.forEach((bucket, index) => {
    checkBucket(bucket, index);
    // -0 and 0 are the same score; Map keys would agree but normalising keeps min/max tidy.
    const score = bucket.score === 0 ? 0 : bucket.score;
    const merged = byScore.get(score);
    if (merged) {
      merged.people += bucket.people;
      merged.sql += bucket.sql;
      merged.won += bucket.won;
    } else {
      byScore.set(score, { score, people: bucket.people, sql: bucket.sql, won: bucket.won });
    }
  });
  return [...byScore.values()].filter((b) => b.people > 0).sort((a, b) => b.score - a.score);
}

function checkBucket(bucket: ScoreBucket, index: number): void {
  const where = `score bucket ${index} (score ${bucket.score})`;
  if (typeof bucket.score !== 'number' || !Number.isFinite(bucket.score)) {
    throw new Error(`${where}: score must be a finite number; drop unscored people from the histogram`);
  }
  for (const field of ['people', 'sql', 'won'] as const) {
    const count = bucket[field];
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new Error(`${where}: ${field} must be a whole number ≥ 0 (got ${count})`);
    }
  }
  for (const field of ['sql', 'won'] as const) {
    if (bucket[field] > bucket.people) {
      throw new Error(
        `${where}: ${field} ${bucket[field]} exceeds people ${bucket.people}; ${field} counts converters among the bucket's own people`,
      );
    }
  }
}

function cutBands(values: readonly ScoreBucket[], bandCount: number): ScoreBucket[][] {
  const groups: ScoreBucket[][] = [];
  let remaining = sum(values, 'people');
  let current: ScoreBucket[] = [];
  let filled = 0;
  let aim = remaining / bandCount;
  for (const value of values) {
    const bandsLeft = bandCount - groups.length;
    const overshoot = filled + value.people - aim;
    const undershoot = aim - filled;
    if (current.length > 0 && bandsLeft > 1 && overshoot > undershoot) {
      ({ current, filled, aim, remaining } = closeBand(groups, current, filled, remaining, bandCount));
    }
    current.push(value);
    filled += value.people;
    if (filled >= aim && bandCount - groups.length > 1) {
      ({ current, filled, aim, remaining } = closeBand(groups, current, filled, remaining, bandCount));
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function closeBand(
  groups: ScoreBucket[][],
  current: ScoreBucket[],
  filled: number,
  remaining: number,
  bandCount: number,
): { current: ScoreBucket[]; filled: number; aim: number; remaining: number } {
  groups.push(current);
  const left = remaining - filled;
  return { current: [], filled: 0, remaining: left, aim: left / (bandCount - groups.length) };
}

/**
 * Mann–Whitney AUC from counts: for each score value, its positives beat every negative scored
 * lower and tie (½) with the negatives at the same score. Null without positives or negatives.
 */
function histogramAuc(values: readonly ScoreBucket[], outcome: 'sql' | 'won'): number | null {
  const ascending = [...values].reverse();
  const positives = sum(ascending, outcome);
  const negatives = sum(ascending, 'people') - positives;
  if (positives === 0 || negatives === 0) return null;
  let negativesBelow = 0;
  let wins = 0;
  for (const value of ascending) {
    const pos = value[outcome];
    const neg = value.people - pos;
    wins += pos * (negativesBelow + neg / 2);
    negativesBelow += neg;
  }
  return wins / positives / negatives;
}

function splitAtThreshold(values: readonly ScoreBucket[], bands: readonly ScoreBand[], value: number) {
  const above = values.filter((v) => v.score >= value);
  const below = values.filter((v) => v.score < value);
  const totals = { people: sum(values, 'people'), sql: sum(values, 'sql'), won: sum(values, 'won') };
  const a = { people: sum(above, 'people'), sql: sum(above, 'sql'), won: sum(above, 'won') };
  const b = { people: sum(below, 'people'), sql: sum(below, 'sql'), won: sum(below, 'won') };
  const lowestAbove = above[above.length - 1]?.score;
  const band =
    lowestAbove === undefined
      ? null
      : (bands.find((x) => x.min_score <= lowestAbove && lowestAbove <= x.max_score)?.band ?? null);
  return {
    value,
    band,
    people_at_or_above: a.people,
    share_at_or_above: ratio(a.people, totals.people) ?? 0,
    sql_rate_at_or_above: ratio(a.sql, a.people),
    sql_rate_below: ratio(b.sql, b.people),
    won_rate_at_or_above: ratio(a.won, a.people),
    won_rate_below: ratio(b.won, b.people),
    sql_captured: ratio(a.sql, totals.sql),
    won_captured: ratio(a.won, totals.won),
  } satisfies ThresholdSplit;
}

function sum(rows: readonly Counted[], field: keyof Counted): number {
  let total = 0;
  for (const row of rows) total += row[field];
  return total;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function delta(current: number | null, draft: number | null): ScoringDelta {
  return { current, draft, delta: current === null || draft === null ? null : draft - current };
}
