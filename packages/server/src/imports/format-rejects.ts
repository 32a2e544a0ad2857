import { csvLine, spreadsheetSafe } from '../csv/write-csv.ts';
import type { ImportRow } from './import.store.ts';

// One way to show the quarantine, for the CLI and the API alike.

export interface StoredReject {
  line: number;
  reasons: { path: string; code: string; message: string }[];
  raw: string[];
}

/** The file's column names, as read when the import ran. */
export const importHeaders = (row: ImportRow): string[] =>
  (row.options as { headers?: string[] }).headers ?? [];

export const reasonsText = (reasons: StoredReject['reasons']): string =>
  reasons.map((r) => (r.path ? `${r.path}: ${r.message}` : r.message)).join('; ');

/** A reject with its row as {column: value} in the file's column order. */
export function rejectJson(
  reject: StoredReject,
  headers: readonly string[],
): { line: number; reasons: StoredReject['reasons']; row: Record<string, string> } {
  const row: Record<string, string> = {};
  reject.raw.forEach((value, i) => {
    row[headers[i] ?? `column_${i + 1}`] = value;
  });
  return { line: reject.line, reasons: reject.reasons, row };
}

/** CSV export: the original columns plus line and reasons, safe to open in a spreadsheet. */
export const rejectsCsvHeader = (headers: readonly string[]): string =>
  csvLine(['line', 'reasons', ...headers]);
export const rejectCsvLine = (reject: StoredReject): string =>
  csvLine([reject.line, reasonsText(reject.reasons), ...reject.raw.map(spreadsheetSafe)]);
