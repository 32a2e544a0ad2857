import { type AccountImportRow, prepareAccountRow } from '@mops/core';
import type pg from 'pg';
import type { CsvRecord } from '../csv/read-csv.ts';
import { inTransaction } from '../db/in-transaction.ts';
import { newId } from '../ids.ts';
import type { BatchCounts } from './decide-batch.ts';
import type { BatchContext } from './people-batch.ts';
import { type ImportReject, rawRow } from './prepare-batch.ts';

/**
 * One batch of an accounts import in one statement: upsert by domain (a non-empty value in the
 * file replaces the stored one; an empty cell never erases), one decision per account created or
 * changed, the quarantined rejects and the running counts. Owners and named-account flags come
 * from the playbook and are never touched by an import.
 */
const WRITE_ACCOUNTS_SQL = `/* import: write accounts */
WITH input AS (SELECT $1::jsonb AS b),
rows AS (
  SELECT x.* FROM input, jsonb_to_recordset(b->'accounts')
      AS x(id uuid, domain text, name text, name_key text, parent_domain text, employees int, industry text,
           country text, lines jsonb)
),
up AS (
  INSERT INTO accounts AS t (id, domain, name, name_key, parent_id, employees, industry, country, source, created_at,
                             updated_at)
  SELECT rows.id, rows.domain, rows.name, rows.name_key, parent.id, rows.employees, rows.industry, rows.country, 'import',
         (b->>'now')::timestamptz, (b->>'now')::timestamptz
    FROM rows CROSS JOIN input LEFT JOIN accounts parent ON parent.domain = rows.parent_domain
  ON CONFLICT (domain) DO UPDATE SET
         name = COALESCE(EXCLUDED.name, t.name), name_key = COALESCE(EXCLUDED.name_key, t.name_key),
         parent_id = COALESCE(EXCLUDED.parent_id, t.parent_id),
         employees = COALESCE(EXCLUDED.employees, t.employees),
         industry = COALESCE(EXCLUDED.industry, t.industry), country = COALESCE(EXCLUDED.country, t.country),
         updated_at = EXCLUDED.updated_at
   WHERE (COALESCE(EXCLUDED.name, t.name), COALESCE(EXCLUDED.parent_id, t.parent_id),
          COALESCE(EXCLUDED.employees, t.employees), COALESCE(EXCLUDED.industry, t.industry),
          COALESCE(EXCLUDED.country, t.country))
         IS DISTINCT FROM (t.name, t.parent_id, t.employees, t.industry, t.country)
  RETURNING t.id, t.domain, (xmax = 0) AS inserted
),
decided AS (
  INSERT INTO decisions (account_id, kind, reason, inputs, outputs, playbook_version_id, created_at)
  SELECT up.id, 'account_import',
         CASE WHEN up.inserted THEN 'new account ' ELSE 'updated account ' END || up.domain || ' from import '
           || (b->'import'->>'id'),
         jsonb_build_object('import_id', b->'import'->>'id', 'lines', rows.lines, 'source', b->'import'->>'source'),
         jsonb_build_object('name', rows.name, 'employees', rows.employees, 'industry', rows.industry,
                            'country', rows.country, 'parent_domain', rows.parent_domain),
         (b->>'version')::int, (b->>'now')::timestamptz
    FROM up JOIN rows USING (domain), input
),
quarantined AS (
  INSERT INTO import_rejects (import_id, line, reasons, raw)
  SELECT (b->'import'->>'id')::uuid, (x->>'line')::int, x->'reasons', x->'raw'
    FROM input, jsonb_array_elements(b->'rejects') AS x
  ON CONFLICT (import_id, line) DO NOTHING
),
counts AS (
  SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM up
)
UPDATE imports SET
       rows_read = rows_read + (b->'import'->>'rows')::int,
       inserted = imports.inserted + counts.inserted,
       updated = imports.updated + counts.updated,
       merged = merged + (b->'import'->>'merged')::int,
       unchanged = unchanged + (SELECT count(*) FROM rows) - counts.inserted - counts.updated,
       rejected = rejected + (b->'import'->>'rejected')::int,
       committed_through_line = (b->'import'->>'through_line')::int,
       heartbeat_at = now()
  FROM input, counts WHERE imports.id = (b->'import'->>'id')::uuid
RETURNING counts.inserted::int AS inserted, counts.updated::int AS updated,
          ((SELECT count(*) FROM rows) - counts.inserted - counts.updated)::int AS unchanged`;

const LINK_PARENTS_SQL = `/* import: link parent accounts */
UPDATE accounts c SET parent_id = p.id
  FROM jsonb_to_recordset($1::jsonb) AS x(domain text, parent text)
  JOIN accounts p ON p.domain = x.parent
 WHERE c.domain = x.domain AND c.parent_id IS DISTINCT FROM p.id`;

export async function writeAccountBatch(
  pool: pg.Pool,
  records: CsvRecord[],
  ctx: BatchContext,
  now: () => Date,
): Promise<BatchCounts> {
  const rejects: ImportReject[] = [];
  const byDomain = new Map<string, AccountImportRow & { id: string; lines: number[] }>();
  let merged = 0;
  const at = now();
  for (const record of records) {
    const prepared =
      record.kind === 'malformed'
        ? { ok: false as const, reasons: [{ path: '', code: 'CSV_MALFORMED', message: record.reason }] }
        : prepareAccountRow(record.values, ctx.mapping);
    if (!prepared.ok) {
      rejects.push({ line: record.line, reasons: prepared.reasons, raw: rawRow(record.values) });
      continue;
    }
    const { account } = prepared;
    const earlier = byDomain.get(account.domain);
    if (earlier) {
      // Same survivorship as people: a later non-empty value wins, an empty one erases nothing.
      earlier.name = account.name ?? earlier.name;
      earlier.employees = account.employees ?? earlier.employees;
      earlier.industry = account.industry ?? earlier.industry;
      earlier.country = account.country ?? earlier.country;
      earlier.name_key = account.name_key ?? earlier.name_key;
      earlier.parent_domain = account.parent_domain ?? earlier.parent_domain;
      earlier.lines.push(record.line);
      merged += 1;
      continue;
    }
    byDomain.set(account.domain, { ...account, id: newId(at.getTime()), lines: [record.line] });
  }
  const document = JSON.stringify({
    now: at.toISOString(),
    version: ctx.playbook.version.id,
    accounts: [...byDomain.values()],
    rejects,
    import: {
      id: ctx.importId,
      source: ctx.source,
      rows: records.length,
      merged,
      rejected: rejects.length,
      through_line: records.at(-1)?.line ?? 0,
    },
  });
  const parents = JSON.stringify(
    [...byDomain.values()]
      .filter((a) => a.parent_domain)
      .map((a) => ({ domain: a.domain, parent: a.parent_domain })),
  );
  const rows = await inTransaction(pool, async (tx) => {
    const written = await tx.query<{ inserted: number; updated: number; unchanged: number }>(
      WRITE_ACCOUNTS_SQL,
      [document],
    );
    // Parents named in this same batch exist only now (a statement cannot see its own inserts).
    await tx.query(LINK_PARENTS_SQL, [parents]);
    return written.rows;
  });
  const counts = rows[0] ?? { inserted: 0, updated: 0, unchanged: 0 };
  return { rows: records.length, merged, rejected: rejects.length, ...counts };
}
