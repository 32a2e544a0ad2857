// Exact solution of an absorbing Markov chain: for each right-hand side b, the vector x with
// x = b + Q x over the transient states, where Q holds the transition probabilities between
// transient states (each row sums to at most 1; the rest of a row goes to the absorbing states).
// With b = probability of converting next, x_s is the probability of ever converting from s; with
// b = that probability × the mean conversion value of s, x_s is the expected conversion value.
//
// Removing states (a channel's removal effect) pins their x to 0: entering them means "null".
//
// Two methods, both exact to rounding:
// - direct: Gaussian elimination with partial pivoting on the dense matrix I − Q. O(n³), used for
//   small chains (every order-1 chain, and order 2 with a few dozen channels).
// - iterative: Gauss–Seidel. I − Q is a nonsingular M-matrix (every state reaches absorption, as
//   every state lies on an observed path that ends absorbed), so Gauss–Seidel converges
//   monotonically with rate ρ ≤ ρ(Q) < 1 (Stein–Rosenberg). The sweeps run until the a-posteriori
//   error bound δ·ρ̂/(1 − ρ̂) — δ the last sweep's largest change, ρ̂ the observed contraction —
//   is below 1e-15 of the solution's size. States are swept from the last-numbered (deepest in the
//   paths) to the first, so values flow backwards towards the start in few sweeps.

export interface TransientChain {
  /** number of transient states; state 0 is the start */
  size: number;
  /** Q in compressed rows: row s is col/prob[rowStart[s] .. rowStart[s+1]) */
  rowStart: Int32Array;
  col: Int32Array;
  prob: Float64Array;
}

export type SolveMethod = 'direct' | 'iterative';

/** Largest chain solved densely by default: 256³ ≈ 17 M multiply-adds per solve. */
export const DIRECT_MAX_STATES = 256;

export type SolveOutcome =
  | { ok: true; solutions: Float64Array[]; sweeps: number }
  | { ok: false; sweeps: number };

export function solveAbsorbing(
  chain: TransientChain,
  rhs: readonly Float64Array[],
  removed: Uint8Array | null,
  method: SolveMethod,
): SolveOutcome {
  return method === 'direct'
    ? { ok: true, solutions: solveDirect(chain, rhs, removed), sweeps: 0 }
    : solveIterative(chain, rhs, removed);
}

function solveDirect(
  chain: TransientChain,
  rhs: readonly Float64Array[],
  removed: Uint8Array | null,
): Float64Array[] {
  // Kept states only, renumbered 0..m-1.
  const index = new Int32Array(chain.size).fill(-1);
  let m = 0;
  for (let s = 0; s < chain.size; s++) if (!removed || removed[s] === 0) index[s] = m++;
  const k = rhs.length;
  const width = m + k; // augmented matrix [I − Q | b]
  const a = new Float64Array(m * width);
  for (let s = 0; s < chain.size; s++) {
    const r = index[s]!;
    if (r < 0) continue;
    const row = r * width;
    a[row + r] = 1;
    for (let e = chain.rowStart[s]!; e < chain.rowStart[s + 1]!; e++) {
      const t = index[chain.col[e]!]!;
      if (t >= 0) a[row + t]! -= chain.prob[e]!;
    }
    for (let j = 0; j < k; j++) a[row + m + j] = rhs[j]![s]!;
  }
  for (let col = 0; col < m; col++) {
    let pivot = col;
    let best = Math.abs(a[col * width + col]!);
    for (let r = col + 1; r < m; r++) {
      const v = Math.abs(a[r * width + col]!);
      if (v > best) {
        best = v;
        pivot = r;
      }
    }
    if (best === 0)
      throw new Error('absorbing chain: singular system (a state that never reaches absorption)');
    if (pivot !== col) {
      for (let j = col; j < width; j++) {
        const t = a[col * width + j]!;
        a[col * width + j] = a[pivot * width + j]!;
        a[pivot * width + j] = t;
      }
    }
    const d = a[col * width + col]!;
    for (let r = col + 1; r < m; r++) {
      const f = a[r * width + col]! / d;
      if (f === 0) continue;
      const rr = r * width;
      const cr = col * width;
      for (let j = col; j < width; j++) a[rr + j]! -= f * a[cr + j]!;
    }
  }
  const out = rhs.map(() => new Float64Array(chain.size));
  for (let j = 0; j < k; j++) {
    const x = new Float64Array(m);
    for (let r = m - 1; r >= 0; r--) {
      let sum = a[r * width + m + j]!;
      for (let c = r + 1; c < m; c++) sum -= a[r * width + c]! * x[c]!;
      x[r] = sum / a[r * width + r]!;
    }
    for (let s = 0; s < chain.size; s++) if (index[s]! >= 0) out[j]![s] = x[index[s]!]!;
  }
  return out;
}

const MAX_SWEEPS = 1_000_000;
const TOLERANCE = 1e-15;

function solveIterative(
  chain: TransientChain,
  rhs: readonly Float64Array[],
  removed: Uint8Array | null,
): SolveOutcome {
  const { size, rowStart, col, prob } = chain;
  const solutions: Float64Array[] = [];
  let sweeps = 0;
  for (const b of rhs) {
    const x = new Float64Array(size);
    let previousDelta = Number.POSITIVE_INFINITY;
    // The bound must hold on two sweeps in a row: one quiet sweep can understate a slow cycle.
    let quiet = 0;
    let done = false;
    let own = 0;
    while (!done) {
      if (own >= MAX_SWEEPS) return { ok: false, sweeps };
      sweeps += 1;
      own += 1;
      let delta = 0;
      let scale = 0;
      for (let s = size - 1; s >= 0; s--) {
        if (removed && removed[s] !== 0) continue;
        let v = b[s]!;
        for (let e = rowStart[s]!; e < rowStart[s + 1]!; e++) {
          const t = col[e]!;
          if (!removed || removed[t] === 0) v += prob[e]! * x[t]!;
        }
        const change = Math.abs(v - x[s]!);
        if (change > delta) delta = change;
        if (v > scale) scale = v;
        x[s] = v;
      }
      const rho = delta / previousDelta; // 0 on the first sweep, which is never enough on its own
      previousDelta = delta;
      if (delta === 0) done = true;
      else if (own > 1 && rho < 1 && (delta * rho) / (1 - rho) <= TOLERANCE * scale) {
        quiet += 1;
        done = quiet >= 2;
      } else quiet = 0;
    }
    solutions.push(x);
  }
  return { ok: true, solutions, sweeps };
}
