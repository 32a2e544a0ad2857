// Works out how to read a CSV someone exported from somewhere: which bytes are text in which
// encoding, and which character separates the fields. Each guess is returned so the caller can
// say what it assumed ("read as Latin-1, delimiter ';'").

export type CsvEncoding = 'utf-8' | 'latin1' | 'utf-16le' | 'utf-16be';
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Binary formats people upload instead of CSV, with what to tell them. */
const MAGIC: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook or ZIP archive — save the sheet as CSV first' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old-style Excel (.xls) file — save the sheet as CSV first' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive — unpack it first' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
];

/** Returns why the sample is not text, or null when it looks like text. */
export function detectBinary(sample: Uint8Array): string | null {
  for (const magic of MAGIC) {
    if (magic.bytes.every((b, i) => sample[i] === b)) return `the file is ${magic.what}`;
  }
  if (bomEncoding(sample)?.encoding.startsWith('utf-16')) return null;
  // NUL and other control characters (besides tab, CR, LF, FF) hardly occur in text. A stray one
  // is a bad row (the reader rejects that line); many of them mean the file is not text at all.
  let nul = 0;
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) nul += 1;
    else if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) controls += 1;
  }
  if (nul > Math.max(2, sample.length / 1000)) return 'the file contains NUL bytes, so it is not a text CSV';
  if (sample.length > 0 && controls / sample.length > 0.05)
    return 'the file is mostly control bytes, not text';
  return null;
}

export function bomEncoding(sample: Uint8Array): { encoding: CsvEncoding; length: number } | null {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * Picks the delimiter that splits the first lines into the same number of fields as the header,
 * preferring the one that yields the most fields. A file with a single column has none of them
 * and reads as comma-separated.
 */
export function sniffDelimiter(text: string): Delimiter {
  const lines = text.split(/\r\n|\n|\r/, 21).filter((line) => line.length > 0);
  const header = lines[0];
  if (header === undefined) return ',';
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const headerCount = countOutsideQuotes(header, delimiter);
    if (headerCount === 0) continue;
    const agreeing = lines
      .slice(1)
      .filter((line) => countOutsideQuotes(line, delimiter) === headerCount).length;
    const score = agreeing * 1000 + headerCount;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) count += 1;
  }
  return count;
}
