import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, ImportsTable } from '../db/schema.ts';
import { MopsError } from '../errors.ts';
import { newId, UUID_PATTERN } from '../ids.ts';

export type ImportRow = Selectable<ImportsTable>;

export interface NewImport {
  /** Chosen by the caller when something (an uploaded file) is already named after it. */
  id?: string;
  kind: 'people' | 'accounts';
  source: string;
  fileName: string;
  storedPath: string;
  fileBytes: number;
  fileSha256: string;
  options: Record<string, unknown>;
  playbookVersionId: number;
  createdBy: string;
  now: Date;
}

export async function createImport(db: Kysely<DB>, input: NewImport): Promise<string> {
  const id = input.id ?? newId(input.now.getTime());
  await db
    .insertInto('imports')
    .values({
      id,
      kind: input.kind,
      source: input.source,
      file_name: input.fileName,
      stored_path: input.storedPath,
      file_bytes: input.fileBytes,
      file_sha256: input.fileSha256,
      options: JSON.stringify(input.options),
      playbook_version_id: input.playbookVersionId,
      created_by: input.createdBy,
      created_at: input.now,
    })
    .execute();
  return id;
}

export async function getImport(db: Kysely<DB>, id: string): Promise<ImportRow> {
  const row = UUID_PATTERN.test(id)
    ? await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row)
    throw new MopsError(
      'IMPORT_NOT_FOUND',
      `no import with id "${id.slice(0, 80)}"; \`mops import list\` shows them`,
    );
  return row as ImportRow;
}

export async function listImports(db: Kysely<DB>, limit = 50): Promise<ImportRow[]> {
  return (await db
    .selectFrom('imports')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()) as ImportRow[];
}

/** The most recent earlier import of byte-identical content, to say so in the summary. */
export async function previousImportOfFile(
  db: Kysely<DB>,
  sha256: string,
  kind: string,
  exceptId: string,
): Promise<{ id: string; created_at: Date } | null> {
  const row = await db
    .selectFrom('imports')
    .select(['id', 'created_at'])
    .where('file_sha256', '=', sha256)
    .where('kind', '=', kind as 'people')
    .where('id', '!=', exceptId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ?? null;
}

export async function listRejects(
  db: Kysely<DB>,
  importId: string,
  opts: { afterLine?: number; limit?: number } = {},
): Promise<{ line: number; reasons: { path: string; code: string; message: string }[]; raw: string[] }[]> {
  return db
    .selectFrom('import_rejects')
    .select(['line', 'reasons', 'raw'])
    .where('import_id', '=', importId)
    .where('line', '>', opts.afterLine ?? 0)
    .orderBy('line')
    .limit(opts.limit ?? 1000)
    .execute();
}

/**
 * Takes the import for this run: only one runner at a time. A run whose heartbeat (touched by
 * every committed batch) is older than two minutes is taken to be dead and may be taken over.
 */
export async function claimImport(db: Kysely<DB>, id: string, now: Date): Promise<void> {
  const { rows } = await sql<{ id: string }>`
    UPDATE imports SET status = 'running', started_at = COALESCE(started_at, ${now}), heartbeat_at = now(), error = NULL
     WHERE id = ${id}
       AND (status IN ('queued', 'failed')
            OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - interval '2 minutes')))
    RETURNING id`.execute(db);
  if (rows.length === 0) {
    const row = await getImport(db, id);
    throw new MopsError(
      row.status === 'running' ? 'IMPORT_RUNNING' : 'IMPORT_FINISHED',
      row.status === 'running'
        ? `import ${id} is being run by another process (last batch at ${row.heartbeat_at?.toISOString() ?? '?'})`
        : `import ${id} is already ${row.status}`,
    );
  }
}

export async function markStarted(db: Kysely<DB>, id: string, options: Record<string, unknown>) {
  await db
    .updateTable('imports')
    .set({ options: JSON.stringify(options) })
    .where('id', '=', id)
    .execute();
}

export async function markFinished(db: Kysely<DB>, id: string, now: Date, error: string | null) {
  await db
    .updateTable('imports')
    .set({ status: error ? 'failed' : 'completed', finished_at: now, error })
    .where('id', '=', id)
    .execute();
}
