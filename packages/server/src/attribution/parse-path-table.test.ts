import { describe, expect, it } from 'vitest';
import { type PathTableOptions, parsePathTable } from './parse-path-table.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
/** The same bytes in chunks of `size` (1 = every record crosses chunk boundaries). */
function* chunked(data: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.slice(i, i + size);
}

function read(text: string | Uint8Array, options: PathTableOptions = {}, size = 1 << 20) {
  const data = typeof text === 'string' ? bytes(text) : text;
  return parsePathTable(chunked(data, size), options);
}

/** path text (steps joined by ' > ') → [conversions, value, nulls] */
function table(text: string, options: PathTableOptions = {}, size?: number) {
  const r = read(text, options, size);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details)}`);
  const p = r.value.paths;
  const out: Record<string, [number, number, number]> = {};
  for (let i = 0; i < p.pathCount; i++) {
    const name = [...p.steps.subarray(p.offsets[i]!, p.offsets[i + 1]!)]
      .map((c) => p.channels[c])
      .join(' > ');
    const prev = out[name] ?? [0, 0, 0];
    out[name] = [prev[0] + p.conversions[i]!, prev[1] + p.value[i]!, prev[2] + p.nulls[i]!];
  }
  return { paths: out, rows: r.value.rows, separator: r.value.separator, missing: r.value.missingColumns };
}

const MESSY = [
  '\uFEFFpath;total_conversions;total_conversion_value;total_null',
  'a > b;3;30;1',
  'a>b;1;0.5;0\r',
  '',
  '"x;y > b";2;4.25;0',
  '"say ""hi"" > a";1;1;1',
  '"multi',
  'line > a";1;1e1;2',
  ' a > b ;  2 ; 1.5 ; 3 ',
  'a > c;0;0;7',
].join('\n');

describe('parsePathTable', () => {
  it('reads quoting, CRLF, BOM, blank lines and spaces, and sums identical paths', () => {
    const t = table(MESSY);
    expect(t.separator).toBe(';');
    expect(t.rows).toBe(7);
    expect(t.paths).toEqual({
      'a > b': [6, 32, 4],
      'x;y > b': [2, 4.25, 0],
      'say "hi" > a': [1, 1, 1],
      'multi\nline > a': [1, 10, 2],
      'a > c': [0, 0, 7],
    });
  });

  it.each([1, 2, 3, 7, 64])('gives the same result in chunks of %i bytes', (size) => {
    expect(table(MESSY, {}, size)).toEqual(table(MESSY));
  });

  it.each([
    [',', 'path,total_conversions,total_conversion_value,total_null\na > b,1,2,0\n'],
    ['\t', 'path\ttotal_conversions\ttotal_conversion_value\ttotal_null\na > b\t1\t2\t0\n'],
    ['|', 'total_null|path|total_conversions|total_conversion_value\n0|a > b|1|2\n'],
  ])('detects the column separator %j (columns in any order)', (sep, text) => {
    const t = table(text);
    expect(t.separator).toBe(sep);
    expect(t.paths).toEqual({ 'a > b': [1, 2, 0] });
  });

  it('reads value and null columns as 0 when absent, and says so', () => {
    const t = table('path,total_conversions\na > b,2\n');
    expect(t.paths).toEqual({ 'a > b': [2, 0, 0] });
    expect(t.missing).toEqual(['total_conversion_value', 'total_null']);
  });

  it('splits on another path separator', () => {
    expect(table('path;total_conversions\na -> b;1\n', { pathSep: '->' }).paths).toEqual({
      'a > b': [1, 0, 0],
    });
  });

  it('parses decimals exactly as Number() does', () => {
    const values = ['0.1', '0.244', '3.195', '74802.97158721073', '1234567890.123456789', '007.50', '5.'];
    const text = `path,total_conversions,total_conversion_value\n${values.map((v, i) => `c${i},1,${v}`).join('\n')}\n`;
    const t = table(text);
    values.forEach((v, i) => {
      expect(t.paths[`c${i}`]![1]).toBe(Number(v));
    });
  });
});

const HEADER = 'path;total_conversions;total_conversion_value;total_null';

describe('parsePathTable: bad input (error, line and reason)', () => {
  it.each([
    ['empty step', `${HEADER}\na >  > b;1;1;0`, 'PATHS_INVALID', 'line 2', /step 2 of 3 is empty/],
    [
      'separator at the end',
      `${HEADER}\na > b;1;1;0\na > ;1;1;0`,
      'PATHS_INVALID',
      'line 3',
      /step 2 of 2 is empty/,
    ],
    ['empty path', `${HEADER}\n;1;1;0`, 'PATHS_INVALID', 'line 2', /the path is empty/],
    ['negative count', `${HEADER}\na;-2;1;0`, 'PATHS_INVALID', 'line 2', /is negative \(-2\)/],
    ['negative nulls', `${HEADER}\na;1;1;-1`, 'PATHS_INVALID', 'line 2', /is negative/],
    ['non-numeric count', `${HEADER}\na;two;1;0`, 'PATHS_INVALID', 'line 2', /is not a number: "two"/],
    ['empty count', `${HEADER}\na;1;;0`, 'PATHS_INVALID', 'line 2', /is empty: write 0/],
    ['hex is not a count', `${HEADER}\na;0x10;1;0`, 'PATHS_INVALID', 'line 2', /not a number/],
    [
      'value without conversions',
      `${HEADER}\na;0;5;1`,
      'PATHS_INVALID',
      'line 2',
      /value comes with conversions/,
    ],
    [
      'a channel containing the column separator, unquoted',
      `${HEADER}\nx;y > b;2;4;0`,
      'PATHS_INVALID',
      'line 2',
      /a channel name containing ";" .* must be in a quoted field/,
    ],
    ['too few fields', `${HEADER}\na > b;1;1`, 'PATHS_INVALID', 'line 2', /has 3 fields, the header has 4/],
    ['unclosed quote', `${HEADER}\n"a > b;1;1;0\n`, 'PATHS_INVALID', 'line 2', /never closed/],
    [
      'not UTF-8',
      new Uint8Array([...bytes(`${HEADER}\n`), 0x61, 0xe9, 0x3b, 0x31, 0x3b, 0x31, 0x3b, 0x30]),
      'PATHS_INVALID',
      'line 2',
      /UTF-8/,
    ],
  ])('%s', (_, text, code, location, message) => {
    const r = read(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(/nothing was written/);
    expect(r.error.details?.[0]?.location).toBe(location);
    expect(r.error.details?.[0]?.message).toMatch(message);
  });

  it('lists every bad line (up to 20) with its number', () => {
    const rows = Array.from({ length: 50 }, (_, i) => (i % 2 ? 'a;1;1;0' : 'a;x;1;0'));
    const r = read(`${HEADER}\n${rows.join('\n')}\n`);
    if (r.ok) throw new Error('expected an error');
    expect(r.error.message).toMatch(/^25 line\(s\).*first 20 are listed/);
    expect(r.error.details).toHaveLength(20);
    expect(r.error.details?.map((d) => d.location).slice(0, 3)).toEqual(['line 2', 'line 4', 'line 6']);
  });

  it.each([
    [
      'missing header',
      'a > b;3;30;1\na > c;1;10;1\n',
      {},
      'PATHS_NO_HEADER',
      /line 1 must be the header.*"a > b;3;30;1"/,
    ],
    ['empty file', '', {}, 'CSV_EMPTY', /empty/],
    ['header only', `${HEADER}\n`, {}, 'CSV_EMPTY', /no rows/],
    ['UTF-16', new Uint8Array([0xff, 0xfe, 0x70, 0]), {}, 'CSV_UNREADABLE', /UTF-16/],
    [
      '--sep of two characters',
      `${HEADER}\na;1;1;0`,
      { sep: ';;' },
      'UNKNOWN_SEPARATOR',
      /not a column separator/,
    ],
    [
      '--sep not used by the file',
      `${HEADER}\na;1;1;0`,
      { sep: ',' },
      'UNKNOWN_SEPARATOR',
      /not separated by "," but by ";": pass --sep ';'/,
    ],
    [
      'a header with no known separator',
      'path:total_conversions\na:1',
      {},
      'PATHS_NO_HEADER',
      /line 1 must be the header/,
    ],
    [
      '--path-sep empty',
      `${HEADER}\na;1;1;0`,
      { pathSep: '  ' },
      'UNKNOWN_SEPARATOR',
      /cannot separate steps/,
    ],
    [
      '--path-sep containing the column separator',
      `${HEADER}\na;1;1;0`,
      { pathSep: ';' },
      'UNKNOWN_SEPARATOR',
      /contains the column separator/,
    ],
    [
      'paths separated by something else',
      `${HEADER}\na | b;1;1;0\nb | c;1;1;0`,
      {},
      'UNKNOWN_SEPARATOR',
      /no path contains the path separator ">", but channel names contain "\|" \(e.g. "a \| b"\): pass --path-sep '\|'/,
    ],
  ] as const)('%s', (_, text, options, code, message) => {
    const r = read(text, options);
    expect(r.ok ? null : r.error.code).toBe(code);
    if (!r.ok) expect(r.error.message).toMatch(message);
  });

  it('single-step paths with no separator-like character are fine', () => {
    expect(table(`${HEADER}\nemail;1;1;0\nsearch;2;2;0\n`).paths).toEqual({
      email: [1, 1, 0],
      search: [2, 2, 0],
    });
  });
});
