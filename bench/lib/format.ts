// Human-readable tables for LoadResult. The results themselves are plain JSON-safe objects, so
// machine-readable output is just JSON.stringify(result).
import type { LoadResult } from './tally.ts';

const COLUMNS = [
  'sent',
  'ok',
  'err',
  'drop',
  'ok/s',
  'min',
  'mean',
  'p50',
  'p90',
  'p95',
  'p99',
  'p99.9',
  'max',
] as const;

/** One header row and one row of figures (latencies in ms), then error counts and samples. */
export function formatSummary(name: string, result: LoadResult): string {
  return formatSummaries([[name, result]]);
}

/** Several results in one table with aligned columns, e.g. a load and its concurrent probe. */
export function formatSummaries(entries: ReadonlyArray<readonly [string, LoadResult]>): string {
  const header = ['', ...COLUMNS];
  const rows = entries.map(([name, r]) => [name, ...figures(r)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]?.length ?? 0)));
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');

  const out = [`${line(header)}   (latency ms)`, ...rows.map(line)];
  for (const [name, r] of entries) {
    const errs = Object.entries(r.errors).map(([key, n]) => `${key}×${n}`);
    if (errs.length > 0) out.push(`  ${name} errors: ${errs.join(' ')}`);
    for (const sample of r.sampleErrors) out.push(`  ${name} sample: ${oneLine(sample)}`);
    if (r.sendLag !== undefined && r.sendLag.p99 >= 5) {
      out.push(`  ${name} client lag behind schedule: p99 ${ms(r.sendLag.p99)} max ${ms(r.sendLag.max)} ms`);
    }
  }
  return out.join('\n');
}

function figures(r: LoadResult): string[] {
  const errorCount = Object.values(r.errors).reduce((a, b) => a + b, 0);
  const l = r.latency;
  return [
    String(r.sent),
    String(r.ok),
    String(errorCount),
    String(r.dropped),
    r.throughputPerSec.toFixed(1),
    ...[l.min, l.mean, l.p50, l.p90, l.p95, l.p99, l.p999, l.max].map(ms),
  ];
}

// Three significant figures are plenty for latencies on a noisy machine.
function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
