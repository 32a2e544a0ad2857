import type { ErrorDetail, PathSet, Result } from '@mops/core';
import { FNV_OFFSET, FNV_PRIME, grow, PathInterner } from './path-interner.ts';
import { chooseSeparator, fail, guessPathSeparator, PATH_COLUMNS, stepProblem } from './path-table-header.ts';
import { parseCount, type SplitRecord, splitRecord } from './split-record.ts';

// Reads the ChannelAttribution layout — `path;total_conversions;total_conversion_value;total_null`,
// paths like `a > b > c` — straight from bytes into a PathSet, identical paths summed. The shared
// streaming CSV reader decodes every field into a string (~1.5 s for a million rows); here each
// byte is looked at once on the common row (no quotes, a path seen before, plain numbers): the
// path is hashed while its end is searched and the counts are parsed in place. Every other row —
// quoted fields, a new path, anything odd — takes the general RFC 4180 route, which also names
// what is wrong with a bad line.

export { PATH_COLUMNS } from './path-table-header.ts';

const MAX_REPORTED = 20;
const INCOMPLETE = -1;
const SLOW = -2;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
// Column roles in the fast row.
const OTHER = 0;
const PATH = 1;
const CONVERSIONS = 2;
const VALUE = 3;
const NULLS = 4;

export interface PathTableOptions {
  /** column separator; default: detected from the header among , ; tab | */
  sep?: string;
  /** step separator inside `path`; default '>' (spaces around steps are trimmed) */
  pathSep?: string;
}

export interface PathTable {
  paths: PathSet;
  rows: number;
  separator: string;
  /** columns of the layout the file lacks (value and null columns are optional, read as 0) */
  missingColumns: string[];
  ignoredColumns: string[];
}

