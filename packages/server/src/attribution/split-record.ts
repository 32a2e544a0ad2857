// Byte-level CSV record splitting (RFC 4180 quoting) and in-place number parsing for the path
// file reader. Field boundaries are written into a reused record object: no strings, no arrays
// per row.

const QUOTE = 34;
const LF = 10;
const CR = 13;

export interface SplitRecord {
  count: number;
  /** content bounds per field (inside the quotes for a quoted field) */
  start: Int32Array;
  end: Int32Array;
  /** quoted field containing "" (an escaped quote) */
  escaped: Uint8Array;
  quoted: Uint8Array;
  /** line breaks inside quoted fields */
  lines: number;
  error: string;
}

/**
 * Splits the record starting at `pos` into `out`; returns where the next record starts, or -1
 * when the record is not complete in `buf` and more input may follow (`final` false).
 */
export function splitRecord(
  buf: Uint8Array,
  pos: number,
  sep: number,
  final: boolean,
  out: SplitRecord,
): number {
  const len = buf.length;
  let count = 0;
  out.lines = 0;
  out.error = '';
  for (;;) {
    if (count === out.start.length) growRecord(out);
    if (pos < len && buf[pos] === QUOTE) {
      const s = pos + 1;
      let i = s;
      let escaped = 0;
      let q: number;
      for (;;) {
        q = buf.indexOf(QUOTE, i);
        if (q < 0) {
          if (!final) return -1;
          out.error = 'a quoted field is never closed (check for a stray " character)';
          out.count = count;
          return len;
        }
        if (q + 1 < len && buf[q + 1] === QUOTE) {
          escaped = 1;
          i = q + 2;
          continue;
        }
        if (q + 1 >= len && !final) return -1;
        break;
      }
      for (let k = s; k < q; k++) if (buf[k] === LF) out.lines += 1;
      out.start[count] = s;
      out.end[count] = q;
      out.escaped[count] = escaped;
      out.quoted[count] = 1;
      count += 1;
      pos = q + 1;
      if (pos < len && buf[pos] !== sep && buf[pos] !== LF && buf[pos] !== CR) {
        out.error = 'text after the closing quote of a field';
        while (pos < len && buf[pos] !== LF) pos += 1;
        out.count = count;
        return pos < len ? pos + 1 : len;
      }
    } else {
      const s = pos;
      while (pos < len) {
        const b = buf[pos]!;
        if (b === sep || b === LF || b === CR) break;
        pos += 1;
      }
      if (pos >= len && !final) return -1;
      out.start[count] = s;
      out.end[count] = pos;
      out.escaped[count] = 0;
      out.quoted[count] = 0;
      count += 1;
    }
    if (pos < len && buf[pos] === sep) {
      pos += 1;
      continue;
    }
    out.count = count;
    if (pos >= len) return len;
    if (buf[pos] === CR) {
      if (pos + 1 >= len && !final) return -1;
      return buf[pos + 1] === LF ? pos + 2 : pos + 1;
    }
    return pos + 1; // LF
  }
}

function growRecord(out: SplitRecord): void {
  const size = out.start.length * 2;
  const start = new Int32Array(size);
  start.set(out.start);
  const end = new Int32Array(size);
  end.set(out.end);
  const escaped = new Uint8Array(size);
  escaped.set(out.escaped);
  const quoted = new Uint8Array(size);
  quoted.set(out.quoted);
  out.start = start;
  out.end = end;
  out.escaped = escaped;
  out.quoted = quoted;
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The number in buf[start, end), spaces around it allowed; NaN when it is empty or not a number.
 * Plain decimals take a fast path: digits m and k decimals give m / 10^k, exactly what Number()
 * returns while m < 2^53 and k ≤ 22 (a quotient of two exact doubles is correctly rounded).
 */
export function parseCount(buf: Uint8Array, start: number, end: number): number {
  while (start < end && (buf[start] === 32 || buf[start] === 9)) start += 1;
  while (end > start && (buf[end - 1] === 32 || buf[end - 1] === 9)) end -= 1;
  if (start === end) return Number.NaN;
  let mantissa = 0;
  let decimals = -1;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b >= 48 && b <= 57) {
      mantissa = mantissa * 10 + (b - 48);
      digits += 1;
      if (decimals >= 0) decimals += 1;
    } else if (b === 46 && decimals < 0) decimals = 0;
    else return slowCount(buf, start, end);
  }
  if (digits === 0 || mantissa > Number.MAX_SAFE_INTEGER || decimals > 22) return slowCount(buf, start, end);
  return decimals > 0 ? mantissa / POW10[decimals]! : mantissa;
}

function slowCount(buf: Uint8Array, start: number, end: number): number {
  const text = new TextDecoder().decode(buf.subarray(start, end));
  return NUMBER.test(text) ? Number(text) : Number.NaN;
}
