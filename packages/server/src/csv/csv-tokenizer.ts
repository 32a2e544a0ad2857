// A streaming RFC 4180 tokenizer that keeps going after bad lines. Off-the-shelf parsers either
// stop at the first malformed record or, after a stray quote, silently swallow the records that
// follow it; an import must instead name every bad line and keep every good one.
//
// Rules: a field that starts with `"` is quoted (`""` inside is a quote); a quote anywhere else is
// a literal character (`5" screen`). Records end at \n, \r\n or a lone \r. Text after a closing
// quote, or a quoted field still open after MAX_RECORD_CHARS (an unclosed quote), makes the record
// malformed; parsing resumes on the physical line after the one where that record began, so one
// stray quote costs one line, not the rest of the file.

export type TokenizedRecord = { line: number; fields: string[]; error: string | null };

/** Longer than any sane row; beyond it an open quote is taken to be unclosed. */
export const MAX_RECORD_CHARS = 1_000_000;

const QUOTE = 34;
const LF = 10;
const CR = 13;

type ParseOutcome =
  | { kind: 'record'; record: TokenizedRecord; next: number; lines: number }
  | { kind: 'incomplete' }
  | { kind: 'unclosed' };

export class CsvTokenizer {
  private readonly delimiter: number;
  private buffer = '';
  private line = 1;
  /** Fields per record (from the header): a record spanning lines with another count is a stray quote. */
  private width: number | null = null;

  expectFields(width: number): void {
    this.width = width;
  }

  constructor(delimiter: string) {
    if (delimiter.length !== 1)
      throw new Error(`delimiter must be one character, got ${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Feeds decoded text; returns the records completed by it. */
  push(text: string): TokenizedRecord[] {
    this.buffer = this.buffer.length === 0 ? text : this.buffer + text;
    return this.drain(false);
  }

  /** Ends the input; returns the last records (an open quote at the end becomes a malformed record). */
  end(): TokenizedRecord[] {
    return this.drain(true);
  }

  private drain(final: boolean): TokenizedRecord[] {
    const out: TokenizedRecord[] = [];
    let start = 0;
    const buf = this.buffer;
    while (start < buf.length) {
      const outcome = this.parseRecord(buf, start, final);
      if (outcome.kind === 'incomplete') break;
      if (outcome.kind === 'unclosed') {
        // Report the record's first line and resume right after it.
        const lineEnd = endOfLine(buf, start);
        out.push({
          line: this.line,
          fields: [buf.slice(start, lineEnd.contentEnd)],
          error: 'a quoted field opened on this line is never closed (check for a stray " character)',
        });
        start = lineEnd.next;
        this.line += 1;
        continue;
      }
      if (!isBlank(outcome.record)) out.push(outcome.record);
      start = outcome.next;
      this.line += outcome.lines;
    }
    this.buffer = start >= buf.length ? '' : buf.slice(start);
    return out;
  }

  private parseRecord(buf: string, start: number, final: boolean): ParseOutcome {
    const fields: string[] = [];
    let error: string | null = null;
    let lines = 1;
    let multiline = false;
    let i = start;
    for (;;) {
      if (i < buf.length && buf.charCodeAt(i) === QUOTE) {
        const quoted = readQuoted(buf, i + 1, final);
        if (quoted === null) {
          const open = buf.length - start > MAX_RECORD_CHARS || final;
          return open ? { kind: 'unclosed' } : { kind: 'incomplete' };
        }
        lines += quoted.newlines;
        multiline ||= quoted.newlines > 0;
        let value = quoted.value;
        i = quoted.next;
        // Text between the closing quote and the next delimiter: keep it, but flag the record.
        const tailEnd = scanUnquoted(buf, i, this.delimiter);
        // A "field" that ran over line breaks into text that is not a delimiter started at a stray
        // quote: swallowing the lines in between would lose good rows, so only its line is lost.
        if (tailEnd > i && multiline) return { kind: 'unclosed' };
        if (tailEnd > i) {
          error ??= `unexpected text after a closing quote in field ${fields.length + 1}`;
          value += buf.slice(i, tailEnd);
          i = tailEnd;
        }
        fields.push(value);
      } else {
        const end = scanUnquoted(buf, i, this.delimiter);
        fields.push(buf.slice(i, end));
        i = end;
      }
      if (i >= buf.length) {
        if (!final) return { kind: 'incomplete' };
        if (this.strayQuote(multiline, fields)) return { kind: 'unclosed' };
        return { kind: 'record', record: { line: this.line, fields, error }, next: i, lines: 0 };
      }
      const c = buf.charCodeAt(i);
      if (c === this.delimiter) {
        i += 1;
        continue;
      }
      // A record delimiter. \r at the very end of a chunk may be the first half of \r\n.
      if (c === CR) {
        if (i + 1 >= buf.length && !final) return { kind: 'incomplete' };
        i += buf.charCodeAt(i + 1) === LF ? 2 : 1;
      } else i += 1;
      if (this.strayQuote(multiline, fields)) return { kind: 'unclosed' };
      return { kind: 'record', record: { line: this.line, fields, error }, next: i, lines };
    }
  }

  /** A record spanning lines whose field count is wrong was opened by a stray quote. */
  private strayQuote(multiline: boolean, fields: string[]): boolean {
    return multiline && this.width !== null && fields.length !== this.width;
  }
}

function scanUnquoted(buf: string, from: number, delimiter: number): number {
  let i = from;
  while (i < buf.length) {
    const c = buf.charCodeAt(i);
    if (c === delimiter || c === LF || c === CR) break;
    i += 1;
  }
  return i;
}

function readQuoted(
  buf: string,
  from: number,
  final: boolean,
): { value: string; next: number; newlines: number } | null {
  let value = '';
  let segment = from;
  let newlines = 0;
  for (;;) {
    const q = buf.indexOf('"', segment);
    // Unclosed so far; a quote as the last character of a chunk may be the first half of "".
    if (q === -1 || (q + 1 >= buf.length && !final)) return null;
    const piece = buf.slice(segment, q);
    newlines += countNewlines(piece);
    if (q + 1 < buf.length && buf.charCodeAt(q + 1) === QUOTE) {
      value += `${piece}"`;
      segment = q + 2;
      continue;
    }
    return { value: value + piece, next: q + 1, newlines };
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) n += 1;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) n += 1;
  }
  return n;
}

function endOfLine(buf: string, from: number): { contentEnd: number; next: number } {
  let i = from;
  while (i < buf.length && buf.charCodeAt(i) !== LF && buf.charCodeAt(i) !== CR) i += 1;
  if (i >= buf.length) return { contentEnd: i, next: i };
  const next = buf.charCodeAt(i) === CR && buf.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
  return { contentEnd: i, next };
}

const isBlank = (record: TokenizedRecord): boolean =>
  record.error === null && record.fields.length === 1 && record.fields[0] === '';
