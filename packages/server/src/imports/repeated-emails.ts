import { type ImportColumnMapping, rowEmailKey } from '@mops/core';
import type { CsvFile } from '../csv/read-csv.ts';

/** A later row of an email that appears more than once in the file. */
export interface LaterRow {
  line: number;
  values: string[];
}

export interface RepeatedEmails {
  /** Email → its rows after the first, in file order. */
  later: Map<string, LaterRow[]>;
  /** Later rows kept. */
  rows: number;
  /** False when the file repeats more than is kept (see MAX_LATER_ROWS): the rest fold within their batch only. */
  complete: boolean;
}

/**
 * Later rows (and characters of them) kept in memory at most. A file that repeats more (a list
 * appended to itself) folds the rest only within a batch, as before.
 */
export const MAX_LATER_ROWS = 250_000;
const MAX_LATER_CHARACTERS = 64 * 1024 * 1024;

/**
 * Reads the whole file once for the emails it repeats, keeping their later rows. The import then
 * applies every row of an email at its first row: the rows of one person are one write, wherever
 * they are in the file, as rows within one batch always were.
 *
 * Why: "the later row wins" applied batch by batch meant that re-importing a file whose rows of
 * one email disagree (a typo fixed further down, a title written two ways) set each person back to
 * the first row's values, then forward again — the same end state, but 2,960 of 30,000 people
 * counted as updated and ~5,800 field-update decisions logged for nothing, on the bench's file.
 */
export async function scanRepeatedEmails(
  csv: CsvFile,
  mapping: ImportColumnMapping,
): Promise<RepeatedEmails> {
  const once = new Set<string>();
  const later = new Map<string, LaterRow[]>();
  let kept = 0;
  let characters = 0;
  let complete = true;
  for await (const batch of csv.batches()) {
    for (const record of batch) {
      if (record.kind !== 'row') continue;
      const email = rowEmailKey(record.values, mapping);
      if (email === null) continue;
      if (!once.has(email)) {
        once.add(email);
        continue;
      }
      const size = record.values.reduce((sum, value) => sum + value.length, 0);
      if (kept >= MAX_LATER_ROWS || characters + size > MAX_LATER_CHARACTERS) {
        complete = false;
        continue;
      }
      // Copies: the reader's values are slices of its ~1 MB read chunk, and keeping one would keep
      // its whole chunk alive (a file's repeats spread over every chunk pinned most of the file).
      const row = { line: record.line, values: JSON.parse(JSON.stringify(record.values)) as string[] };
      const rows = later.get(email);
      if (rows) rows.push(row);
      else later.set(email, [row]);
      kept += 1;
      characters += size;
    }
  }
  return { later, rows: kept, complete };
}
