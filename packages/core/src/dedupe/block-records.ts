import { PairIndex } from './pair-index.ts';
import type { ColumnName, PreparedRecords } from './prepare-records.ts';

// Blocking: only records sharing a key are compared. Several independent keys are used so that a
// typo in one field (the surname) still leaves other routes (email, phone, date of birth) for the
// pair to meet. Each key is a combination of one or two interned columns; with `initial: true` the
// second column contributes only its first letter. Blocks larger than `maxBlockSize` are skipped
// (their pairs would be mostly non-matches — a switchboard number, a common surname) and counted.
// A pair met under several keys is compared once: it is emitted by the first key that holds both.

export interface BlockingKey {
  name: string;
  a: ColumnName;
  b?: ColumnName;
  /** Use only the first character of column b. */
  initial?: boolean;
}

export const BLOCKING_KEYS: readonly BlockingKey[] = [
  { name: 'surname sound + first initial', a: 'lastPhonetic', b: 'first', initial: true },
  { name: 'email', a: 'email' },
  { name: 'phone', a: 'phone' },
  { name: 'external id', a: 'externalId' },
  { name: 'first name (nickname root) + birth date', a: 'firstRoot', b: 'dob' },
  { name: 'birth date + surname initial', a: 'dob', b: 'last', initial: true },
  { name: 'email local part', a: 'emailLocal' },
  { name: 'company domain + first name root', a: 'domain', b: 'firstRoot' },
  { name: 'company + surname sound', a: 'company', b: 'lastPhonetic' },
  { name: 'postcode + first initial', a: 'postcode', b: 'first', initial: true },
  { name: 'surname sound + city', a: 'lastPhonetic', b: 'city' },
  { name: 'first name root + surname initial', a: 'firstRoot', b: 'last', initial: true },
  { name: 'names in either order', a: 'nameSet' },
];

export interface BlockingStats {
  key: string;
  blocks: number;
  pairs: number;
  skippedBlocks: number;
  skippedPairs: number;
  largestSkipped: number;
}

export interface CandidatePairs {
  count: number;
  left: Int32Array;
  right: Int32Array;
  stats: BlockingStats[];
}

/** Per-record key ids for one blocking key (0 = the record has no key). */
function keyIds(prep: PreparedRecords, key: BlockingKey): { ids: Int32Array; distinct: number } {
  const n = prep.size;
  const ids = new Int32Array(n);
  const a = prep.columns[key.a].ids;
  const bCol = key.b === undefined ? undefined : prep.columns[key.b];
  // Map the second part to a small code first (the first letter, or the value id).
  let bCode: Int32Array | undefined;
  if (bCol !== undefined) {
    if (key.initial) {
      const letterOf = new Int32Array(bCol.values.length);
      for (let v = 1; v < bCol.values.length; v++) letterOf[v] = (bCol.values[v] as string).charCodeAt(0) + 1;
      bCode = new Int32Array(n);
      for (let r = 0; r < n; r++) bCode[r] = letterOf[bCol.ids[r] as number] as number;
    } else bCode = bCol.ids;
  }
  if (bCode === undefined) {
    // One column: its value ids are already dense key ids.
    ids.set(a);
    return { ids, distinct: prep.columns[key.a].values.length - 1 };
  }
  const intern = new PairIndex();
  let next = 0;
  const create = () => ++next;
  for (let r = 0; r < n; r++) {
    const av = a[r] as number;
    const bv = bCode[r] as number;
    if (av === 0 || bv === 0) continue;
    ids[r] = intern.find(av, bv, create);
  }
  return { ids, distinct: next };
}

class PairBuffer {
  left = new Int32Array(1 << 16);
  right = new Int32Array(1 << 16);
  count = 0;
  push(a: number, b: number): void {
    if (this.count === this.left.length) {
      const l = new Int32Array(this.left.length * 2);
      l.set(this.left);
      this.left = l;
      const r = new Int32Array(this.right.length * 2);
      r.set(this.right);
      this.right = r;
    }
    this.left[this.count] = a;
    this.right[this.count] = b;
    this.count++;
  }
}

/** Candidate pairs (left < right) from all blocking keys, each pair once. */
export function blockRecords(
  prep: PreparedRecords,
  options: { maxBlockSize?: number; keys?: readonly BlockingKey[] } = {},
): CandidatePairs {
  const maxBlock = options.maxBlockSize ?? 40;
  const keys = options.keys ?? BLOCKING_KEYS;
  const n = prep.size;
  const done: { ids: Int32Array; skipped: Uint8Array }[] = [];
  const out = new PairBuffer();
  const stats: BlockingStats[] = [];
  for (const key of keys) {
    const { ids, distinct } = keyIds(prep, key);
    // Counting sort of the records by key id: blocks become contiguous runs.
    const start = new Int32Array(distinct + 2);
    for (let r = 0; r < n; r++) {
      const k = (ids[r] as number) + 1;
      start[k] = (start[k] as number) + 1;
    }
    for (let k = 1; k < start.length; k++) start[k] = (start[k] as number) + (start[k - 1] as number);
    const fill = start.slice();
    const order = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const k = ids[r] as number;
      const at = fill[k] as number;
      fill[k] = at + 1;
      order[at] = r;
    }
    const skipped = new Uint8Array(distinct + 1);
    const s: BlockingStats = {
      key: key.name,
      blocks: 0,
      pairs: 0,
      skippedBlocks: 0,
      skippedPairs: 0,
      largestSkipped: 0,
    };
    for (let k = 1; k <= distinct; k++) {
      const lo = start[k] as number;
      const hi = start[k + 1] as number;
      const size = hi - lo;
      if (size < 2) continue;
      if (size > maxBlock) {
        skipped[k] = 1;
        s.skippedBlocks++;
        s.skippedPairs += (size * (size - 1)) / 2;
        if (size > s.largestSkipped) s.largestSkipped = size;
        continue;
      }
      s.blocks++;
      for (let x = lo; x < hi; x++) {
        const rx = order[x] as number;
        for (let y = x + 1; y < hi; y++) {
          const ry = order[y] as number;
          let seen = false;
          for (const prev of done) {
            const p = prev.ids[rx] as number;
            if (p !== 0 && p === prev.ids[ry] && prev.skipped[p] === 0) {
              seen = true;
              break;
            }
          }
          if (seen) continue;
          if (rx < ry) out.push(rx, ry);
          else out.push(ry, rx);
          s.pairs++;
        }
      }
    }
    stats.push(s);
    done.push({ ids, skipped });
  }
  return {
    count: out.count,
    left: out.left.subarray(0, out.count),
    right: out.right.subarray(0, out.count),
    stats,
  };
}
