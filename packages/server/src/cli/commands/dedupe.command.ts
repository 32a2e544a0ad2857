import { DEDUPE_FIELDS } from '@mops/core';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { type DedupeFileSummary, dedupeFile } from '../../dedupe/dedupe-file.ts';
import { MopsError } from '../../errors.ts';
import { withDedupeLock } from '../../jobs/tasks/dedupe-sweep.task.ts';
import { dedupeDatabase } from '../../merges/dedupe-database.ts';
import { ensurePlaybook } from '../../playbook/ensure-playbook.ts';
import { print, printJson, reportError } from '../output.ts';
import { withDatabase } from '../with-database.ts';

// `mops dedupe <input.csv> --out <clusters.csv>`: the file mode of the dedupe engine. A contract
// other tools rely on: no database (none is opened or started), `id,cluster_id` for every input
// row. See docs/dedupe.md.

// Exit codes for the CSV reader's codes that the shared table does not know (1 = bad input).
const INPUT_CODES = new Set(['CSV_EMPTY', 'CSV_BINARY', 'CSV_NO_HEADER', 'CSV_UNREADABLE']);

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerDedupe(program: Command): void {
  program
    .command('dedupe [input]')
    .description(
      'find duplicate people in a CSV (no database): writes id,cluster_id for every row; with --db, in the database',
    )
    .option('--out <file>', 'where to write id,cluster_id (file mode)')
    .option('--db', 'dedupe everyone in the database: merge sure pairs, queue unsure ones for review')
    .option('--dry-run', 'with --db: report what would be merged or queued, change nothing')
    .option(
      '--id-column <name>',
      'the column holding row ids (default: id / unique_id / rec_id …, else line numbers)',
    )
    .option(
      '--map <column=field>',
      `map a column to a field (repeatable; field "none" leaves it out). Fields: ${DEDUPE_FIELDS.join(', ')}`,
      collect,
    )
    .option('--threshold <log2odds>', 'minimum match weight for a pair (default 0 = probability 0.5)')
    .option('--json', 'machine-readable output')
    .action(
      async (
        input: string | undefined,
        opts: {
          out?: string;
          idColumn?: string;
          map?: string[];
          threshold?: string;
          json?: boolean;
          db?: boolean;
          dryRun?: boolean;
        },
      ) => {
        if (opts.db) {
          if (input !== undefined)
            throw new MopsError('USAGE', '--db works on the database: give no input file');
          await dedupeInDatabase(opts.dryRun === true, opts.json === true);
          return;
        }
        if (input === undefined || opts.out === undefined) {
          throw new MopsError(
            'USAGE',
            'file mode needs an input and --out: mops dedupe <input.csv> --out <clusters.csv>',
          );
        }
        const out = opts.out;
        try {
          const map: Record<string, string> = {};
          for (const entry of opts.map ?? []) {
            const eq = entry.lastIndexOf('=');
            if (eq <= 0)
              throw new MopsError(
                'USAGE',
                `--map "${entry}": expected column=field (fields: none, ${DEDUPE_FIELDS.join(', ')})`,
              );
            map[entry.slice(0, eq).trim()] = entry.slice(eq + 1).trim();
          }
          let matchWeight: number | undefined;
          if (opts.threshold !== undefined) {
            matchWeight = Number(opts.threshold);
            if (!Number.isFinite(matchWeight))
              throw new MopsError('USAGE', `--threshold "${opts.threshold}" is not a number`);
          }
          const summary = await dedupeFile({
            input,
            out,
            idColumn: opts.idColumn,
            map,
            matchWeight,
          });
          if (opts.json) printJson(summary);
          else printSummary(summary);
        } catch (error) {
          if (!(error instanceof MopsError)) throw error;
          const code = reportError(error, opts.json === true);
          process.exitCode = INPUT_CODES.has(error.code) ? 1 : code;
        }
      },
    );
}

async function dedupeInDatabase(dryRun: boolean, json: boolean): Promise<void> {
  const config = loadConfig();
  await withDatabase(config, async ({ db, pool }) => {
    const playbook = await ensurePlaybook(db, config, { actor: 'mops dedupe --db' });
    // One scan at a time: the on-entry sweep waits for this (and this for a running sweep).
    const summary = await withDedupeLock(pool, true, () =>
      dedupeDatabase(db, pool, playbook, { dryRun, actor: 'mops dedupe --db', now: () => new Date() }),
    );
    if (!summary) throw new Error('the dedupe lock was not taken');
    if (json) return printJson(summary);
    const { auto_merge_above, review_above } = playbook.source.hygiene.dedupe;
    print(
      `${dryRun ? 'dry run: ' : ''}${summary.people} people → ${summary.clusters_with_duplicates} groups of possible duplicates (${summary.seconds}s)`,
    );
    print(
      `  ${dryRun ? 'would merge' : 'merged'} ${summary.merged} (p ≥ ${auto_merge_above}) · ${dryRun ? 'would queue' : 'queued for review'} ${summary.queued_for_review} (p ≥ ${review_above}) · below review ${summary.below_review} · already judged ${summary.already_judged}`,
    );
    for (const m of summary.merges.slice(0, 20))
      print(
        `  ${dryRun ? 'would merge' : 'merged'} ${m.merged} → ${m.survivor} (p=${m.probability.toFixed(3)})${m.merge_id ? `  ${m.merge_id}` : ''}`,
      );
    for (const r of summary.reviews.slice(0, 20))
      print(`  review ${r.a} ~ ${r.b} (p=${r.probability.toFixed(3)})`);
    if (!dryRun && summary.queued_for_review > 0) print('  see them with: mops merge reviews');
  });
}

function printSummary(s: DedupeFileSummary): void {
  print(`✓ ${s.rows} rows → ${s.clusters} clusters, written to ${s.out}`);
  print(
    `  ${s.rows_in_duplicate_clusters} rows are in clusters of two or more; ${s.candidate_pairs} pairs compared, ${s.match_edges} matched`,
  );
  print(`  id column: ${s.id_column ?? '(none: line-based ids)'}`);
  print(
    `  fields: ${Object.entries(s.mapping)
      .map(([field, columns]) => `${field}←${(columns ?? []).join('+')}`)
      .join(', ')}`,
  );
  if (s.unmapped_columns.length > 0) print(`  not used: ${s.unmapped_columns.join(', ')}`);
  for (const b of s.skipped_blocks)
    print(
      `  skipped ${b.blocks} oversized block(s) on "${b.key}" (largest ${b.largest} rows, ${b.pairs} pairs)`,
    );
  if (s.malformed > 0) {
    print(`  ${s.malformed} malformed line(s) skipped from matching (each is its own cluster):`);
    for (const m of s.malformed_lines.slice(0, 20)) print(`    line ${m.line} (id ${m.id}): ${m.reason}`);
    if (s.malformed > 20) print(`    … and ${s.malformed - 20} more (--json lists up to 1000)`);
  }
  print(
    `  time: ${s.seconds.total}s (read ${s.seconds.read}s, match ${s.seconds.match}s, write ${s.seconds.write}s)`,
  );
}
