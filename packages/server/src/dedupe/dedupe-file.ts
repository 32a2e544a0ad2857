import fs from 'node:fs';
import {
  type ColumnMapping,
  DEDUPE_FIELDS,
  type DedupeField,
  type DedupeInput,
  type DedupeOptions,
  type DedupeStats,
  headerKey,
  joinParts,
  mapHeaders,
  type PreparedRecords,
  RecordPreparer,
} from '@mops/core';
import { type CsvFile, openCsv } from '../csv/read-csv.ts';
import { csvLine } from '../csv/write-csv.ts';
import { MopsError } from '../errors.ts';
import { ContactColumns } from './contact-columns.ts';
import { dedupeParallel } from './dedupe-parallel.ts';

// File mode of the dedupe engine: CSV in, `id,cluster_id` out for EVERY input row. No database.
// Malformed lines are reported (line number + reason) and never matched, but they still get a row
// in the output with a cluster of their own, so downstream tools can join on every id.

export interface DedupeFileOptions extends DedupeOptions {
  input: string;
  out: string;
  idColumn?: string;
  /** csvColumn → field ('none' to leave a column out). */
  map?: Record<string, string>;
  /** Prepare the contact columns on a worker thread: by default for files from 16 MB. */
  splitPreparation?: boolean;
}

const SPLIT_PREPARATION_BYTES = 16 * 1024 * 1024;

export interface MalformedLine {
  line: number;
  id: string;
  reason: string;
}

export interface DedupeFileSummary {
  input: string;
  out: string;
  rows: number;
  matched_rows: number;
  malformed: number;
  malformed_lines: MalformedLine[];
  id_column: string | null;
  mapping: Partial<Record<DedupeField, string[]>>;
  unmapped_columns: string[];
  clusters: number;
  rows_in_duplicate_clusters: number;
  candidate_pairs: number;
  match_edges: number;
  merges_rejected: number;
  skipped_blocks: { key: string; blocks: number; pairs: number; largest: number }[];
  em: DedupeStats['em'];
  seconds: { read: number; match: number; write: number; total: number };
}

const ID_SYNONYMS = [
  'id',
  'uniqueid',
  'recid',
  'recordid',
  'uid',
  'rowid',
  'contactid',
  'personid',
  'leadid',
  'key',
];
const MAX_MALFORMED_LISTED = 1000;

function findIdColumn(headers: readonly string[], requested: string | undefined): number {
  if (requested !== undefined) {
    const index = headers.indexOf(requested);
    if (index < 0)
      throw new MopsError(
        'USAGE',
        `--id-column "${requested}" is not a column of the file (columns: ${headers.join(', ')})`,
      );
    return index;
  }
  for (const syn of ID_SYNONYMS) {
    const index = headers.findIndex((h) => headerKey(h) === syn);
    if (index >= 0) return index;
  }
  return -1;
}

function toInput(values: readonly string[], mapping: ColumnMapping): DedupeInput {
  const input: DedupeInput = {};
  for (const field of DEDUPE_FIELDS) {
    const columns = mapping[field];
    if (columns === undefined) continue;
    if (columns.length === 1) {
      const v = values[columns[0] as number];
      if (v !== undefined && v !== '') input[field] = v;
    } else {
      const joined = columns
        .map((c) => (values[c] ?? '').trim())
        .filter((v) => v !== '')
        .join(' ');
      if (joined !== '') input[field] = joined;
    }
  }
  return input;
}

/** Reads, matches and writes. Throws MopsError for bad input (nothing is written then). */
export async function dedupeFile(
  options: DedupeFileOptions,
  now: () => number = () => performance.now(),
): Promise<DedupeFileSummary> {
  const t0 = now();
  const csv = await openCsv(options.input);
  const headers = csv.headers;
  const idIndex = findIdColumn(headers, options.idColumn);
  const idName = idIndex >= 0 ? (headers[idIndex] as string) : null;
  const mapped = mapHeaders(headers, options.map ?? {}, idName === null ? [] : [idName]);
  if (!mapped.ok) throw new MopsError('USAGE', mapped.error.message);
  const mapping = mapped.mapping;
  if (Object.keys(mapping).length === 0)
    throw new MopsError(
      'VALIDATION_FAILED',
      `no column of ${options.input} could be mapped to a person field (columns: ${headers.join(', ')}); use --map column=field (fields: ${DEDUPE_FIELDS.join(', ')})`,
    );

  const split = options.splitPreparation ?? csv.size >= SPLIT_PREPARATION_BYTES;
  const preparer = new RecordPreparer(64 * 1024, split ? 'names' : 'all');
  const contacts = split ? new ContactColumns() : null;
  try {
    const read = await readRecords(csv, preparer, contacts, mapping, idIndex, idName, options.input);
    const prepared = contacts ? joinParts(preparer.finishPart(), await contacts.finish()) : preparer.finish();
    return await matchAndWrite(options, read, prepared, mapping, headers, idName, mapped.unmapped, t0, now);
  } finally {
    await contacts?.close();
  }
}

