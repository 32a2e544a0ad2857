import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MopsError } from '../errors.ts';
import { CsvTokenizer, MAX_RECORD_CHARS } from './csv-tokenizer.ts';
import { type CsvOptions, type CsvRecord, openCsv } from './read-csv.ts';
import { sniffDelimiter } from './sniff-csv.ts';
import { csvLine, spreadsheetSafe } from './write-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'mops-csv-'));
let n = 0;
function file(content: string | Uint8Array): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  return path;
}

async function readAll(content: string | Uint8Array, options?: CsvOptions) {
  const csv = await openCsv(file(content), options);
  const records: CsvRecord[] = [];
  for await (const record of csv.records()) records.push(record);
  return { csv, records };
}

async function failure(content: string | Uint8Array): Promise<MopsError> {
  try {
    await readAll(content);
  } catch (error) {
    if (error instanceof MopsError) return error;
    throw error;
  }
  throw new Error('expected openCsv to fail');
}

/** Tokenizes text fed in pieces of `size` characters, to prove chunk boundaries change nothing. */
function tokenizeInPieces(text: string, size: number, delimiter = ',') {
  const tokenizer = new CsvTokenizer(delimiter);
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(...tokenizer.push(text.slice(i, i + size)));
  out.push(...tokenizer.end());
  return out;
}

describe('CsvTokenizer', () => {
  const text = 'a,b,c\r\n1,"two, with comma",3\n"multi\nline ""quoted""",x,\n\n4,5,6\r7,8,9';
  const expected = [
    { line: 1, fields: ['a', 'b', 'c'], error: null },
    { line: 2, fields: ['1', 'two, with comma', '3'], error: null },
    { line: 3, fields: ['multi\nline "quoted"', 'x', ''], error: null },
    { line: 6, fields: ['4', '5', '6'], error: null },
    { line: 7, fields: ['7', '8', '9'], error: null },
  ];

  it.each([1, 2, 3, 7, 1000])('gives the same records whatever the chunk size (%i)', (size) => {
    expect(tokenizeInPieces(text, size)).toEqual(expected);
  });

  it('treats a quote inside an unquoted field as a literal', () => {
    expect(tokenizeInPieces('a,b\n5" screen,x\n', 4)).toEqual([
      { line: 1, fields: ['a', 'b'], error: null },
      { line: 2, fields: ['5" screen', 'x'], error: null },
    ]);
  });

  it('flags text after a closing quote and goes on with the next line', () => {
    const records = tokenizeInPieces('a,b\n"bad"q,4\n5,6\n', 3);
    expect(records[1]).toMatchObject({ line: 2, fields: ['badq', '4'] });
    expect(records[1]?.error).toMatch(/after a closing quote/);
    expect(records[2]).toEqual({ line: 3, fields: ['5', '6'], error: null });
  });

  it('an unclosed quote costs its own line only', () => {
    const records = tokenizeInPieces('a,b\n"open,1\n2,3\n4,5\n', 5);
    expect(records.map((r) => [r.line, r.error === null])).toEqual([
      [1, true],
      [2, false],
      [3, true],
      [4, true],
    ]);
    expect(records[1]?.error).toMatch(/never closed/);
    expect(records[3]?.fields).toEqual(['4', '5']);
  });

  it('a stray opening quote costs its own line even when a later line has quotes', () => {
    const text = 'name,email\n"Bob,b@x.example\nCara,c@x.example\nDev,d@x.example\n"Eve",e@x.example\n';
    const records = tokenizeInPieces(text, 7);
    expect(records.map((r) => [r.line, r.error === null ? r.fields[1] : 'ERR'])).toEqual([
      [1, 'email'],
      [2, 'ERR'],
      [3, 'c@x.example'],
      [4, 'd@x.example'],
      [5, 'e@x.example'],
    ]);
  });

  it('with the header width known, a stray quote closed cleanly lines later is caught too', () => {
    const tokenizer = new CsvTokenizer(',');
    tokenizer.expectFields(2);
    const text = 'name,email\n"Bob,b@x.example\nCara,c@x.example\nDev,"d@x.example"\nEve,e@x.example\n';
    const records = [...tokenizer.push(text), ...tokenizer.end()];
    expect(records.map((r) => [r.line, r.error === null ? r.fields[1] : 'ERR'])).toEqual([
      [1, 'email'],
      [2, 'ERR'],
      [3, 'c@x.example'],
      [4, 'd@x.example'],
      [5, 'e@x.example'],
    ]);
  });

  it('gives up on a quoted field longer than the record limit without holding the rest of the file', () => {
    const tokenizer = new CsvTokenizer(',');
    const records = [
      ...tokenizer.push('a\n"open\n'),
      ...tokenizer.push(`${'x,y\n'.repeat(MAX_RECORD_CHARS / 4 + 10)}`),
    ];
    expect(records[1]?.error).toMatch(/never closed/);
    expect(records[2]).toEqual({ line: 3, fields: ['x', 'y'], error: null });
  });

  it('a quote as the very last character closes the field', () => {
    expect(tokenizeInPieces('a\n"x"', 100)).toEqual([
      { line: 1, fields: ['a'], error: null },
      { line: 2, fields: ['x'], error: null },
    ]);
  });
});

