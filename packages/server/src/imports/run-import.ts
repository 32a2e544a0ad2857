import { type CompiledPlaybook, type ImportKind, importForm, mapColumns } from '@mops/core';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Clock } from '../clock.ts';
import { type CsvOptions, type CsvRecord, openCsv } from '../csv/read-csv.ts';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { writeAccountBatch } from './accounts-batch.ts';
import { batchPreparer, PREPARE_ON_WORKER_BYTES } from './batch-preparer.ts';
import { type BatchCounts, decideBatch } from './decide-batch.ts';
import {
  claimImport,
  getImport,
  type ImportRow,
  listRejects,
  markFinished,
  markStarted,
} from './import.store.ts';
import { type BatchContext, writeBatch } from './people-batch.ts';
import type { Footprint } from './redecide-after.ts';
import { scanRepeatedEmails } from './repeated-emails.ts';

export interface ImportProgress {
  bytesRead: number;
  size: number;
  rows: number;
  rejected: number;
}

export interface ImportSummary extends BatchCounts {
  import_id: string;
  kind: ImportKind;
  status: string;
  file: string;
  source: string;
  rejects: { line: number; reasons: { path: string; code: string; message: string }[] }[];
  encoding: string | null;
  delimiter: string | null;
  mapping: { field: string; column: string; by: string }[];
  unmapped: string[];
  seconds: number | null;
  rows_per_second: number | null;
  error: string | null;
}

/** Rows per write statement: large enough to amortise a round trip, small enough to retry cheaply. */
export const IMPORT_BATCH_ROWS = 2000;

export interface ImportDeps {
  db: Kysely<DB>;
  pool: pg.Pool;
  playbook: CompiledPlaybook;
  clock: Clock;
  /** Rows per batch (default IMPORT_BATCH_ROWS); tests use small ones to cross batch edges. */
  batchRows?: number;
  /** Where people batches are prepared; by default on a worker thread for files from 1 MB. */
  prepareOn?: 'here' | 'worker';
}

/**
 * Runs an import that `createImport` stored: streams the file, and for each batch of rows runs
 * validate → wash → fold duplicates → (read) identity, account, scoring, lifecycle → (one atomic
 * write) people, ledger, transitions, decisions, quarantined rejects and the running counts.
 * A failure stops the run; every batch before it is in, nothing of the failed batch is. Running
 * it again resumes after the last committed line.
 */
export async function runImport(
  deps: ImportDeps,
  importId: string,
  onProgress: (progress: ImportProgress) => void = () => {},
  /** The worker has no one to show rejects to; the CLI and tests do (a garbage file can have many). */
  includeRejects = true,
): Promise<ImportSummary> {
  const existing = await getImport(deps.db, importId);
  if (existing.status === 'completed') return summarize(deps.db, existing, includeRejects);
  // Throws IMPORT_RUNNING when another process is on it: never two runners on one import.
  await claimImport(deps.db, importId, deps.clock());
  const row = await getImport(deps.db, importId);
  try {
    await execute(deps, row, onProgress);
    await markFinished(deps.db, importId, deps.clock(), null);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await markFinished(deps.db, importId, deps.clock(), message.slice(0, 2000));
    throw error;
  }
  return summarize(deps.db, await getImport(deps.db, importId), includeRejects);
}

