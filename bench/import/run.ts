// Import throughput: `mops import people` on a synthetic B2B file (with its duplicates, dirty
// values and webmail addresses) into a fresh embedded PostgreSQL, against two floors measured in
// the same run on the same rows:
//   - js floor: read + validate + wash + fold duplicates in process, no database;
//   - db floor: the same number of bare people rows (email, names, company) inserted in batches of
//     2,000 by one INSERT … SELECT FROM jsonb_to_recordset each, into an unindexed table.
// The import does far more per row (ledger rows, stage transitions, an intake decision, accounts,
// enrichment jobs) — the floors say what the machine can do at all.
//
//   node bench/import/run.ts [--rows 100000] [--seed 7]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compilePlaybook, importForm, loadPlaybook, mapColumns } from '@mops/core';
import { openCsv } from '../../packages/server/src/csv/read-csv.ts';
import { openDatabase } from '../../packages/server/src/db/database.ts';
import type { BatchCounts } from '../../packages/server/src/imports/decide-batch.ts';
import { prepareBatch } from '../../packages/server/src/imports/prepare-batch.ts';
import { writeB2B } from '../dedupe/generate-b2b.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, seed: { type: 'string', default: '7' } },
});
const rows = Number(values.rows);
const root = path.resolve(import.meta.dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-import-bench-'));
// The embedded PostgreSQL may run as another OS user (as root: postgres); it must reach the data dir.
fs.chmodSync(work, 0o755);
const file = path.join(work, `b2b-${rows}.csv`);

const t0 = performance.now();
writeB2B(rows, values.seed ?? '7', { out: file });
console.log(
  `generated ${rows.toLocaleString('en')} rows (${(fs.statSync(file).size / 1e6).toFixed(1)} MB) in ${seconds(t0)} s`,
);

// --- js floor ---------------------------------------------------------------------------------
const text = fs.readFileSync(path.join(root, 'examples/playbook.yaml'), 'utf8');
const loaded = loadPlaybook(text, 'examples/playbook.yaml');
if (!loaded.ok) throw new Error(loaded.error.message);
const playbook = compilePlaybook(loaded.value, { id: 1, hash: 'bench' });
const csv = await openCsv(file);
const mapped = mapColumns('people', csv.headers, {}, playbook.customFields);
if (!mapped.ok) throw new Error(mapped.error.message);
const ctx = {
  importId: 'bench',
  source: 'bench',
  fileName: path.basename(file),
  headers: csv.headers,
  mapping: mapped.value,
  form: importForm(mapped.value, playbook),
  playbook,
  seen: new Set<string>(),
  later: new Map(),
  applied: new Set<number>(),
};
const t1 = performance.now();
let prepared = 0;
let pending = [];
for await (const batch of csv.batches()) {
  for (const record of batch) {
    pending.push(record);
    if (pending.length === 2000) {
      prepared += prepareBatch(pending, ctx).people.length;
      pending = [];
    }
  }
}
prepared += prepareBatch(pending, ctx).people.length;
const jsFloor = rows / ((performance.now() - t1) / 1000);

// --- the import itself, through the CLI, on a fresh embedded database ---------------------------
const dataDir = path.join(work, 'data');
const env = { ...process.env, MOPS_DATA_DIR: dataDir, DATABASE_URL: '' };
const mops = path.join(root, 'packages/server/bin/mops.js');
const migrated = spawnSync(process.execPath, [mops, 'migrate'], { env, encoding: 'utf8' });
if (migrated.status !== 0) throw new Error(migrated.stderr);
interface Summary extends BatchCounts {
  seconds: number;
  rows_per_second: number;
}
const importFile = (): Summary => {
  const run = spawnSync(process.execPath, [mops, 'import', 'people', file, '--json', '--source', 'bench'], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`import failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Summary;
};
const summary = importFile();
// The same file again: every person is read and decided, nothing is written (a list re-sent).
const again = importFile();
// Nobody new; "updated" can only be people with a personal address linked to an account that a
// colleague further down the file created (the first import could not find it yet).
if (again.inserted !== 0) throw new Error(`re-importing the same file inserted ${again.inserted} people`);

// --- db floor, on the same database ---------------------------------------------------------------
const database = await openDatabase(
  { databaseUrl: undefined, dataDir, dataDirExplicit: true },
  { poolSize: 2 },
);
let dbFloor = 0;
try {
  await database.pool.query(
    'CREATE UNLOGGED TABLE IF NOT EXISTS bench_floor (email text, first_name text, last_name text, company text)',
  );
  const t2 = performance.now();
  for (let done = 0; done < rows; done += 2000) {
    const batch = Array.from({ length: Math.min(2000, rows - done) }, (_, i) => ({
      email: `p${done + i}@floor.example`,
      first_name: 'Ada',
      last_name: 'Lovelace',
      company: 'Analytical Engines',
    }));
    await database.pool.query(
      `INSERT INTO bench_floor SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(email text, first_name text, last_name text, company text)`,
      [JSON.stringify(batch)],
    );
  }
  dbFloor = rows / ((performance.now() - t2) / 1000);
  await database.pool.query('DROP TABLE bench_floor');
} finally {
  await database.close();
}

const result = {
  bench: 'import',
  rows,
  people_prepared: prepared,
  import: { ...summary, rejects: undefined },
  import_rows_per_second: summary.rows_per_second,
  reimport: { ...again, rejects: undefined },
  reimport_rows_per_second: again.rows_per_second,
  js_floor_rows_per_second: Math.round(jsFloor),
  db_floor_rows_per_second: Math.round(dbFloor),
  target_rows_per_second: 20_000,
  load_average: os.loadavg().map((l) => Math.round(l * 10) / 10),
};
console.log(
  `import: ${summary.rows.toLocaleString('en')} rows in ${summary.seconds} s = ${summary.rows_per_second.toLocaleString('en')} rows/s ` +
    `(inserted ${summary.inserted}, merged ${summary.merged}, rejected ${summary.rejected}); target 20,000 rows/s`,
);
console.log(
  `the same file again: ${again.rows.toLocaleString('en')} rows in ${again.seconds} s = ${again.rows_per_second.toLocaleString('en')} rows/s ` +
    `(inserted ${again.inserted}, updated ${again.updated}, unchanged ${again.unchanged}, merged ${again.merged})`,
);
console.log(
  `js floor (validate + wash, no database): ${result.js_floor_rows_per_second.toLocaleString('en')} rows/s`,
);
console.log(
  `db floor (bare 4-column rows, unindexed, same batches): ${result.db_floor_rows_per_second.toLocaleString('en')} rows/s`,
);
console.log(JSON.stringify(result));
fs.rmSync(work, { recursive: true, force: true });

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
