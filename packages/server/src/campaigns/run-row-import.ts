import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import { type CsvOptions, type CsvRecord, openCsv } from '../csv/read-csv.ts';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { claimImport, getImport, listRejects, markFinished, markStarted } from '../imports/import.store.ts';

/** A rejected row: its line and every reason at once, the convention of the people imports. */
export interface RowReject {
  line: number;
  reasons: { path: string; code: string; message: string }[];
  raw: string[];
}

export interface BatchOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  rejects: RowReject[];
}

/**
 * What a kind of row import (costs, opportunities) supplies: how its columns map, and how one
 * batch of rows is checked and written inside the batch's transaction.
 */
export interface RowImporter<Columns> {
  kind: 'costs' | 'opportunities';
  mapColumns(headers: string[]): Columns;
  writeBatch(
    trx: Kysely<DB>,
    records: CsvRecord[],
    columns: Columns,
    ctx: BatchContext,
  ): Promise<BatchOutcome>;
}

export interface BatchContext {
  importId: string;
  source: string;
  actor: string;
  now: Date;
  /** Lives for the whole run: lets a batch see keys from earlier batches of the same file. */
  seen: Map<string, number>;
}

export interface RowImportSummary {
  import_id: string;
  kind: string;
  status: string;
  file: string;
  source: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects: { line: number; reasons: RowReject['reasons'] }[];
  columns: Record<string, string>;
  seconds: number | null;
  error: string | null;
}

export const ROW_IMPORT_BATCH = 2000;

/**
 * Runs a cost or opportunity import stored by `createImport`: streams the CSV with the shared
 * reader, and writes each batch of rows — its rows, its quarantined rejects (line and reasons) and
 * the import's counts — in one transaction, so a failure leaves earlier batches in and nothing of
 * the failed one. Rows already committed by an earlier, interrupted run are skipped.
 */
export async function runRowImport<Columns>(
  deps: { db: Kysely<DB>; clock: Clock; batchRows?: number },
  importId: string,
  importer: RowImporter<Columns>,
): Promise<RowImportSummary> {
  const existing = await getImport(deps.db, importId);
  if (existing.status === 'completed') return summarize(deps.db, importId);
  await claimImport(deps.db, importId, deps.clock());
  const row = await getImport(deps.db, importId);
  try {
    if (!row.stored_path) throw new MopsError('IMPORT_FILE_MISSING', `import ${row.id} has no file`);
    const options = row.options as { csv?: CsvOptions };
    const csv = await openCsv(row.stored_path, options.csv ?? {});
    const columns = importer.mapColumns(csv.headers);
    await markStarted(deps.db, row.id, {
      ...options,
      headers: csv.headers,
      columns,
      delimiter: csv.delimiter,
      encoding: csv.encoding,
      started_at_line: row.committed_through_line,
    });
    const ctx: BatchContext = {
      importId: row.id,
      source: row.source,
      actor: row.created_by,
      now: deps.clock(),
      seen: new Map(),
    };
    let pending: CsvRecord[] = [];
    const flush = async () => {
      const records = pending;
      pending = [];
      await deps.db.transaction().execute(async (trx) => {
        const valid = records.filter((r) => r.kind === 'row');
        const outcome = await importer.writeBatch(trx, valid, columns, ctx);
        const malformed: RowReject[] = records
          .filter((r) => r.kind === 'malformed')
          .map((r) => ({
            line: r.line,
            reasons: [{ path: '', code: 'CSV_MALFORMED', message: r.kind === 'malformed' ? r.reason : '' }],
            raw: r.values,
          }));
        const rejects = [...malformed, ...outcome.rejects];
        await writeCounts(trx, row.id, records, outcome, rejects);
      });
    };
    for await (const chunk of csv.batches()) {
      for (const record of chunk) {
        // Committed by an earlier, interrupted run. A duplicate key spanning the resume point is
        // still harmless: the database's upserts make it an update, never a copy.
        if (record.line <= row.committed_through_line) continue;
        pending.push(record);
        if (pending.length >= (deps.batchRows ?? ROW_IMPORT_BATCH)) await flush();
      }
    }
    if (pending.length > 0) await flush();
    await markFinished(deps.db, importId, deps.clock(), null);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await markFinished(deps.db, importId, deps.clock(), message.slice(0, 2000));
    throw error;
  }
  return summarize(deps.db, importId);
}