async function execute(
  deps: ImportDeps,
  row: ImportRow,
  onProgress: (p: ImportProgress) => void,
): Promise<void> {
  const options = row.options as {
    map?: Record<string, string>;
    csv?: CsvOptions;
    repeated_emails?: { playbook_version: number } | null;
  };
  if (!row.stored_path) throw new MopsError('IMPORT_FILE_MISSING', `import ${row.id} has no file`);
  const csv = await openCsv(row.stored_path, options.csv ?? {});
  const mapped = mapColumns(row.kind, csv.headers, options.map ?? {}, deps.playbook.customFields);
  if (!mapped.ok) throw MopsError.from(mapped.error);
  const mapping = mapped.value;
  // People: every row of an email is applied at its first row (repeated-emails.ts). A resumed run
  // does so only if the run that committed the first lines did, with the same playbook: it counts
  // the later rows of those emails as already written, and under other rules they may not be.
  const resumed = row.committed_through_line > 0;
  const fold =
    row.kind === 'people' &&
    (!resumed || options.repeated_emails?.playbook_version === deps.playbook.version.id);
  const repeats = fold ? await scanRepeatedEmails(csv, mapping) : null;
  await markStarted(deps.db, row.id, {
    ...options,
    headers: csv.headers,
    mapping: mapping.how,
    unmapped: mapping.unmapped,
    delimiter: csv.delimiter,
    encoding: csv.encoding,
    encoding_reason: csv.encodingReason,
    started_at_line: row.committed_through_line,
    repeated_emails: repeats
      ? { playbook_version: deps.playbook.version.id, later_rows: repeats.rows, complete: repeats.complete }
      : null,
  });
  const ctx: BatchContext = {
    importId: row.id,
    source: row.source,
    fileName: row.file_name,
    headers: csv.headers,
    mapping,
    form: importForm(mapping, deps.playbook),
    playbook: deps.playbook,
    seen: new Set(),
    later: repeats?.later ?? new Map(),
    applied: new Set(),
  };
  const progress: ImportProgress = {
    bytesRead: 0,
    size: csv.size,
    rows: row.rows_read,
    rejected: row.rejected,
  };
  const preparer =
    row.kind === 'people'
      ? batchPreparer(ctx, deps.prepareOn ?? (csv.size >= PREPARE_ON_WORKER_BYTES ? 'worker' : 'here'))
      : null;
  const reportWritten = (counts: BatchCounts) => {
    progress.rows += counts.rows;
    progress.rejected += counts.rejected;
    progress.bytesRead = csv.bytesRead();
    onProgress({ ...progress });
  };

  // Pipelined, in file order:
  // - prepare (validate, wash, fold) — on a worker thread for a large file;
  // - decide (read, engines) — as soon as the batch before is decided and the one before that is
  //   written, so this thread decides while PostgreSQL writes the batch before;
  // - write — one batch at a time, after bringing the decision up to date with what the batch
  //   before wrote (only the people it touched are read and decided again).
  let decided: Promise<unknown> = Promise.resolve();
  let written: Promise<Footprint | null> = Promise.resolve(null);
  let writtenBefore: Promise<unknown> = Promise.resolve();
  const inFlight: Promise<unknown>[] = [];
  const submit = (records: CsvRecord[]) => {
    const previousDecided = decided;
    const previousWritten = written;
    const twoBackWritten = writtenBefore;
    let batchWritten: Promise<Footprint | null>;
    if (preparer) {
      const ready = preparer.prepare(records);
      const decision = (async () => {
        const batch = await ready;
        await previousDecided;
        // Its read must see every batch but the one before (whose footprint it is checked against).
        await twoBackWritten;
        return decideBatch(deps.pool, batch, ctx, deps.clock());
      })();
      decided = decision.catch(() => undefined);
      batchWritten = (async () => {
        const previous = await previousWritten;
        const result = await writeBatch(deps.pool, await decision, previous, ctx, deps.clock);
        reportWritten(result.counts);
        return result.footprint;
      })();
    } else {
      batchWritten = (async () => {
        await previousWritten;
        reportWritten(await writeAccountBatch(deps.pool, records, ctx, deps.clock));
        return null;
      })();
    }
    // Handlers attached now: a failure is not "unhandled" while earlier batches are written.
    batchWritten.catch(() => undefined);
    writtenBefore = previousWritten.catch(() => undefined);
    written = batchWritten;
    inFlight.push(batchWritten);
  };
  try {
    const batchRows = deps.batchRows ?? IMPORT_BATCH_ROWS;
    let pending: CsvRecord[] = [];
    // A resumed run's lines already in: prepared again all the same (not written), so that a
    // later row of one of their emails counts as merged, as in a run that never stopped.
    let committed: CsvRecord[] = [];
    const prepareCommitted = async () => {
      await preparer?.prepare(committed);
      committed = [];
    };
    for await (const chunk of csv.batches()) {
      for (const record of chunk) {
        if (record.line <= row.committed_through_line) {
          if (preparer) committed.push(record);
          if (committed.length >= batchRows) await prepareCommitted();
          continue;
        }
        if (committed.length > 0) await prepareCommitted();
        pending.push(record);
        if (pending.length < batchRows) continue;
        submit(pending);
        pending = [];
        // At most BATCHES_AHEAD batches read ahead of the one being written: memory stays bounded.
        if (inFlight.length > BATCHES_AHEAD) await inFlight.shift();
      }
    }
    if (pending.length > 0) submit(pending);
    await written;
  } finally {
    // Whatever stopped the run (the file could not be read, a batch failed), no batch is still
    // being written when the import is marked finished: a resumed run must not overlap this one.
    await Promise.allSettled([...inFlight, written]);
    await preparer?.close();
  }
}

/** Batches read and prepared ahead of the one being written. */
const BATCHES_AHEAD = 2;

async function summarize(db: Kysely<DB>, row: ImportRow, includeRejects: boolean): Promise<ImportSummary> {
  const options = row.options as {
    mapping?: ImportSummary['mapping'];
    unmapped?: string[];
    encoding?: string;
    delimiter?: string;
  };
  const rejects = [];
  for (let after = 0; includeRejects; ) {
    const page = await listRejects(db, row.id, { afterLine: after, limit: 5000 });
    rejects.push(...page.map((r) => ({ line: r.line, reasons: r.reasons })));
    if (page.length < 5000) break;
    after = page.at(-1)?.line ?? after;
  }
  const seconds =
    row.started_at && row.finished_at ? (row.finished_at.getTime() - row.started_at.getTime()) / 1000 : null;
  return {
    import_id: row.id,
    kind: row.kind,
    status: row.status,
    file: row.file_name,
    source: row.source,
    rows: row.rows_read,
    inserted: row.inserted,
    updated: row.updated,
    merged: row.merged,
    unchanged: row.unchanged,
    rejected: row.rejected,
    rejects,
    encoding: options.encoding ?? null,
    delimiter: options.delimiter ?? null,
    mapping: options.mapping ?? [],
    unmapped: options.unmapped ?? [],
    seconds,
    rows_per_second: seconds && seconds > 0 ? Math.round(row.rows_read / seconds) : null,
    error: row.error,
  };
}
