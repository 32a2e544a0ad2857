// Identical path texts are counted once: a hash table keyed by the raw bytes of the path field,
// so a repeated path costs a hash and a byte comparison, with no string built. Only a path seen
// for the first time is decoded, split into steps and its channels interned.

const EMPTY = -1;

export class PathInterner {
  private table = new Int32Array(1 << 16).fill(EMPTY);
  private mask = (1 << 16) - 1;
  private hashes = new Int32Array(1024);
  private keyStart = new Int32Array(1024);
  private keyLength = new Int32Array(1024);
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  count = 0;

  /** The id of the path with these bytes, or -1 (then `add` it). */
  find(bytes: Uint8Array, start: number, end: number): number {
    return this.findHashed(bytes, start, end, hashBytes(bytes, start, end));
  }

  /** `find` with the bytes' hashBytes() computed by the caller (while it scanned them). */
  findHashed(bytes: Uint8Array, start: number, end: number, hash: number): number {
    let slot = hash & this.mask;
    const length = end - start;
    for (;;) {
      const id = this.table[slot]!;
      if (id === EMPTY) {
        this.pendingHash = hash;
        this.pendingSlot = slot;
        return -1;
      }
      if (this.hashes[id] === hash && this.keyLength[id] === length && this.equals(id, bytes, start, length))
        return id;
      slot = (slot + 1) & this.mask;
    }
  }

  private pendingHash = 0;
  private pendingSlot = 0;

  /** Adds the bytes last passed to a `find` that returned -1; returns the new id. */
  add(bytes: Uint8Array, start: number, end: number): number {
    const id = this.count++;
    if (id >= this.hashes.length) {
      this.hashes = grow(this.hashes, this.hashes.length * 2);
      this.keyStart = grow(this.keyStart, this.hashes.length);
      this.keyLength = grow(this.keyLength, this.hashes.length);
    }
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    this.arena.set(bytes.subarray(start, end), this.arenaUsed);
    this.hashes[id] = this.pendingHash;
    this.keyStart[id] = this.arenaUsed;
    this.keyLength[id] = length;
    this.arenaUsed += length;
    this.table[this.pendingSlot] = id;
    if (this.count * 2 > this.table.length) this.rehash();
    return id;
  }

  private equals(id: number, bytes: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    const at = this.keyStart[id]!;
    for (let i = 0; i < length; i++) if (arena[at + i] !== bytes[start + i]) return false;
    return true;
  }

  private rehash(): void {
    const size = this.table.length * 2;
    this.table = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hashes[id]! & this.mask;
      while (this.table[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.table[slot] = id;
    }
  }
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, FNV_PRIME);
  return h;
}

export function grow<T extends Int32Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
