// Boxing-free interning of int32 pairs.
/**
 * Interns pairs of non-negative int32s (a comparison pattern packed into two halves, a blocking
 * key made of two value ids) in an open-addressing table of Int32s. A Map keyed by the combined
 * number was a hot spot: beyond 2^30 such keys are heap numbers, slow to hash and to allocate.
 */
export class PairIndex {
  private hi = new Int32Array(1 << 12).fill(-1);
  private lo = new Int32Array(1 << 12);
  private id = new Int32Array(1 << 12);
  size = 0;
  find(h: number, l: number, create: () => number): number {
    let mask = this.hi.length - 1;
    let slot = (Math.imul(h, 0x9e3779b1) ^ Math.imul(l, 0x85ebca6b)) & mask;
    for (;;) {
      const at = this.hi[slot] as number;
      if (at === -1) break;
      if (at === h && this.lo[slot] === l) return this.id[slot] as number;
      slot = (slot + 1) & mask;
    }
    const id = create();
    this.size++;
    if (this.size * 2 > this.hi.length) {
      this.grow();
      mask = this.hi.length - 1;
      slot = (Math.imul(h, 0x9e3779b1) ^ Math.imul(l, 0x85ebca6b)) & mask;
      while (this.hi[slot] !== -1) slot = (slot + 1) & mask;
    }
    this.hi[slot] = h;
    this.lo[slot] = l;
    this.id[slot] = id;
    return id;
  }
  private grow(): void {
    const { hi, lo, id } = this;
    this.hi = new Int32Array(hi.length * 2).fill(-1);
    this.lo = new Int32Array(hi.length * 2);
    this.id = new Int32Array(hi.length * 2);
    const mask = this.hi.length - 1;
    for (let k = 0; k < hi.length; k++) {
      const h = hi[k] as number;
      if (h === -1) continue;
      const l = lo[k] as number;
      let slot = (Math.imul(h, 0x9e3779b1) ^ Math.imul(l, 0x85ebca6b)) & mask;
      while (this.hi[slot] !== -1) slot = (slot + 1) & mask;
      this.hi[slot] = h;
      this.lo[slot] = l;
      this.id[slot] = id[k] as number;
    }
  }
}
