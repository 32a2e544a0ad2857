import { createWriteStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import { type ImportKind, parseMapArguments } from '@mops/core';
import type { Command } from 'commander';
import { systemClock } from '../../clock.ts';
import { loadConfig } from '../../config.ts';
import { fingerprintFile } from '../../csv/fingerprint-file.ts';
import { MopsError } from '../../errors.ts';
import {
  importHeaders,
  reasonsText,
  rejectCsvLine,
  rejectJson,
  rejectsCsvHeader,
} from '../../imports/format-rejects.ts';
import {
  createImport,
  getImport,
  listImports,
  listRejects,
  previousImportOfFile,
} from '../../imports/import.store.ts';
import { type ImportProgress, type ImportSummary, runImport } from '../../imports/run-import.ts';
import { ensurePlaybook } from '../../playbook/ensure-playbook.ts';
import { formatTime, pad, print, printJson } from '../output.ts';
import { perSecond, progressBar } from '../progress-bar.ts';
import { withDatabase } from '../with-database.ts';
import { registerRowImports, resumeRowImport } from './campaign.command.ts';

interface ImportOptions {
  map: string[];
  source?: string;
  delimiter?: string;
  encoding?: string;
  json?: boolean;
  progress?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerImport(program: Command): void {
  const command = program.command('import').description('import people or accounts from CSV files');
  for (const kind of ['people', 'accounts'] as const) {
    command
      .command(`${kind} <file>`)
      .description(
        kind === 'people'
          ? 'import people: every row is validated, washed, deduplicated by email, linked to its account and scored'
          : 'import accounts (companies) keyed by their website domain',
      )
      .option(
        '--map <column=field>',
        'feed a field from a column (repeatable; column=- ignores it)',
        collect,
        [],
      )
      .option('--source <name>', 'where the list came from, e.g. "Trade show 2026"')
      .option('--delimiter <char>', 'field delimiter: , ; tab | (default: detected)')
      .option('--encoding <name>', 'utf-8 or latin1 (default: detected)')
      .option('--no-progress', 'no progress bar')
      .option('--json', 'print the summary as one JSON object')
      .action((file: string, opts: ImportOptions) => importFile(kind, file, opts));
  }
  registerRowImports(command);
  command
    .command('resume <id>')
    .description('run an import that failed part-way again: it goes on after the last committed line')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the summary as one JSON object')
    .action(async (id: string, opts: { json?: boolean; progress?: boolean }) => {
      const config = loadConfig();
      await withDatabase(config, async ({ db, pool }) => {
        const playbook = await ensurePlaybook(db, config, { actor: 'mops import resume' });
        const row = await getImport(db, id);
        if (await resumeRowImport(db, row, opts.json === true)) return;
        const bar =
          opts.progress !== false && !opts.json && process.stderr.isTTY
            ? importProgress(row.file_name)
            : null;
        let summary: ImportSummary;
        try {
          summary = await runImport({ db, pool, playbook, clock: systemClock }, row.id, bar?.update);
        } finally {
          bar?.done();
        }
        if (opts.json) printJson(summary);
        else printSummary(summary, null);
      });
    });
  command
    .command('list')
    .description('recent imports with their counts')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        const rows = await listImports(db);
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return print('no imports yet');
        print(
          `${pad('id', 38)}${pad('kind', 10)}${pad('status', 11)}${pad('rows', 9)}${pad('in', 8)}${pad('upd', 8)}${pad('rej', 8)}file`,
        );
        for (const r of rows) {
          print(
            `${pad(r.id, 38)}${pad(r.kind, 10)}${pad(r.status, 11)}${pad(String(r.rows_read), 9)}${pad(String(r.inserted), 8)}${pad(String(r.updated), 8)}${pad(String(r.rejected), 8)}${r.file_name}`,
          );
        }
      });
    });
  command
    .command('rejects <id>')
    .description("an import's quarantined rows: line, reasons and the row as it was (CSV with --csv)")
    .option('--csv', 'write CSV (the original columns plus line and reasons) to stdout or --out')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { csv?: boolean; out?: string; json?: boolean }) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        const row = await getImport(db, id);
        const out = opts.out ? createWriteStream(opts.out) : process.stdout;
        const write = (text: string) => out.write(text);
        const headers = importHeaders(row);
        let count = 0;
        if (opts.json) write('[');
        for (let after = 0; ; ) {
          const page = await listRejects(db, row.id, { afterLine: after, limit: 5000 });
          for (const reject of page) {
            if (opts.json) write(`${count > 0 ? ',' : ''}\n  ${JSON.stringify(rejectJson(reject, headers))}`);
            else if (opts.csv) {
              if (count === 0) write(rejectsCsvHeader(headers));
              write(rejectCsvLine(reject));
            } else write(`line ${reject.line}: ${reasonsText(reject.reasons)}\n`);
            count += 1;
          }
          if (page.length < 5000) break;
          after = page.at(-1)?.line ?? after;
        }
        if (opts.json) write(count > 0 ? '\n]\n' : ']\n');
        else if (!opts.csv && count === 0) write(`import ${row.id} has no rejected rows\n`);
        if (opts.out) await new Promise((done) => (out as ReturnType<typeof createWriteStream>).end(done));
      });
    });
}

