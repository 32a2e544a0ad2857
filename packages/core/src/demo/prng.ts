/**
 * A small, fast, seeded pseudo-random generator (sfc32) with the draws the demo world needs.
 * Every random choice in the demo derives from one of these, so the same seed gives the same world.
 * Not for cryptography.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  /** `seed` and `stream` are mixed so that e.g. person 7 and person 8 get unrelated sequences. */
  constructor(seed: number, stream = 0) {
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32(stream ^ 0x85ebca6b);
    this.c = mix32((seed + stream * 0x27d4eb2f) | 0);
    this.d = 1;
    // The first outputs of sfc32 are poorly mixed; discard them.
    for (let i = 0; i < 8; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick: cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[];
    let total = 0;
    for (const key of keys) total += weights[key];
    let r = this.next() * total;
    for (const key of keys) {
      r -= weights[key];
      if (r < 0) return key;
    }
    return keys[keys.length - 1] as K;
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal with the given median and log-space standard deviation. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** A random UUID in version-4 shape (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`). */
  uuid(): string {
    const a = this.nextU32();
    const b = this.nextU32();
    const c = this.nextU32();
    const d = this.nextU32();
    const x = (n: number) => HEX[n & 0xff] as string;
    return (
      `${x(a >>> 24)}${x(a >>> 16)}${x(a >>> 8)}${x(a)}-${x(b >>> 24)}${x(b >>> 16)}-` +
      `4${HEX[(b >>> 8) & 0xf]!.slice(1)}${x(b)}-${x(0x80 | ((c >>> 24) & 0x3f))}${x(c >>> 16)}-` +
      `${x(c >>> 8)}${x(c)}${x(d >>> 24)}${x(d >>> 16)}${x(d >>> 8)}${x(d)}`
    );
  }

  /** `length` characters from `alphabet`, e.g. click ids. */
  token(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A precompiled weighted choice: `rng.weighted()` re-reads the keys on every call, this does not
 * (it is on the hot path of every session).
 */
export function weightedPicker<K extends string>(weights: Readonly<Record<K, number>>): (rng: Prng) => K {
  const keys = (Object.keys(weights) as K[]).filter((k) => weights[k] > 0);
  const total = keys.reduce((sum, k) => sum + weights[k], 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const k of keys) {
    running += weights[k] / total;
    cumulative.push(running);
  }
  return (rng) => {
    const r = rng.next();
    for (let i = 0; i < keys.length; i++) if (r < (cumulative[i] as number)) return keys[i] as K;
    return keys[keys.length - 1] as K;
  };
}

/** A 32-bit integer hash (murmur3 finaliser): spreads nearby seeds far apart. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a string (FNV-1a then mixed), for deterministic per-name attributes. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}
