// Function accuracy against O*NET's alternate titles (CC BY 4.0, in ../shared/data; see its
// LICENSE_NOTE.txt): an outside check on classifyTitle that nobody tuned it against. Only
// occupations that map cleanly onto one of our functions are scored; O*NET has no seniority.
// The number is reported, not tuned to: O*NET's titles are US occupational vocabulary ("Bank
// Teller", "Tax Examiner") rather than B2B form input, so misses here are expected.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyTitle, type JobFunction } from './job-title.ts';

const FILE = new URL(
  '../../../../../shared/data/lists/job-titles-onet/alternate_titles.txt',
  import.meta.url,
);
const available = fs.existsSync(FILE);

// O*NET-SOC code prefixes → our function. Longest prefix wins. Occupations that straddle
// functions (general and operations managers, management analysts, "all other") are left out.
const SOC_FUNCTIONS: readonly (readonly [prefix: string, fn: JobFunction])[] = [
  ['11-1011', 'executive'],
  ['11-2011', 'marketing'],
  ['11-2021', 'marketing'],
  ['11-2022', 'sales'],
  ['11-2032', 'marketing'],
  ['11-3012', 'operations'],
  ['11-3013', 'operations'],
  ['11-3021', 'it'],
  ['11-3031', 'finance'],
  ['11-3061', 'operations'],
  ['11-3071', 'operations'],
  ['11-3111', 'hr'],
  ['11-3121', 'hr'],
  ['11-3131', 'hr'],
  ['11-9041', 'engineering'],
  ['13-1020', 'operations'],
  ['13-1041', 'legal'],
  ['13-1071', 'hr'],
  ['13-1081', 'operations'],
  ['13-1141', 'hr'],
  ['13-1151', 'hr'],
  ['13-1161', 'marketing'],
  ['13-20', 'finance'],
  ['15-1211', 'it'],
  ['15-1212', 'it'],
  ['15-1231', 'it'],
  ['15-1232', 'it'],
  ['15-1241', 'it'],
  ['15-1242', 'it'],
  ['15-1244', 'it'],
  ['15-1251', 'engineering'],
  ['15-1252', 'engineering'],
  ['15-1253', 'engineering'],
  ['15-1254', 'engineering'],
  ['15-2011', 'finance'],
  ['15-2041', 'data'],
  ['15-2051', 'data'],
  ['17-2', 'engineering'],
  ['23-1011', 'legal'],
  ['23-2011', 'legal'],
  ['27-1024', 'marketing'],
  ['27-3031', 'marketing'],
  ['41-1012', 'sales'],
  ['41-3011', 'sales'],
  ['41-3091', 'sales'],
  ['41-4011', 'sales'],
  ['41-4012', 'sales'],
  ['41-9031', 'sales'],
  ['43-3031', 'finance'],
  ['43-3051', 'finance'],
  ['43-4051', 'customer_success'],
  ['43-4171', 'operations'],
  ['43-6011', 'operations'],
  ['43-6014', 'operations'],
];

function functionOf(code: string): JobFunction | null {
  let best: readonly [string, JobFunction] | null = null;
  for (const row of SOC_FUNCTIONS) {
    if (code.startsWith(row[0]) && (best === null || row[0].length > best[0].length)) best = row;
  }
  return best?.[1] ?? null;
}

describe('O*NET alternate titles', () => {
  it.skipIf(!available)('function accuracy (skipped when ../shared/data is absent)', () => {
    const lines = fs.readFileSync(FILE, 'utf8').split('\n').slice(1);
    let scored = 0;
    let hits = 0;
    let unclassified = 0;
    for (const line of lines) {
      const [code = '', title = ''] = line.split('\t');
      const expected = functionOf(code);
      if (expected === null || title === '') continue;
      scored++;
      const got = classifyTitle(title).function;
      if (got === expected) hits++;
      if (got === null) unclassified++;
    }
    const pct = (x: number) => `${((x / scored) * 100).toFixed(1)}%`;
    console.log(
      `O*NET alternate titles (n=${scored} in mapped occupations): function ${pct(hits)} right, ` +
        `${pct(unclassified)} without a function`,
    );
    expect(scored).toBeGreaterThan(1_000);
    // A floor well under the measured value: this guards against a broken classifier, it is
    // not a target.
    expect(hits / scored).toBeGreaterThan(0.45);
  });
});
