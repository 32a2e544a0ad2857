import { csvLine, spreadsheetSafe } from '../csv/write-csv.ts';
import type { ReportColumn, ReportResult, ReportTable, ReportValue } from '../reports/report-definition.ts';
import { print } from './output.ts';

// A measurement report in the terminal: each table aligned, numbers formatted for reading, the
// denominators underneath. `--csv` writes one table raw (numbers unformatted) for a spreadsheet.

export function formatValue(value: ReportValue, column: ReportColumn): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  switch (column.kind) {
    case 'rate':
      return `${(value * 100).toFixed(1)}%`;
    case 'money':
      return value.toLocaleString('en', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
    case 'count':
      return value.toLocaleString('en');
    case 'days':
      return value.toFixed(1);
    case 'duration_ms':
      return formatElapsed(value);
    default:
      return Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(2);
  }
}

/**
 * 45s, 12m, 3h 05m, 2d 4h: how long a lead waited, the way a sales manager says it (core's
 * formatDuration writes playbook-style durations such as 1.5h instead).
 */
export function formatElapsed(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(minutes / 1440)}d ${Math.floor((minutes % 1440) / 60)}h`;
}

const rightAligned = (column: ReportColumn) => column.kind !== 'text' && column.kind !== 'time';

export function printTable(table: ReportTable): void {
  const cells = table.rows.map((row) => table.columns.map((c) => formatValue(row[c.key] ?? null, c)));
  const widths = table.columns.map((c, i) =>
    Math.min(48, Math.max(c.label.length, ...cells.map((r) => (r[i] ?? '').length))),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const column = table.columns[i] as ReportColumn;
        const width = widths[i] ?? 0;
        const text = v.length > width ? `${v.slice(0, width - 1)}…` : v;
        return rightAligned(column) ? text.padStart(width) : text.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  print(`\n${table.title}`);
  print(line(table.columns.map((c) => c.label)));
  print(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of cells) print(line(row));
  if (table.rows.length === 0) print('(no rows)');
}

export function printReport(result: ReportResult): void {
  print(result.title);
  for (const table of result.tables) printTable(table);
  if (result.denominators.length > 0) {
    print('\ncounted');
    for (const d of result.denominators) print(`  · ${d}`);
  }
  for (const note of result.notes) print(`note: ${note}`);
}

export function tableCsv(table: ReportTable): string {
  return (
    csvLine(table.columns.map((c) => c.key)) +
    table.rows.map((row) => csvLine(table.columns.map((c) => toCsv(row[c.key] ?? null)))).join('')
  );
}

// Campaign names and UTM values are other people's text: no cell may start a spreadsheet formula.
const toCsv = (value: ReportValue) =>
  typeof value === 'boolean' ? String(value) : typeof value === 'string' ? spreadsheetSafe(value) : value;