/** `chunks` yields the file's bytes in order (any chunk sizes). */
export function parsePathTable(
  chunks: Iterable<Uint8Array>,
  options: PathTableOptions = {},
): Result<PathTable> {
  const pathSep = (options.pathSep ?? '>').trim();
  if (pathSep === '' || /["\r\n]/.test(pathSep)) {
    return fail(
      'UNKNOWN_SEPARATOR',
      `--path-sep ${JSON.stringify(options.pathSep)} cannot separate steps: give a visible character such as '>'`,
    );
  }
  if (options.sep !== undefined && (options.sep.length !== 1 || /["\r\n]/.test(options.sep))) {
    return fail(
      'UNKNOWN_SEPARATOR',
      `--sep ${JSON.stringify(options.sep)} is not a column separator: give one character such as ',' or ';'`,
    );
  }
  let carry: Uint8Array | null = null;
  let reader: PathTableReader | null = null;
  const iterator = chunks[Symbol.iterator]();
  for (;;) {
    const next = iterator.next();
    const final = next.done === true;
    let buf: Uint8Array = next.done ? new Uint8Array(0) : next.value;
    if (carry) {
      const joined = new Uint8Array(carry.length + buf.length);
      joined.set(carry);
      joined.set(buf, carry.length);
      buf = joined;
      carry = null;
    }
    let pos = 0;
    if (!reader) {
      if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
        return fail('CSV_UNREADABLE', 'the file is UTF-16: save it as UTF-8 (CSV UTF-8 in spreadsheets)');
      }
      const headerEnd = buf.indexOf(LF);
      if ((headerEnd < 0 || buf.length < 4) && !final) {
        carry = buf;
        continue;
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      const text = new TextDecoder()
        .decode(buf.subarray(pos, headerEnd < 0 ? buf.length : headerEnd))
        .replace(/\r$/, '');
      if (text.trim() === '') {
        return fail(
          'CSV_EMPTY',
          'the file is empty: expected the header path,total_conversions,total_conversion_value,total_null and rows',
        );
      }
      const chosen = chooseSeparator(text, options.sep);
      if (!chosen.ok) return chosen;
      if (pathSep.includes(chosen.value)) {
        return fail(
          'UNKNOWN_SEPARATOR',
          `the path separator ${JSON.stringify(pathSep)} contains the column separator ${JSON.stringify(chosen.value)}`,
        );
      }
      reader = new PathTableReader(chosen.value.charCodeAt(0), pathSep);
    }
    const stop = reader.push(buf, pos, final);
    if (final) break;
    carry = stop < buf.length ? buf.subarray(stop) : null;
  }
  return reader ? reader.finish() : fail('CSV_EMPTY', 'the file is empty');
}

class PathTableReader {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly interner = new PathInterner();
  private readonly channelIds = new Map<string, number>();
  private readonly channels: string[] = [];
  private offsets = new Int32Array(1024);
  private steps = new Int32Array(4096);
  private stepCount = 0;
  private conversions = new Float64Array(1024);
  private value = new Float64Array(1024);
  private nulls = new Float64Array(1024);
  private multiStep = 0;
  private readonly errors: ErrorDetail[] = [];
  private errorLines = 0;
  /** role of each column (OTHER, PATH, …); empty until the header is read */
  private kinds = new Uint8Array(0);
  private columns: number[] = [];
  private header: string[] = [];
  private width = 0;
  private rows = 0;
  private line = 1;
  private readonly record: SplitRecord = {
    count: 0,
    start: new Int32Array(16),
    end: new Int32Array(16),
    escaped: new Uint8Array(16),
    quoted: new Uint8Array(16),
    lines: 0,
    error: '',
  };

  private readonly sep: number;
  private readonly pathSep: string;

  constructor(sep: number, pathSep: string) {
    this.sep = sep;
    this.pathSep = pathSep;
  }

  /** Reads the records of buf from pos; returns where the unfinished last record starts. */
  push(buf: Uint8Array, pos: number, final: boolean): number {
    const len = buf.length;
    while (pos < len) {
      let next = this.width > 0 ? this.fastRow(buf, pos, final) : SLOW;
      if (next === SLOW) next = this.slowRow(buf, pos, final);
      if (next === INCOMPLETE) return pos;
      pos = next;
    }
    return pos;
  }

  /** The common row in one pass; SLOW for anything it does not handle, INCOMPLETE for more input. */
  private fastRow(buf: Uint8Array, pos: number, final: boolean): number {
    const len = buf.length;
    const sep = this.sep;
    const kinds = this.kinds;
    const last = this.width - 1;
    let pathStart = 0;
    let pathEnd = 0;
    let hash = FNV_OFFSET;
    let conv = 0;
    let val = 0;
    let nul = 0;
    for (let f = 0; f <= last; f++) {
      const kind = kinds[f]!;
      const start = pos;
      if (kind === PATH || kind === OTHER) {
        if (pos < len && buf[pos] === QUOTE) return SLOW;
        if (kind === PATH) {
          while (pos < len) {
            const b = buf[pos]!;
            if (b === sep || b === LF || b === CR) break;
            hash = Math.imul(hash ^ b, FNV_PRIME);
            pos += 1;
          }
          pathStart = start;
          pathEnd = pos;
        } else {
          while (pos < len) {
            const b = buf[pos]!;
            if (b === sep || b === LF || b === CR) break;
            pos += 1;
          }
        }
      } else {
        let mantissa = 0;
        let decimals = -1;
        while (pos < len) {
          const b = buf[pos]!;
          if (b >= 48 && b <= 57) {
            mantissa = mantissa * 10 + (b - 48);
            if (decimals >= 0) decimals += 1;
          } else if (b === 46 && decimals < 0) decimals = 0;
          else break;
          pos += 1;
        }
        if (pos >= len && !final) return INCOMPLETE;
        const digits = pos - start - (decimals >= 0 ? 1 : 0);
        if (digits === 0 || mantissa > Number.MAX_SAFE_INTEGER || decimals > 22) return SLOW;
        const n = decimals > 0 ? mantissa / POW10[decimals]! : mantissa;
        if (kind === CONVERSIONS) conv = n;
        else if (kind === VALUE) val = n;
        else nul = n;
      }
      if (pos >= len) {
        if (!final) return INCOMPLETE;
        if (f < last) return SLOW;
        break;
      }
      const b = buf[pos]!;
      if (f < last) {
        if (b !== sep) return SLOW;
        pos += 1;
      } else if (b === LF) pos += 1;
      else if (b === CR) {
        if (pos + 1 >= len && !final) return INCOMPLETE;
        pos += buf[pos + 1] === LF ? 2 : 1;
      } else return SLOW;
    }
    if (conv === 0 && val > 0) return SLOW;
    const id = this.interner.findHashed(buf, pathStart, pathEnd, hash);
    if (id < 0) return SLOW;
    this.conversions[id]! += conv;
    this.value[id]! += val;
    this.nulls[id]! += nul;
    this.rows += 1;
    this.line += 1;
    return pos;
  }

  /** Any record, by the general splitter: the header, new paths, quoted fields, bad lines. */
  private slowRow(buf: Uint8Array, pos: number, final: boolean): number {
    const record = this.record;
    const end = splitRecord(buf, pos, this.sep, final, record);
    if (end < 0) return INCOMPLETE;
    const at = this.line;
    this.line += 1 + record.lines;
    if (record.count === 1 && record.end[0] === record.start[0] && !record.quoted[0]) return end; // blank line
    if (record.error) {
      this.report(at, 'path', record.error);
      return end;
    }
    if (this.width === 0) {
      this.readHeader(buf);
      return end;
    }
    this.rows += 1;
    const width = this.width;
    if (record.count < width) {
      this.report(at, 'path', `has ${record.count} fields, the header has ${width}`);
      return end;
    }
    for (let f = width; f < record.count; f++) {
      if (record.end[f]! > record.start[f]!) {
        const sepText = JSON.stringify(String.fromCharCode(this.sep));
        this.report(
          at,
          'path',
          `has ${record.count} fields, the header has ${width}: a channel name containing ${sepText} (the column separator) must be in a quoted field`,
        );
        return end;
      }
    }
    const [pc, cc, vc, nc] = this.columns as [number, number, number, number];
    const conv = this.count(buf, cc, 'total_conversions', at);
    const val = vc >= 0 ? this.count(buf, vc, 'total_conversion_value', at) : 0;
    const nul = nc >= 0 ? this.count(buf, nc, 'total_null', at) : 0;
    if (Number.isNaN(conv) || Number.isNaN(val) || Number.isNaN(nul)) return end;
    if (conv === 0 && val > 0) {
      this.report(
        at,
        'total_conversion_value',
        `is ${val} but total_conversions is 0: value comes with conversions`,
      );
      return end;
    }
    const start = record.start[pc]!;
    const stop = record.end[pc]!;
    let id = this.interner.find(buf, start, stop);
    if (id < 0) {
      id = this.addPath(buf, start, stop, record.escaped[pc] === 1, at);
      if (id < 0) return end;
    }
    this.conversions[id]! += conv;
    this.value[id]! += val;
    this.nulls[id]! += nul;
    return end;
  }

  private readHeader(buf: Uint8Array): void {
    const r = this.record;
    const names: string[] = [];
    for (let f = 0; f < r.count; f++)
      names.push(new TextDecoder().decode(buf.subarray(r.start[f]!, r.end[f]!)).trim());
    while (names.length > 1 && names.at(-1) === '') names.pop();
    const lower = names.map((h) => h.toLowerCase());
    this.header = names;
    this.columns = PATH_COLUMNS.map((name) => lower.indexOf(name));
    this.width = names.length;
    this.kinds = new Uint8Array(names.length);
    this.columns.forEach((column, role) => {
      if (column >= 0) this.kinds[column] = [PATH, CONVERSIONS, VALUE, NULLS][role]!;
    });
  }

  /** A count of the record's field, or NaN after reporting why it is not one. */
  private count(buf: Uint8Array, field: number, column: string, line: number): number {
    const start = this.record.start[field]!;
    const end = this.record.end[field]!;
    const n = parseCount(buf, start, end);
    if (n >= 0 && Number.isFinite(n)) return n;
    const text = new TextDecoder().decode(buf.subarray(start, end)).trim();
    if (text === '') this.report(line, column, 'is empty: write 0');
    else if (Number(text) < 0) this.report(line, column, `is negative (${text})`);
    else this.report(line, column, `is not a number: "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`);
    return Number.NaN;
  }

  /** Decodes, splits and interns a path seen for the first time; -1 after reporting a bad one. */
  private addPath(buf: Uint8Array, start: number, end: number, escaped: boolean, line: number): number {
    let text: string;
    try {
      text = this.decoder.decode(buf.subarray(start, end));
    } catch {
      this.report(line, 'path', 'is not valid UTF-8: save the file as UTF-8');
      return -1;
    }
    if (escaped) text = text.replaceAll('""', '"');
    const parts = text.split(this.pathSep);
    const problem = stepProblem(parts);
    if (problem) {
      this.report(line, 'path', problem);
      return -1;
    }
    const id = this.interner.add(buf, start, end);
    if (id >= this.conversions.length) {
      const size = this.conversions.length * 2;
      this.conversions = grow(this.conversions, size);
      this.value = grow(this.value, size);
      this.nulls = grow(this.nulls, size);
      this.offsets = grow(this.offsets, size + 1);
    }
    if (this.stepCount + parts.length > this.steps.length) {
      this.steps = grow(this.steps, Math.max(this.steps.length * 2, this.stepCount + parts.length));
    }
    this.offsets[id] = this.stepCount;
    for (const part of parts) {
      const name = part.trim();
      let c = this.channelIds.get(name);
      if (c === undefined) {
        c = this.channels.length;
        this.channelIds.set(name, c);
        this.channels.push(name);
      }
      this.steps[this.stepCount++] = c;
    }
    if (parts.length > 1) this.multiStep += 1;
    return id;
  }

  private report(line: number, column: string, message: string): void {
    this.errorLines += 1;
    if (this.errors.length < MAX_REPORTED) {
      this.errors.push({ path: column, code: 'INVALID_ROW', message, location: `line ${line}` });
    }
  }

  finish(): Result<PathTable> {
    if (this.width === 0) {
      return fail(
        'CSV_EMPTY',
        'the file is empty: expected the header path,total_conversions,total_conversion_value,total_null and rows',
      );
    }
    if (this.errorLines > 0) {
      const more = this.errorLines > MAX_REPORTED ? ` (the first ${MAX_REPORTED} are listed)` : '';
      return fail(
        'PATHS_INVALID',
        `${this.errorLines} line(s) of the path file are invalid${more}; nothing was written`,
        this.errors,
      );
    }
    if (this.rows === 0) return fail('CSV_EMPTY', 'the file has a header but no rows');
    const count = this.interner.count;
    this.offsets[count] = this.stepCount;
    if (this.multiStep === 0) {
      const guess = guessPathSeparator(this.channels, this.pathSep);
      if (guess) {
        return fail(
          'UNKNOWN_SEPARATOR',
          `no path contains the path separator ${JSON.stringify(this.pathSep)}, but channel names contain ${JSON.stringify(guess.sep)} (e.g. "${guess.channel}"): pass --path-sep '${guess.sep.trim()}'`,
        );
      }
    }
    const known = new Set(this.columns.filter((c) => c >= 0));
    return {
      ok: true,
      value: {
        paths: {
          channels: this.channels,
          pathCount: count,
          offsets: this.offsets.subarray(0, count + 1),
          steps: this.steps.subarray(0, this.stepCount),
          conversions: this.conversions.subarray(0, count),
          value: this.value.subarray(0, count),
          nulls: this.nulls.subarray(0, count),
        },
        rows: this.rows,
        separator: String.fromCharCode(this.sep),
        missingColumns: PATH_COLUMNS.filter((_, i) => this.columns[i]! < 0),
        ignoredColumns: this.header.filter((_, i) => !known.has(i)),
      },
    };
  }
}
