import type { PathSet } from './path-set.ts';

// The rule-based models that need nothing but the order of the touches: first, last, linear,
// position (U-shaped 40/20/40) and the simplified Shapley value. Each path hands out exactly its
// own conversions and value (its shares sum to 1), so credit sums to the totals by construction.

export interface Credit {
  conversions: Float64Array;
  value: Float64Array;
}

export const emptyCredit = (channels: number): Credit => ({
  conversions: new Float64Array(channels),
  value: new Float64Array(channels),
});

/** All of a path's credit to one touch: its first (first) or its last (last). */
export function attributeEnd(paths: PathSet, end: 'first' | 'last'): Credit {
  const credit = emptyCredit(paths.channels.length);
  const { offsets, steps, conversions, value } = paths;
  for (let p = 0; p < paths.pathCount; p++) {
    const from = offsets[p]!;
    const to = offsets[p + 1]!;
    if (to === from) continue;
    const c = steps[end === 'first' ? from : to - 1]!;
    credit.conversions[c]! += conversions[p]!;
    credit.value[c]! += value[p]!;
  }
  return credit;
}

/** Each touch an equal share; a channel appearing twice in a path gets two shares. */
export function attributeLinear(paths: PathSet): Credit {
  const credit = emptyCredit(paths.channels.length);
  const { offsets, steps, conversions, value } = paths;
  for (let p = 0; p < paths.pathCount; p++) {
    const from = offsets[p]!;
    const to = offsets[p + 1]!;
    if (to === from) continue;
    const conv = conversions[p]! / (to - from);
    const val = value[p]! / (to - from);
    for (let i = from; i < to; i++) {
      const c = steps[i]!;
      credit.conversions[c]! += conv;
      credit.value[c]! += val;
    }
  }
  return credit;
}

/**
 * Position-based (U-shaped): 40 % to the first touch, 40 % to the last, 20 % split equally over the
 * touches between them; one touch takes 100 %, two touches 50/50.
 */
export function attributePosition(paths: PathSet): Credit {
  const credit = emptyCredit(paths.channels.length);
  const { offsets, steps, conversions, value } = paths;
  for (let p = 0; p < paths.pathCount; p++) {
    const from = offsets[p]!;
    const to = offsets[p + 1]!;
    const n = to - from;
    if (n === 0) continue;
    const conv = conversions[p]!;
    const val = value[p]!;
    if (n === 1) {
      const c = steps[from]!;
      credit.conversions[c]! += conv;
      credit.value[c]! += val;
      continue;
    }
    const endShare = n === 2 ? 0.5 : 0.4;
    const first = steps[from]!;
    const last = steps[to - 1]!;
    credit.conversions[first]! += conv * endShare;
    credit.value[first]! += val * endShare;
    credit.conversions[last]! += conv * endShare;
    credit.value[last]! += val * endShare;
    if (n > 2) {
      const middle = 0.2 / (n - 2);
      for (let i = from + 1; i < to - 1; i++) {
        const c = steps[i]!;
        credit.conversions[c]! += conv * middle;
        credit.value[c]! += val * middle;
      }
    }
  }
  return credit;
}

/**
 * The simplified Shapley value of common open-source implementations: a path's conversions and
 * value split equally among its distinct channels (repeats do not add weight, unlike linear).
 */
export function attributeShapley(paths: PathSet): Credit {
  const credit = emptyCredit(paths.channels.length);
  const { offsets, steps, conversions, value } = paths;
  // seen[c] === p + 1 marks channel c as already counted in path p, with no clearing between paths.
  const seen = new Int32Array(paths.channels.length);
  const distinct: number[] = [];
  for (let p = 0; p < paths.pathCount; p++) {
    const from = offsets[p]!;
    const to = offsets[p + 1]!;
    if (to === from) continue;
    distinct.length = 0;
    for (let i = from; i < to; i++) {
      const c = steps[i]!;
      if (seen[c] !== p + 1) {
        seen[c] = p + 1;
        distinct.push(c);
      }
    }
    const conv = conversions[p]! / distinct.length;
    const val = value[p]! / distinct.length;
    for (const c of distinct) {
      credit.conversions[c]! += conv;
      credit.value[c]! += val;
    }
  }
  return credit;
}
