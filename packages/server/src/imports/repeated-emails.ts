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
  /** False when the file repeats more rows than are kept (see MAX_LATER_ROWS). */
  complete: boolean;
}

/**
 * Later rows kept in memory at most. A file with more repeated rows than this (a list appended to
 * itself) folds the rest only within a batch, as before.
 */
export const MAX_LATER_ROWS = 250_000;

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
      if (kept >= MAX_LATER_ROWS) {
        complete = false;
        continue;
      }
      const rows = later.get(email);
      if (rows) rows.push({ line: record.line, values: record.values });
      else later.set(email, [{ line: record.line, values: record.values }]);
      kept += 1;
    }
  }
  return { later, complete };
}