async function writeCounts(
  trx: Kysely<DB>,
  importId: string,
  records: CsvRecord[],
  outcome: BatchOutcome,
  rejects: RowReject[],
): Promise<void> {
  if (rejects.length > 0) {
    await sql`
      INSERT INTO import_rejects (import_id, line, reasons, raw)
      SELECT ${importId}::uuid, (x->>'line')::int, x->'reasons', x->'raw'
        FROM jsonb_array_elements(${JSON.stringify(rejects)}::jsonb) AS x
      ON CONFLICT (import_id, line) DO NOTHING`.execute(trx);
  }
  const lastLine = records.at(-1)?.line ?? 0;
  await sql`
    UPDATE imports SET rows_read = rows_read + ${records.length}, inserted = inserted + ${outcome.inserted},
           updated = updated + ${outcome.updated}, unchanged = unchanged + ${outcome.unchanged},
           rejected = rejected + ${rejects.length},
           committed_through_line = GREATEST(committed_through_line, ${lastLine}), heartbeat_at = now()
     WHERE id = ${importId}`.execute(trx);
}

async function summarize(db: Kysely<DB>, importId: string): Promise<RowImportSummary> {
  const row = await getImport(db, importId);
  const rejects = await listRejects(db, importId, { limit: 1000 });
  const options = row.options as { columns?: Record<string, string> };
  return {
    import_id: row.id,
    kind: row.kind,
    status: row.status,
    file: row.file_name,
    source: row.source,
    rows: row.rows_read,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    rejected: row.rejected,
    rejects: rejects.map((r) => ({ line: r.line, reasons: r.reasons })),
    columns: options.columns ?? {},
    seconds:
      row.started_at && row.finished_at
        ? (row.finished_at.getTime() - row.started_at.getTime()) / 1000
        : null,
    error: row.error,
  };
}

/** Header → field by synonyms (case, spaces and punctuation ignored); required fields must map. */
export function mapBySynonyms(
  kind: string,
  headers: string[],
  synonyms: Record<string, readonly string[]>,
  required: readonly (string | readonly string[])[],
): Record<string, string> {
  const key = (h: string) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '');
  const columns: Record<string, string> = {};
  for (const [field, names] of Object.entries(synonyms)) {
    const header = headers.find((h) => names.includes(key(h)));
    if (header !== undefined) columns[field] = header;
  }
  const missing = required.filter((r) => (typeof r === 'string' ? !columns[r] : !r.some((f) => columns[f])));
  if (missing.length > 0) {
    const describe = (r: string | readonly string[]) =>
      typeof r === 'string'
        ? `${r} (${synonyms[r]?.join(', ')})`
        : r.map((f) => `${f} (${synonyms[f]?.join(', ')})`).join(' or ');
    throw new MopsError(
      'IMPORT_MAPPING_INVALID',
      `a ${kind} file needs ${missing.map(describe).join('; ')}; its columns are ${headers.map((h) => `"${h}"`).join(', ')}`,
    );
  }
  return columns;
}

/** The row's values by field name, through the column mapping. */
export function rowFields(
  record: Extract<CsvRecord, { kind: 'row' }>,
  headers: string[],
  columns: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, header] of Object.entries(columns)) {
    const index = headers.indexOf(header);
    const value = index >= 0 ? record.values[index] : undefined;
    if (value !== undefined && value.trim() !== '') out[field] = value;
  }
  return out;
}
