import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { MopsError } from '../errors.ts';
import { CsvTokenizer, type TokenizedRecord } from './csv-tokenizer.ts';
import { bomEncoding, type CsvEncoding, type Delimiter, detectBinary, sniffDelimiter } from './sniff-csv.ts';

export type CsvOptions = { delimiter?: 'auto' | Delimiter; encoding?: 'auto' | CsvEncoding };

export type CsvRecord =
  /** values are aligned to the headers */
  | { kind: 'row'; line: number; values: string[] }
  /** values are whatever could be split out of the line, for best-effort reporting */
  | { kind: 'malformed'; line: number; reason: string; values: string[] };

export interface CsvFile {
  path: string;
  headers: string[];
  delimiter: Delimiter;
  encoding: CsvEncoding;
  /** Why that encoding was chosen, for the summary a user reads. */
  encodingReason: string;
  bom: boolean;
  size: number;
  /** Bytes consumed so far by the running records() stream (for progress bars). */
  bytesRead(): number;
  /** Streams the data records (not the header); line is the 1-based physical line where each starts. */
  records(): AsyncGenerator<CsvRecord>;
  /** The same records, one array per read chunk (~1 MB): far fewer awaits on big files. */
  batches(): AsyncGenerator<CsvRecord[]>;
}

const SAMPLE_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** Opens a CSV for streaming. Throws MopsError with a code, what went wrong and how to fix it. */
export async function openCsv(path: string, options: CsvOptions = {}): Promise<CsvFile> {
  const size = await fileSize(path);
  const sample = await readSample(path);
  const bom = bomEncoding(sample);
  if (size === 0 || sample.length === (bom?.length ?? 0)) {
    throw new MopsError('CSV_EMPTY', `${path} is empty: expected a header line and at least one row`);
  }
  const binary = detectBinary(sample);
  if (binary) throw new MopsError('CSV_BINARY', `${path} cannot be read as CSV: ${binary}`);

  const { encoding, reason } = await chooseEncoding(path, sample, options.encoding ?? 'auto');
  const sampleText = new TextDecoder(decoderLabel(encoding)).decode(sample);
  const delimiter =
    !options.delimiter || options.delimiter === 'auto' ? sniffDelimiter(sampleText) : options.delimiter;

  let bytesRead = 0;
  const stream = (width: number | null = null) =>
    tokenize(
      path,
      encoding,
      delimiter,
      (n) => {
        bytesRead = n;
      },
      width,
    );
  const headerRecord = await firstRecord(stream());
  const headers = readHeaders(path, headerRecord);
  // The raw header width (with any empty trailing columns) is what every record should have.
  const width = headerRecord?.fields.length ?? null;
  async function* batches(): AsyncGenerator<CsvRecord[]> {
    let header = true;
    for await (const chunk of stream(width)) {
      const out: CsvRecord[] = [];
      for (const record of chunk) {
        if (header) header = false;
        else out.push(toCsvRecord(record, headers.length));
      }
      if (out.length > 0) yield out;
    }
  }

  return {
    path,
    headers,
    delimiter,
    encoding,
    encodingReason: reason,
    bom: bom !== null,
    size,
    bytesRead: () => bytesRead,
    batches,
    async *records() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new MopsError('CSV_UNREADABLE', `${path} is not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof MopsError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MopsError('FILE_NOT_FOUND', `no such file: ${path}`);
    throw new MopsError('CSV_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`);
  }
}

async function readSample(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function chooseEncoding(
  path: string,
  sample: Uint8Array,
  wanted: 'auto' | CsvEncoding,
): Promise<{ encoding: CsvEncoding; reason: string }> {
  if (wanted !== 'auto') return { encoding: wanted, reason: 'as requested' };
  const bom = bomEncoding(sample);
  if (bom) return { encoding: bom.encoding, reason: 'byte order mark' };
  // Decide on the whole file, not a sample: one accented name on line 900,000 matters.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      decoder.decode(chunk as Buffer, { stream: true });
    }
    decoder.decode();
    return { encoding: 'utf-8', reason: 'valid UTF-8' };
  } catch {
    return { encoding: 'latin1', reason: 'not valid UTF-8, read as Latin-1 (Windows-1252)' };
  }
}

// WHATWG's "latin1" label is Windows-1252, a superset of ISO-8859-1 that is what Excel writes.
const decoderLabel = (encoding: CsvEncoding): string => (encoding === 'latin1' ? 'windows-1252' : encoding);

async function* tokenize(
  path: string,
  encoding: CsvEncoding,
  delimiter: string,
  onBytes: (bytes: number) => void,
  width: number | null = null,
): AsyncGenerator<TokenizedRecord[]> {
  const decoder = new TextDecoder(decoderLabel(encoding));
  const tokenizer = new CsvTokenizer(delimiter);
  if (width !== null) tokenizer.expectFields(width);
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    bytes += (chunk as Buffer).length;
    onBytes(bytes);
    yield tokenizer.push(decoder.decode(chunk as Buffer, { stream: true }));
  }
  yield [...tokenizer.push(decoder.decode()), ...tokenizer.end()];
}

async function firstRecord(chunks: AsyncGenerator<TokenizedRecord[]>): Promise<TokenizedRecord | null> {
  try {
    for await (const chunk of chunks) if (chunk.length > 0) return chunk[0] ?? null;
    return null;
  } finally {
    await chunks.return(undefined);
  }
}

function readHeaders(path: string, record: TokenizedRecord | null): string[] {
  if (!record) throw new MopsError('CSV_EMPTY', `${path} has no lines: expected a header line`);
  if (record.error) {
    throw new MopsError(
      'CSV_NO_HEADER',
      `${path} line ${record.line}: the header line is malformed: ${record.error}`,
    );
  }
  const names = record.fields.map((name) => name.trim());
  // Spreadsheets often leave empty columns at the right; they carry nothing.
  while (names.length > 1 && names.at(-1) === '') names.pop();
  if (names.every((name) => name === '')) {
    throw new MopsError('CSV_NO_HEADER', `${path}: the first line must name the columns, but it is empty`);
  }
  const headers = names.map((name, i) => (name === '' ? `column_${i + 1}` : name));
  const seen = new Map<string, number>();
  headers.forEach((name, i) => {
    const earlier = seen.get(name.toLowerCase());
    if (earlier !== undefined) {
      throw new MopsError(
        'CSV_DUPLICATE_HEADER',
        `${path}: column "${name}" appears twice in the header (columns ${earlier + 1} and ${i + 1}); rename one`,
      );
    }
    seen.set(name.toLowerCase(), i);
  });
  return headers;
}

function toCsvRecord(record: TokenizedRecord, width: number): CsvRecord {
  const { line, fields } = record;
  if (record.error) return { kind: 'malformed', line, reason: record.error, values: fields };
  if (fields.some((value) => value.includes('\u0000'))) {
    return { kind: 'malformed', line, reason: 'contains a NUL character', values: fields };
  }
  if (fields.length < width) {
    return {
      kind: 'malformed',
      line,
      reason: `has ${fields.length} fields, the header has ${width}`,
      values: fields,
    };
  }
  if (fields.length > width) {
    // Trailing empty fields are an export artefact (a stray delimiter), not data.
    if (fields.slice(width).some((value) => value.trim() !== '')) {
      return {
        kind: 'malformed',
        line,
        reason: `has ${fields.length} fields, the header has ${width}`,
        values: fields,
      };
    }
    return { kind: 'row', line, values: fields.slice(0, width) };
  }
  return { kind: 'row', line, values: fields };
}
