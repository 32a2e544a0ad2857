import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ImportKind, mapColumns, parseMapArguments } from '@mops/core';
import busboy from 'busboy';
import { Hono } from 'hono';
import { openCsv } from '../../csv/read-csv.ts';
import { MopsError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { importHeaders, rejectCsvLine, rejectJson, rejectsCsvHeader } from '../../imports/format-rejects.ts';
import {
  createImport,
  getImport,
  type ImportRow,
  listImports,
  listRejects,
} from '../../imports/import.store.ts';
import { enqueue } from '../../jobs/queue.ts';
import { requireScope } from '../auth.ts';
import type { AppDeps, AppEnv } from '../context.ts';

interface Upload {
  path: string;
  fileName: string;
  bytes: number;
  sha256: string;
  fields: Record<string, string[]>;
}

const MAX_FIELDS = 100;
const MAX_FIELD_BYTES = 10_000;

/**
 * `POST /v1/imports` takes a CSV as multipart/form-data (part `file`, fields `kind`, `source`,
 * `map` (repeatable column=field), `delimiter`, `encoding`), streams it to the upload directory,
 * checks that it is a readable CSV whose columns map, and queues a `run-import` job: 202 with the
 * import's id. `GET /v1/imports/{id}` reports status and counts; `/rejects` lists the quarantine.
 */
export function importRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/', requireScope(deps.apiKeys, 'imports:write'), async (c) => {
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    if (!type.startsWith('multipart/form-data')) {
      throw new MopsError(
        'UNSUPPORTED_MEDIA_TYPE',
        'upload the CSV as multipart/form-data with the file in a part named "file"',
      );
    }
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > deps.uploads.maxBytes + 64 * 1024) throw tooLarge(deps.uploads.maxBytes);
    const id = newId(deps.clock().getTime());
    await mkdir(deps.uploads.dir, { recursive: true });
    const upload = await receive(c.req.raw, join(deps.uploads.dir, `${id}.csv`), deps.uploads.maxBytes);
    try {
      const request = readRequest(upload.fields, c.req.query('kind'));
      const csv = await openCsv(upload.path, request.csv);
      const mapped = mapColumns(
        request.kind,
        csv.headers,
        request.map,
        deps.playbooks.current().customFields,
      );
      if (!mapped.ok) throw MopsError.from(mapped.error);
      const playbook = deps.playbooks.current();
      await deps.db.transaction().execute(async (trx) => {
        await createImport(trx, {
          id,
          kind: request.kind,
          source: request.source ?? `API upload ${upload.fileName}`,
          fileName: upload.fileName,
          storedPath: upload.path,
          fileBytes: upload.bytes,
          fileSha256: upload.sha256,
          options: { map: request.map, csv: request.csv, uploaded: true },
          playbookVersionId: playbook.version.id,
          createdBy: `api key ${c.get('principal').name}`,
          now: deps.clock(),
        });
        await enqueue(trx, [{ task: 'run-import', payload: { import_id: id }, maxAttempts: 3 }]);
      });
    } catch (error) {
      await rm(upload.path, { force: true });
      throw error;
    }
    deps.onJobsEnqueued();
    return c.json(
      {
        import_id: id,
        status: 'queued',
        kind: c.req.query('kind') ?? upload.fields.kind?.[0],
        links: links(id),
      },
      202,
    );
  });

  app.get('/', requireScope(deps.apiKeys, 'imports:read'), async (c) => {
    return c.json({ data: (await listImports(deps.db)).map(view) });
  });

  app.get('/:id', requireScope(deps.apiKeys, 'imports:read'), async (c) => {
    return c.json(view(await getImport(deps.db, c.req.param('id'))));
  });

  app.get('/:id/rejects', requireScope(deps.apiKeys, 'imports:read'), async (c) => {
    const row = await getImport(deps.db, c.req.param('id'));
    const afterLine = wholeNumber(c.req.query('after_line') ?? '0', 'after_line', 0, 2 ** 31 - 1);
    const limit = wholeNumber(c.req.query('limit') ?? '1000', 'limit', 1, 10_000);
    const headers = importHeaders(row);
    const rejects = await listRejects(deps.db, row.id, { afterLine, limit });
    if (c.req.query('format') === 'csv') {
      const lines = [rejectsCsvHeader(headers), ...rejects.map(rejectCsvLine)];
      c.header('content-disposition', `attachment; filename="rejects-${row.id}.csv"`);
      return c.body(lines.join(''), 200, { 'content-type': 'text/csv; charset=utf-8' });
    }
    const data = rejects.map((r) => rejectJson(r, headers));
    const next = rejects.length === limit ? rejects.at(-1)?.line : undefined;
    return c.json({ data, ...(next ? { next_after_line: next } : {}) });
  });
  return app;
}

function links(id: string) {
  return { self: `/v1/imports/${id}`, rejects: `/v1/imports/${id}/rejects` };
}