describe('sniffDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3', ','],
    ['a;b;c\n1;2,5;3', ';'],
    ['a\tb\n1\t2', '\t'],
    ['a|b\n1|2', '|'],
    ['email\nx@y.com', ','],
    ['"last, first";b\n"x, y";2', ';'],
  ])('%j → %j', (text, delimiter) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });
});

describe('openCsv', () => {
  it('reads UTF-8 with a BOM, strips it from the first header and reports the encoding', async () => {
    const { csv, records } = await readAll('\uFEFFemail,name\nzoë@example.com,Zoë\n');
    expect(csv.headers).toEqual(['email', 'name']);
    expect(csv).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(records).toEqual([{ kind: 'row', line: 2, values: ['zoë@example.com', 'Zoë'] }]);
  });

  it('reads Latin-1 when the bytes are not UTF-8', async () => {
    const bytes = Uint8Array.from([
      ...Buffer.from('name;city\nJos'),
      0xe9,
      ...Buffer.from(';M'),
      0xfc,
      ...Buffer.from('nchen\n'),
    ]);
    const { csv, records } = await readAll(bytes);
    expect(csv).toMatchObject({ encoding: 'latin1', delimiter: ';' });
    expect(csv.encodingReason).toMatch(/not valid UTF-8/);
    expect(records[0]).toEqual({ kind: 'row', line: 2, values: ['José', 'München'] });
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text")', async () => {
    const text = '\uFEFFa\tb\nü\t2\n';
    const bytes = Buffer.from(text, 'utf16le');
    const { csv, records } = await readAll(bytes);
    expect(csv).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', headers: ['a', 'b'] });
    expect(records[0]).toEqual({ kind: 'row', line: 2, values: ['ü', '2'] });
  });

  it('reports ragged rows with their line and keeps the good ones', async () => {
    const { records } = await readAll('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,,\n');
    expect(records).toEqual([
      { kind: 'row', line: 2, values: ['1', '2', '3'] },
      { kind: 'malformed', line: 3, reason: 'has 2 fields, the header has 3', values: ['4', '5'] },
      { kind: 'malformed', line: 4, reason: 'has 4 fields, the header has 3', values: ['6', '7', '8', '9'] },
      { kind: 'row', line: 5, values: ['10', '11', '12'] },
    ]);
  });

  it('rejects a NUL inside a field but reads on', async () => {
    const { records } = await readAll(`a,b\n${'fine,1\n'.repeat(300)}x\u0000y,2\nok,3\n`);
    expect(records).toHaveLength(302);
    expect(records[300]).toMatchObject({ kind: 'malformed', line: 302, reason: 'contains a NUL character' });
    expect(records[301]).toEqual({ kind: 'row', line: 303, values: ['ok', '3'] });
  });

  it('drops empty trailing header columns and names empty inner ones', async () => {
    const { csv } = await readAll('a,,b,,\n1,2,3,,\n');
    expect(csv.headers).toEqual(['a', 'column_2', 'b']);
  });

  it('streams a file larger than one read chunk', async () => {
    const rows = 60_000;
    const body = Array.from({ length: rows }, (_, i) => `${i},"name ${i}, the ${i}th"`).join('\n');
    const { csv, records } = await readAll(`id,name\n${body}\n`);
    expect(records).toHaveLength(rows);
    expect(records.at(-1)).toEqual({
      kind: 'row',
      line: rows + 1,
      values: [String(rows - 1), `name ${rows - 1}, the ${rows - 1}th`],
    });
    expect(csv.bytesRead()).toBe(csv.size);
    const batched: CsvRecord[] = [];
    for await (const batch of csv.batches()) batched.push(...batch);
    expect(batched).toEqual(records);
  });

  it.each([
    ['an empty file', 'CSV_EMPTY', ''],
    ['only a BOM', 'CSV_EMPTY', '\uFEFF'],
    ['only blank lines', 'CSV_EMPTY', '\n\n\n'],
    ['an empty header', 'CSV_NO_HEADER', ',,\n1,2,3'],
    ['a duplicated column', 'CSV_DUPLICATE_HEADER', 'email,Email\nx,y'],
    ['a ZIP / xlsx', 'CSV_BINARY', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])],
    ['random bytes', 'CSV_BINARY', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)],
  ])('%s → %s', async (_name, code, content) => {
    const error = await failure(content);
    expect(error.code).toBe(code);
    expect(error.message).toContain('.csv');
  });

  it('names a missing file', async () => {
    await expect(openCsv(join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});

describe('csv output', () => {
  it('quotes what needs quoting and round-trips through the tokenizer', () => {
    const values = ['plain', 'with, comma', 'with "quote"', 'line\nbreak', ' padded', ''];
    const line = csvLine(values);
    expect(tokenizeInPieces(line, 5)[0]?.fields).toEqual(values);
  });

  it('defuses spreadsheet formulas', () => {
    expect(spreadsheetSafe('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(spreadsheetSafe('Acme')).toBe('Acme');
  });
});
