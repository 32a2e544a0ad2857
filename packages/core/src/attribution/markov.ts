import { type AppError, err, ok, type Result } from '../result.ts';
import { type Credit, emptyCredit } from './attribute-rules.ts';
import type { PathSet } from './path-set.ts';
import {
  DIRECT_MAX_STATES,
  type SolveMethod,
  solveAbsorbing,
  type TransientChain,
} from './solve-absorbing.ts';

// The data-driven Markov model, solved exactly (see solve-absorbing.ts), never simulated.
//
// States: the last k channels of the path, consecutive repeats collapsed first (a > a > b is
// a > b), so near the start a state holds fewer than k channels. Each path walks
// start → s1 → … → sn → conversion (weight: its conversions) and → null (weight: its nulls), and
// every transition it makes weighs conversions + nulls (conversions only without nulls).
// Removal effect of channel c: 1 − P(conversion with every state containing c sent to null) /
// P(conversion). Conversion credit ∝ removal effect, scaled to the total conversions. Value: each
// state's conversions carry the mean conversion value of the paths ending in it; the value removal
// effect is 1 − E[value without c] / E[value], and value credit ∝ it, scaled to the total value.

export interface MarkovOptions {
  /** states are the last `order` channels (default 1) */
  order?: number;
  /** count the null paths (default true); without them only converting paths shape the chain */
  nulls?: boolean;
  /** default: direct up to DIRECT_MAX_STATES states, iterative above */
  solver?: 'auto' | SolveMethod;
}

export interface MarkovResult extends Credit {
  removalEffect: Float64Array;
  valueRemovalEffect: Float64Array;
  /** P(conversion) from the start of the full chain */
  conversionProbability: number;
  /** transient states besides the start */
  states: number;
  solver: SolveMethod;
}

interface BuiltChain {
  chain: TransientChain;
  /** per state: P(convert next); per state: P(convert next) × mean value of conversions there */
  convert: Float64Array;
  convertValue: Float64Array;
  /** per channel, the states whose window contains it */
  statesOf: Int32Array[];
}

export function attributeMarkov(paths: PathSet, options: MarkovOptions = {}): Result<MarkovResult, AppError> {
  const order = options.order ?? 1;
  const channelCount = paths.channels.length;
  if (!Number.isInteger(order) || order < 1) {
    return err({
      code: 'INVALID_ORDER',
      message: `the Markov order must be a whole number ≥ 1, got ${order}`,
    });
  }
  // A window is encoded as a number in base (channels + 1); it must stay an exact integer.
  if ((channelCount + 1) ** order > Number.MAX_SAFE_INTEGER) {
    return err({
      code: 'INVALID_ORDER',
      message: `order ${order} is too high for ${channelCount} channels (the states would not be countable); use a lower order`,
    });
  }
  const built = buildChain(paths, order, options.nulls !== false);
  const size = built.chain.size;
  const method: SolveMethod =
    options.solver && options.solver !== 'auto'
      ? options.solver
      : size <= DIRECT_MAX_STATES
        ? 'direct'
        : 'iterative';
  const rhs = [built.convert, built.convertValue];
  const base = solveAbsorbing(built.chain, rhs, null, method);
  if (!base.ok) return notConverged(base.sweeps);
  const p = base.solutions[0]![0]!;
  const v = base.solutions[1]![0]!;
  if (!(p > 0)) {
    return err({ code: 'NO_CONVERSIONS', message: 'no path converts: there is nothing to attribute' });
  }
  const removalEffect = new Float64Array(channelCount);
  const valueRemovalEffect = new Float64Array(channelCount);
  const removed = new Uint8Array(size);
  for (let c = 0; c < channelCount; c++) {
    const states = built.statesOf[c]!;
    if (states.length === 0) continue; // only in paths that weigh nothing: no effect
    removed.fill(0);
    for (const s of states) removed[s] = 1;
    const without = solveAbsorbing(built.chain, rhs, removed, method);
    if (!without.ok) return notConverged(without.sweeps);
    // Removing states can only lower either figure; clamp rounding noise below zero.
    removalEffect[c] = Math.max(0, 1 - without.solutions[0]![0]! / p);
    valueRemovalEffect[c] = v > 0 ? Math.max(0, 1 - without.solutions[1]![0]! / v) : 0;
  }
  let totalConversions = 0;
  let totalValue = 0;
  for (let i = 0; i < paths.pathCount; i++) {
    totalConversions += paths.conversions[i]!;
    totalValue += paths.value[i]!;
  }
  const credit = emptyCredit(channelCount);
  spread(removalEffect, totalConversions, credit.conversions);
  spread(valueRemovalEffect, totalValue, credit.value);
  return ok({
    ...credit,
    removalEffect,
    valueRemovalEffect,
    conversionProbability: p,
    states: size - 1,
    solver: method,
  });
}