function view(row: ImportRow) {
  const options = row.options as {
    mapping?: unknown;
    unmapped?: unknown;
    encoding?: string;
    delimiter?: string;
  };
  return {
    import_id: row.id,
    kind: row.kind,
    status: row.status,
    file: row.file_name,
    source: row.source,
    file_bytes: Number(row.file_bytes),
    rows: row.rows_read,
    inserted: row.inserted,
    updated: row.updated,
    merged: row.merged,
    unchanged: row.unchanged,
    rejected: row.rejected,
    committed_through_line: row.committed_through_line,
    mapping: options.mapping ?? null,
    unmapped: options.unmapped ?? null,
    encoding: options.encoding ?? null,
    delimiter: options.delimiter ?? null,
    error: row.error,
    created_by: row.created_by,
    created_at: row.created_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
    links: links(row.id),
  };
}

function readRequest(fields: Record<string, string[]>, kindQuery: string | undefined) {
  const one = (name: string): string | undefined => {
    const values = fields[name];
    if (values && values.length > 1) throw invalid(name, `give ${name} once, not ${values.length} times`);
    return values?.[0]?.trim() || undefined;
  };
  const kind = (kindQuery ?? one('kind') ?? '') as ImportKind;
  if (kind !== 'people' && kind !== 'accounts') {
    throw invalid(
      'kind',
      `kind must be "people" or "accounts" (a form field or ?kind=), got "${String(kind).slice(0, 40)}"`,
    );
  }
  const source = one('source');
  if (source && source.length > 200) throw invalid('source', 'source is longer than 200 characters');
  const map = parseMapArguments(fields.map ?? []);
  if (!map.ok) throw MopsError.from(map.error);
  const csv: { delimiter?: ',' | ';' | '\t' | '|'; encoding?: 'utf-8' | 'latin1' } = {};
  const delimiter = one('delimiter');
  if (delimiter) {
    const d = delimiter === 'tab' ? '\t' : delimiter;
    if (d !== ',' && d !== ';' && d !== '\t' && d !== '|')
      throw invalid('delimiter', 'delimiter must be , ; tab or |');
    csv.delimiter = d;
  }
  const encoding = one('encoding');
  if (encoding) {
    if (encoding !== 'utf-8' && encoding !== 'latin1')
      throw invalid('encoding', 'encoding must be utf-8 or latin1');
    csv.encoding = encoding;
  }
  return { kind, source, map: map.value, csv };
}

const invalid = (path: string, message: string) =>
  new MopsError('VALIDATION_FAILED', message, [{ path, code: 'INVALID', message }]);

const tooLarge = (max: number) =>
  new MopsError(
    'PAYLOAD_TOO_LARGE',
    `the upload is larger than ${Math.round(max / 1024 / 1024)} MB (MOPS_MAX_UPLOAD_MB)`,
  );

function wholeNumber(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MopsError(
      'INVALID_QUERY',
      `${name} must be a whole number from ${min} to ${max}, got "${text.slice(0, 40)}"`,
    );
  }
  return value;
}

/** Streams the multipart body: the one `file` part to disk (hashed, size-capped), fields to memory. */
async function receive(request: Request, path: string, maxBytes: number): Promise<Upload> {
  if (!request.body) throw invalid('file', 'the request has no body');
  const fields: Record<string, string[]> = {};
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: Object.fromEntries(request.headers),
      limits: { files: 1, fileSize: maxBytes, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
    });
  } catch (error) {
    throw invalid('content-type', `not a readable multipart body: ${(error as Error).message}`);
  }
  const hash = createHash('sha256');
  // Filled in by parser callbacks (a holder object, so the compiler does not narrow them to null).
  const got: {
    file: Promise<{ fileName: string; bytes: number; truncated: boolean }> | null;
    problem: MopsError | null;
  } = { file: null, problem: null };
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated)
      got.problem ??= invalid(name, `field ${name} is longer than ${MAX_FIELD_BYTES} bytes`);
    const values = fields[name] ?? [];
    values.push(value);
    fields[name] = values;
  });
  parser.on('fieldsLimit', () => {
    got.problem ??= invalid('', `more than ${MAX_FIELDS} form fields`);
  });
  parser.on('filesLimit', () => {
    got.problem ??= invalid('file', 'send one file per import');
  });
  parser.on('file', (name, stream, info) => {
    if (name !== 'file' || got.file) {
      got.problem ??= invalid(name, `unexpected file part "${name}"; send the CSV in a part named "file"`);
      stream.resume();
      return;
    }
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    got.file = pipeline(stream, createWriteStream(path)).then(() => ({
      fileName: (info.filename || 'upload.csv').replace(/[^\w.\- ]/g, '_').slice(0, 200),
      bytes,
      truncated: (stream as { truncated?: boolean }).truncated === true,
    }));
  });
  try {
    await pipeline(Readable.fromWeb(request.body as import('node:stream/web').ReadableStream), parser);
    const received = got.file ? await got.file : null;
    if (got.problem) throw got.problem;
    if (!received) throw invalid('file', 'no file part: send the CSV in a multipart part named "file"');
    if (received.truncated) throw tooLarge(maxBytes);
    return { path, fileName: received.fileName, bytes: received.bytes, sha256: hash.digest('hex'), fields };
  } catch (error) {
    await rm(path, { force: true });
    if (error instanceof MopsError) throw error;
    throw invalid('file', `the upload could not be read: ${(error as Error).message}`);
  }
}
