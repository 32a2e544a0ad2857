import { formatDuration } from '../time/duration.ts';
import { percentile } from './percentiles.ts';

/**
 * Lead aging: how long open leads have sat in their current stage, per owner. A Marketing Ops
 * manager reads it to find the rep or queue where leads go stale, so every row carries its oldest
 * and median age as well as bucket counts, and the rows add up to the overall row.
 */
export interface AgingLead {
  personId: string;
  ownerRepId: string | null;
  queue: string | null;
  stage: string;
  /** When the lead entered its current stage (epoch ms). */
  enteredAt: number;
}

export interface AgingRow {
  /** A rep id, `queue:<name>` for a queue, `(unassigned)`, or `all` for the overall row. */
  owner: string;
  /** Leads per bucket, keyed by the labels in `LeadAgingReport.buckets`, in that order. */
  counts: Record<string, number>;
  total: number;
  oldest_age_ms: number | null;
  median_age_ms: number | null;
}

export interface LeadAgingReport {
  /** Bucket labels, youngest first: `<1d`, `1–3d`, `3–7d`, `7–30d`, `30d+`. */
  buckets: string[];
  owners: AgingRow[];
  overall: AgingRow;
}

const DAY_MS = 86_400_000;
export const DEFAULT_AGING_BUCKETS: readonly number[] = [DAY_MS, 3 * DAY_MS, 7 * DAY_MS, 30 * DAY_MS];
export const UNASSIGNED = '(unassigned)';

/**
 * Ages are `now - enteredAt`, and a lead lands in the first bucket whose upper bound is above its
 * age (a lead exactly 1 day old is in `1–3d`). A stage entered after `now` (clock skew between
 * systems) has age 0. Owners are sorted by total descending, then by name.
 */
export function leadAging(
  rows: readonly AgingLead[],
  now: number,
  buckets: readonly number[] = DEFAULT_AGING_BUCKETS,
): LeadAgingReport {
  if (!Number.isFinite(now)) throw new RangeError(`leadAging: now must be epoch milliseconds (got ${now})`);
  for (let i = 0; i < buckets.length; i++) {
    const bound = buckets[i] as number;
    if (!(bound > 0) || !Number.isFinite(bound) || (i > 0 && bound <= (buckets[i - 1] as number))) {
      throw new RangeError(
        `leadAging: bucket bounds must be increasing positive durations in ms (got ${JSON.stringify(buckets)} at index ${i}); e.g. [86400000, 259200000]`,
      );
    }
  }
  const labels = bucketLabels(buckets);

  const ages = new Map<string, number[]>();
  const all: number[] = [];
  for (const row of rows) {
    if (!Number.isFinite(row.enteredAt)) {
      throw new RangeError(`leadAging: person ${row.personId} has no valid enteredAt (got ${row.enteredAt})`);
    }
    const age = Math.max(0, now - row.enteredAt);
    const owner = ownerOf(row);
    let list = ages.get(owner);
    if (!list) {
      list = [];
      ages.set(owner, list);
    }
    list.push(age);
    all.push(age);
  }

  const owners = [...ages.entries()]
    .map(([owner, list]) => agingRow(owner, list, buckets, labels))
    .sort((a, b) => b.total - a.total || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  return { buckets: labels, owners, overall: agingRow('all', all, buckets, labels) };
}

function ownerOf(row: AgingLead): string {
  if (row.ownerRepId !== null) return row.ownerRepId;
  if (row.queue !== null) return `queue:${row.queue}`;
  return UNASSIGNED;
}

/** `<1d`, `1–3d`, …, `30d+`, from the bounds (`formatDuration` spells each bound). */
export function bucketLabels(buckets: readonly number[]): string[] {
  const names = buckets.map((bound) => formatDuration(bound));
  const labels: string[] = [];
  if (names.length === 0) return ['all ages'];
  labels.push(`<${names[0]}`);
  for (let i = 1; i < names.length; i++) {
    // `1–3d` rather than `1d–3d` when both bounds share a unit.
    const low = names[i - 1] as string;
    const high = names[i] as string;
    const lowUnit = low.slice(-1);
    labels.push(lowUnit === high.slice(-1) ? `${low.slice(0, -1)}–${high}` : `${low}–${high}`);
  }
  labels.push(`${names[names.length - 1]}+`);
  return labels;
}

function agingRow(owner: string, ages: number[], bounds: readonly number[], labels: string[]): AgingRow {
  const counts: Record<string, number> = {};
  for (const label of labels) counts[label] = 0;
  let oldest: number | null = null;
  for (const age of ages) {
    let bucket = 0;
    while (bucket < bounds.length && age >= (bounds[bucket] as number)) bucket++;
    const label = labels[bucket] as string;
    counts[label] = (counts[label] ?? 0) + 1;
    if (oldest === null || age > oldest) oldest = age;
  }
  const sorted = Float64Array.from(ages).sort();
  return { owner, counts, total: ages.length, oldest_age_ms: oldest, median_age_ms: percentile(sorted, 0.5) };
}