function spread(effects: Float64Array, total: number, into: Float64Array): void {
  let sum = 0;
  for (const e of effects) sum += e;
  if (!(sum > 0)) return;
  for (let c = 0; c < effects.length; c++) into[c] = (effects[c]! / sum) * total;
}

const notConverged = (sweeps: number) =>
  err({
    code: 'MARKOV_NOT_CONVERGED',
    message: `the Markov chain did not converge after ${sweeps} sweeps (a bug or a pathological chain; please report it)`,
  });

function buildChain(paths: PathSet, order: number, withNulls: boolean): BuiltChain {
  const base = paths.channels.length + 1;
  const drop = base ** (order - 1); // key % drop forgets the oldest channel of a full window
  const ids = new Map<number, number>(); // window key → state (0 = start)
  const keys: number[] = [0];
  const edges = new Map<number, number>(); // from * 2^26 + to → weight
  let outWeight: number[] = [0];
  let convWeight: number[] = [0];
  let valueWeight: number[] = [0];
  const { offsets, steps, conversions, value, nulls } = paths;
  for (let p = 0; p < paths.pathCount; p++) {
    const from = offsets[p]!;
    const to = offsets[p + 1]!;
    const conv = conversions[p]!;
    const w = conv + (withNulls ? nulls[p]! : 0);
    if (to === from || !(w > 0)) continue;
    let key = 0;
    let length = 0;
    let state = 0;
    let previous = -1;
    for (let i = from; i < to; i++) {
      const c = steps[i]!;
      if (c === previous) continue;
      previous = c;
      if (length === order) key %= drop;
      else length += 1;
      key = key * base + c + 1;
      let next = ids.get(key);
      if (next === undefined) {
        next = keys.length;
        if (next >= 2 ** 26) throw new Error('Markov chain: more than 67 million states');
        ids.set(key, next);
        keys.push(key);
        outWeight.push(0);
        convWeight.push(0);
        valueWeight.push(0);
      }
      const edge = state * 2 ** 26 + next;
      edges.set(edge, (edges.get(edge) ?? 0) + w);
      outWeight[state]! += w;
      state = next;
    }
    outWeight[state]! += w;
    convWeight[state]! += conv;
    valueWeight[state]! += value[p]!;
  }
  const size = keys.length;
  // Compressed rows of Q, grouped by source state.
  const rowCount = new Int32Array(size + 1);
  for (const edge of edges.keys()) rowCount[Math.floor(edge / 2 ** 26) + 1]! += 1;
  for (let s = 0; s < size; s++) rowCount[s + 1]! += rowCount[s]!;
  const fill = rowCount.slice(0, size);
  const col = new Int32Array(edges.size);
  const prob = new Float64Array(edges.size);
  for (const [edge, w] of edges) {
    const s = Math.floor(edge / 2 ** 26);
    const at = fill[s]!++;
    col[at] = edge - s * 2 ** 26;
    prob[at] = w / outWeight[s]!;
  }
  const convert = new Float64Array(size);
  const convertValue = new Float64Array(size);
  for (let s = 0; s < size; s++) {
    if (outWeight[s]! > 0) {
      convert[s] = convWeight[s]! / outWeight[s]!;
      // P(convert next) × mean value of the conversions ending here = value / out-weight.
      convertValue[s] = valueWeight[s]! / outWeight[s]!;
    }
  }
  outWeight = [];
  convWeight = [];
  valueWeight = [];
  // Which channels each window holds: its base-(channels + 1) digits.
  const lists: number[][] = paths.channels.map(() => []);
  for (let s = 1; s < size; s++) {
    let key = keys[s]!;
    while (key > 0) {
      const c = (key % base) - 1;
      const list = lists[c]!;
      if (list[list.length - 1] !== s) list.push(s);
      key = Math.floor(key / base);
    }
  }
  return {
    chain: { size, rowStart: rowCount, col, prob },
    convert,
    convertValue,
    statesOf: lists.map((l) => Int32Array.from(l)),
  };
}