interface ReadRecords {
  ids: string[];
  /** prepared index per output row, -1 for malformed lines */
  slots: Int32Array;
  malformed: MalformedLine[];
  malformedCount: number;
}

async function readRecords(
  csv: CsvFile,
  preparer: RecordPreparer,
  contacts: ContactColumns | null,
  mapping: ColumnMapping,
  idIndex: number,
  idName: string | null,
  input: string,
): Promise<ReadRecords> {
  const ids: string[] = [];
  // prepared index per output row, -1 for malformed lines
  let slots = new Int32Array(64 * 1024);
  const malformed: MalformedLine[] = [];
  let malformedCount = 0;
  const seen = new Map<string, number>();
  for await (const batch of csv.batches()) {
    for (const record of batch) {
      let id = idIndex >= 0 ? (record.values[idIndex] ?? '').trim() : '';
      if (id === '') id = idIndex >= 0 && record.kind === 'row' ? '' : `line-${record.line}`;
      if (id === '')
        throw new MopsError(
          'VALIDATION_FAILED',
          `line ${record.line}: the id column "${idName}" is empty; every row needs an id`,
        );
      const previous = seen.get(id);
      if (previous !== undefined)
        throw new MopsError(
          'VALIDATION_FAILED',
          `duplicate id "${id}" on lines ${previous} and ${record.line}: ids must be unique so that every output row names one input row (pick another --id-column, or leave it out to number rows)`,
        );
      seen.set(id, record.line);
      const row = ids.length;
      ids.push(id);
      if (row >= slots.length) {
        const grown = new Int32Array(slots.length * 2);
        grown.set(slots);
        slots = grown;
      }
      if (record.kind === 'row') {
        const input = toInput(record.values, mapping);
        slots[row] = preparer.add(input);
        contacts?.add(input);
      } else {
        slots[row] = -1;
        malformedCount++;
        if (malformed.length < MAX_MALFORMED_LISTED)
          malformed.push({ line: record.line, id, reason: record.reason });
      }
    }
  }
  seen.clear();
  if (ids.length === 0) throw new MopsError('CSV_EMPTY', `${input} has a header but no rows`);
  return { ids, slots, malformed, malformedCount };
}

async function matchAndWrite(
  options: DedupeFileOptions,
  read: ReadRecords,
  prepared: PreparedRecords,
  mapping: ColumnMapping,
  headers: readonly string[],
  idName: string | null,
  unmapped: readonly string[],
  t0: number,
  now: () => number,
): Promise<DedupeFileSummary> {
  const { ids, slots, malformed, malformedCount } = read;
  const t1 = now();
  const result = await dedupeParallel(prepared, options);
  const t2 = now();

  // Cluster ids: the id of the cluster's first row in file order (stable and readable: "these rows
  // are duplicates of row X"). Malformed rows are their own cluster.
  const clusterName: (string | undefined)[] = new Array(result.stats.clusters);
  const sizes = new Int32Array(result.stats.clusters);
  for (let k = 0; k < prepared.size; k++) {
    const c = result.clusterOf[k] as number;
    sizes[c] = (sizes[c] as number) + 1;
  }
  const tmp = `${options.out}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    let buffer = 'id,cluster_id\n';
    for (let row = 0; row < ids.length; row++) {
      const id = ids[row] as string;
      const slot = slots[row] as number;
      let cluster = id;
      if (slot >= 0) {
        const c = result.clusterOf[slot] as number;
        cluster = clusterName[c] ??= id;
      }
      buffer += csvLine([id, cluster]);
      if (buffer.length > 1 << 20) {
        fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    fs.writeSync(fd, buffer);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, options.out);
  const t3 = now();

  let inDuplicates = 0;
  for (const s of sizes) if (s > 1) inDuplicates += s;
  const fieldNames = Object.fromEntries(
    Object.entries(mapping).map(([field, columns]) => [
      field,
      (columns ?? []).map((c) => headers[c] as string),
    ]),
  );
  return {
    input: options.input,
    out: options.out,
    rows: ids.length,
    matched_rows: prepared.size,
    malformed: malformedCount,
    malformed_lines: malformed,
    id_column: idName,
    mapping: fieldNames,
    unmapped_columns: unmapped.filter((h) => h !== idName),
    clusters: result.stats.clusters + malformedCount,
    rows_in_duplicate_clusters: inDuplicates,
    candidate_pairs: result.stats.candidatePairs,
    match_edges: result.stats.matchEdges,
    merges_rejected: result.stats.mergesRejected,
    skipped_blocks: result.stats.blocking
      .filter((b) => b.skippedBlocks > 0)
      .map((b) => ({
        key: b.key,
        blocks: b.skippedBlocks,
        pairs: b.skippedPairs,
        largest: b.largestSkipped,
      })),
    em: result.stats.em,
    seconds: {
      read: round((t1 - t0) / 1000),
      match: round((t2 - t1) / 1000),
      write: round((t3 - t2) / 1000),
      total: round((t3 - t0) / 1000),
    },
  };
}

const round = (x: number): number => Math.round(x * 100) / 100;
