// An independent Markov attribution for tests: string states, nested arrays, and the FORWARD
// (visit-count) form of the absorbing chain — n = e_start (I − Q)⁻¹ solved by Gauss–Jordan on the
// transposed system — where the engine solves the backward form x = b + Q x. P(conversion) is
// Σ_s n_s · P(s → conversion); the expected value is Σ_s n_s · P(s → conversion) · mean value at s.

export interface ReferencePath {
  steps: readonly string[];
  conversions: number;
  value: number;
  nulls: number;
}

export interface ReferenceResult {
  conversions: Map<string, number>;
  value: Map<string, number>;
  removalEffect: Map<string, number>;
}

const CONV = '(conversion)';
const NULL = '(null)';
const START = '(start)';

export function referenceMarkov(
  paths: readonly ReferencePath[],
  order: number,
  withNulls: boolean,
): ReferenceResult {
  const out = new Map<string, Map<string, number>>();
  const endConversions = new Map<string, number>();
  const endValue = new Map<string, number>();
  const members = new Map<string, Set<string>>();
  const channels = new Set<string>();
  const add = (from: string, to: string, w: number) => {
    const row = out.get(from) ?? new Map<string, number>();
    row.set(to, (row.get(to) ?? 0) + w);
    out.set(from, row);
  };
  let totalConversions = 0;
  let totalValue = 0;
  for (const p of paths) {
    totalConversions += p.conversions;
    totalValue += p.value;
    for (const s of p.steps) channels.add(s);
    const w = p.conversions + (withNulls ? p.nulls : 0);
    if (w <= 0 || p.steps.length === 0) continue;
    const collapsed = p.steps.filter((s, i) => i === 0 || p.steps[i - 1] !== s);
    let state = START;
    collapsed.forEach((_, i) => {
      const window = collapsed.slice(Math.max(0, i - order + 1), i + 1);
      const next = window.join('\u0001');
      members.set(next, new Set(window));
      add(state, next, w);
      state = next;
    });
    add(state, CONV, p.conversions);
    if (withNulls && p.nulls > 0) add(state, NULL, p.nulls);
    endConversions.set(state, (endConversions.get(state) ?? 0) + p.conversions);
    endValue.set(state, (endValue.get(state) ?? 0) + p.value);
  }

  const solve = (removed: string | null): { p: number; v: number } => {
    const states = [...out.keys()].filter((s) => removed === null || !members.get(s)?.has(removed));
    const index = new Map(states.map((s, i) => [s, i]));
    const n = states.length;
    // (I − Q)ᵀ n = e_start, as an augmented matrix of plain arrays.
    const m: number[][] = states.map(() => new Array<number>(n + 1).fill(0));
    states.forEach((s, i) => {
      m[i]![i] = 1;
      const row = out.get(s)!;
      let total = 0;
      for (const w of row.values()) total += w;
      for (const [to, w] of row) {
        const j = index.get(to);
        if (j !== undefined) m[j]![i]! -= w / total;
      }
    });
    m[index.get(START)!]![n] = 1;
    for (let c = 0; c < n; c++) {
      let pivot = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
      [m[c], m[pivot]] = [m[pivot]!, m[c]!];
      const d = m[c]![c]!;
      for (let j = 0; j <= n; j++) m[c]![j]! /= d;
      for (let r = 0; r < n; r++) {
        if (r === c) continue;
        const f = m[r]![c]!;
        if (f !== 0) for (let j = 0; j <= n; j++) m[r]![j]! -= f * m[c]![j]!;
      }
    }
    let p = 0;
    let v = 0;
    states.forEach((s, i) => {
      const visits = m[i]![n]!;
      const row = out.get(s)!;
      let total = 0;
      for (const w of row.values()) total += w;
      const pConv = (row.get(CONV) ?? 0) / total;
      const conv = endConversions.get(s) ?? 0;
      p += visits * pConv;
      if (conv > 0) v += visits * pConv * ((endValue.get(s) ?? 0) / conv);
    });
    return { p, v };
  };

  const base = solve(null);
  const removalEffect = new Map<string, number>();
  const valueEffect = new Map<string, number>();
  for (const c of channels) {
    const without = solve(c);
    removalEffect.set(c, 1 - without.p / base.p);
    valueEffect.set(c, base.v > 0 ? 1 - without.v / base.v : 0);
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const re = sum(removalEffect);
  const ve = sum(valueEffect);
  return {
    removalEffect,
    conversions: new Map([...removalEffect].map(([c, e]) => [c, (e / re) * totalConversions])),
    value: new Map([...valueEffect].map(([c, e]) => [c, ve > 0 ? (e / ve) * totalValue : 0])),
  };
}