async function importFile(kind: ImportKind, file: string, opts: ImportOptions): Promise<void> {
  const path = resolve(file);
  const overrides = parseMapArguments(opts.map);
  if (!overrides.ok) throw MopsError.from(overrides.error);
  const csv = csvOptions(opts);
  const { size, sha256 } = await fingerprintFile(path);
  const config = loadConfig();
  await withDatabase(config, async ({ db, pool }) => {
    const playbook = await ensurePlaybook(db, config, { actor: 'mops import' });
    const now = systemClock();
    const importId = await createImport(db, {
      kind,
      source: opts.source ?? `CSV import ${basename(path)}`,
      fileName: basename(path),
      storedPath: path,
      fileBytes: size,
      fileSha256: sha256,
      options: { map: overrides.value, csv },
      playbookVersionId: playbook.version.id,
      createdBy: 'mops import',
      now,
    });
    const bar =
      opts.progress !== false && !opts.json && process.stderr.isTTY ? importProgress(basename(path)) : null;
    let summary: ImportSummary;
    try {
      summary = await runImport({ db, pool, playbook, clock: systemClock }, importId, bar?.update);
    } finally {
      bar?.done();
    }
    const earlier = await previousImportOfFile(db, sha256, kind, importId);
    if (opts.json) {
      printJson({
        ...summary,
        previously_imported: earlier ? { import_id: earlier.id, at: earlier.created_at } : null,
      });
    } else printSummary(summary, earlier);
  });
}

function csvOptions(opts: ImportOptions): Record<string, string> {
  const out: Record<string, string> = {};
  if (opts.delimiter) {
    const d = opts.delimiter === 'tab' || opts.delimiter === '\\t' ? '\t' : opts.delimiter;
    if (![',', ';', '\t', '|'].includes(d)) {
      throw new MopsError('USAGE', `--delimiter must be one of , ; tab | (got "${opts.delimiter}")`);
    }
    out.delimiter = d;
  }
  if (opts.encoding) {
    const e = opts.encoding
      .toLowerCase()
      .replace('utf8', 'utf-8')
      .replace(/^(iso-?8859-1|windows-1252|cp1252)$/, 'latin1');
    if (!['utf-8', 'latin1'].includes(e))
      throw new MopsError('USAGE', `--encoding must be utf-8 or latin1 (got "${opts.encoding}")`);
    out.encoding = e;
  }
  return out;
}

/** The import's progress: how much of the file is read, rows, rate and rejects. */
function importProgress(label: string): { update: (p: ImportProgress) => void; done: () => void } {
  const started = Date.now();
  const bar = progressBar(label);
  return {
    update: (p) =>
      bar.update(
        p.size > 0 ? p.bytesRead / p.size : 0,
        `${p.rows.toLocaleString('en')} rows  ${perSecond(p.rows, started)} rows/s  ${p.rejected.toLocaleString('en')} rejected`,
      ),
    done: bar.done,
  };
}

function printSummary(s: ImportSummary, earlier: { id: string; created_at: Date } | null): void {
  print(`import ${s.import_id} (${s.kind}, ${s.status}) — ${s.file}, source "${s.source}"`);
  print(
    `  read as ${s.encoding ?? '?'}, delimiter ${JSON.stringify(s.delimiter)}; ${s.rows.toLocaleString('en')} rows in ${s.seconds?.toFixed(1) ?? '?'} s (${s.rows_per_second?.toLocaleString('en') ?? '?'} rows/s)`,
  );
  print(`  columns   ${s.mapping.map((m) => `${m.column} → ${m.field}`).join(', ')}`);
  if (s.unmapped.length > 0) print(`  ignored   ${s.unmapped.join(', ')} (map with --map column=field)`);
  print(
    `  inserted ${s.inserted} · updated ${s.updated} · merged ${s.merged} · unchanged ${s.unchanged} · rejected ${s.rejected}`,
  );
  if (earlier)
    print(`  this file was imported before: import ${earlier.id} at ${formatTime(earlier.created_at)}`);
  for (const reject of s.rejects.slice(0, 20)) {
    print(`  line ${reject.line}: ${reasonsText(reject.reasons)}`);
  }
  if (s.rejects.length > 20)
    print(`  … ${s.rejects.length - 20} more: mops import rejects ${s.import_id} --csv`);
}
