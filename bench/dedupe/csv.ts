// Minimal CSV writing and the reading the bench needs. Writing quotes only when a value needs it
// (and keeps deliberate leading/trailing spaces by quoting them).
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';

// Quote when a value holds a delimiter, quote or line break, or starts/ends with a space.
const NEEDS_QUOTES = /^ | $|[",\r\n]/;

export function csvField(value: string): string {
  if (value === '' || !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

export function csvLine(values: readonly string[]): string {
  // join() builds one flat string; `+=` would build a rope of small pieces, which costs the
  // garbage collector dearly while 65k generated rows wait in the shuffle window.
  return `${values.map(csvField).join(',')}\n`;
}

/** Appends lines to a file descriptor in ~1 MB chunks (fast for millions of rows, little memory). */
export class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  private readonly fd: number;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

export interface CsvReadOptions {
  /** Ignore whitespace after delimiters (FEBRL and the restaurants file put a space after commas). */
  trim?: boolean;
}

/** Reads a whole CSV file with a header row into records. */
export function readCsv(file: string, options: CsvReadOptions = {}): Record<string, string>[] {
  return parse(fs.readFileSync(file, 'utf8'), {
    columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true,
    relax_column_count: true,
    trim: options.trim ?? false,
    bom: true,
  }) as Record<string, string>[];
}

/** Reads a header + rows CSV into arrays (cheaper than objects for a million output rows). */
export function readCsvRows(file: string): { header: string[]; rows: string[][] } {
  const all = parse(fs.readFileSync(file, 'utf8'), {
    skip_empty_lines: true,
    relax_column_count: true,
    bom: true,
  }) as string[][];
  return { header: all[0] ?? [], rows: all.slice(1) };
}
