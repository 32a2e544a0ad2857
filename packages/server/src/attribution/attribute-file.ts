import fs from 'node:fs';
import { type AttributionModel, attribute } from '@mops/core/attribution';
import { csvField } from '../csv/write-csv.ts';
import { MopsError } from '../errors.ts';
import { parsePathTable } from './parse-path-table.ts';

// File mode of the attribution engine: a path file in the ChannelAttribution layout in,
// `channel,conversions,value` (+ `removal_effect` for markov) out, one row per channel. No
// database. The output is written to a temporary file and renamed, so a failure never leaves a
// half-written result where a previous one was.

export interface AttributeFileOptions {
  input: string;
  out: string;
  model: AttributionModel;
  order?: number;
  nulls: boolean;
  sep?: string;
  pathSep?: string;
}

export interface AttributeFileSummary {
  input: string;
  out: string;
  model: AttributionModel;
  rows: number;
  unique_paths: number;
  channels: number;
  separator: string;
  totals: { conversions: number; value: number; nulls: number };
  credited: { conversions: number; value: number };
  markov?: { order: number; nulls: boolean; states: number; conversion_probability: number; solver: string };
  missing_columns: string[];
  ignored_columns: string[];
  warnings: string[];
  seconds: { read: number; model: number; write: number };
}

const CHUNK_BYTES = 8 * 1024 * 1024;

function* readChunks(path: string): Generator<Uint8Array> {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
    if (!fs.fstatSync(fd).isFile()) throw new MopsError('CSV_UNREADABLE', `${path} is not a file`);
  } catch (error) {
    if (error instanceof MopsError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MopsError('FILE_NOT_FOUND', `no such file: ${path}`);
    throw new MopsError('CSV_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    for (;;) {
      // A fresh buffer per chunk: the parser keeps the unfinished tail of the previous one.
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

export function attributeFile(options: AttributeFileOptions): AttributeFileSummary {
  const t0 = performance.now();
  const table = parsePathTable(readChunks(options.input), { sep: options.sep, pathSep: options.pathSep });
  if (!table.ok) throw MopsError.from(table.error);
  const { paths } = table.value;
  const t1 = performance.now();
  const result = attribute(paths, {
    model: options.model,
    nulls: options.nulls,
    ...(options.order !== undefined ? { order: options.order } : {}),
  });
  if (!result.ok) throw MopsError.from(result.error);
  const a = result.value;
  const t2 = performance.now();

  const warnings: string[] = [];
  if (paths.channels.length === 1) {
    warnings.push(
      `the file has a single channel ("${paths.channels[0]}"): every model gives it all the credit`,
    );
  }
  if (table.value.missingColumns.length > 0) {
    warnings.push(`no column ${table.value.missingColumns.join(', ')}: read as 0 on every row`);
  }
  const order = paths.channels
    .map((_, i) => i)
    .sort((x, y) => compare(paths.channels[x]!, paths.channels[y]!));
  const markov = a.removalEffect;
  let text = markov ? 'channel,conversions,value,removal_effect\n' : 'channel,conversions,value\n';
  let creditedConversions = 0;
  let creditedValue = 0;
  for (const c of order) {
    creditedConversions += a.conversions[c]!;
    creditedValue += a.value[c]!;
    text += `${csvField(paths.channels[c]!)},${a.conversions[c]},${a.value[c]}${markov ? `,${markov[c]}` : ''}\n`;
  }
  const temporary = `${options.out}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, options.out);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new MopsError('OUTPUT_UNWRITABLE', `cannot write ${options.out}: ${(error as Error).message}`);
  }
  const t3 = performance.now();
  const seconds = (ms: number) => Math.round(ms) / 1000;
  return {
    input: options.input,
    out: options.out,
    model: options.model,
    rows: table.value.rows,
    unique_paths: paths.pathCount,
    channels: paths.channels.length,
    separator: table.value.separator,
    totals: a.totals,
    credited: { conversions: creditedConversions, value: creditedValue },
    ...(a.markov
      ? {
          markov: {
            order: a.markov.order,
            nulls: a.markov.nulls,
            states: a.markov.states,
            conversion_probability: a.markov.conversionProbability,
            solver: a.markov.solver,
          },
        }
      : {}),
    missing_columns: table.value.missingColumns,
    ignored_columns: table.value.ignoredColumns,
    warnings,
    seconds: { read: seconds(t1 - t0), model: seconds(t2 - t1), write: seconds(t3 - t2) },
  };
}

// Code-unit order: the same on every machine, unlike localeCompare.
const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
