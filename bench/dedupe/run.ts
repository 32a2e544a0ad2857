// bench/dedupe: pairwise precision / recall / F1, wall time and peak memory of `mops dedupe`
// (file mode, no database) on the public record-linkage sets and on a synthetic B2B contact set.
//
//   npm run bench:dedupe                                  # all sets, 20,000 B2B rows
//   npm run bench:dedupe -- --sets febrl3,b2b --b2b-rows 50000
//   npm run bench:dedupe -- --million                     # adds 1,000,000 B2B rows (≤60 s, ≤4 GB)
//   npm run bench:dedupe -- --sets none --million         # only the million
//
// Each set runs the real CLI as a child process: `node packages/server/bin/mops.js dedupe <input>
// --out <clusters> --id-column id --json`. The engine never sees the truth (see datasets.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../lib/mops-process.ts';
import { B2B_GENERATOR_VERSION } from './b2b-generate.ts';
import { readCsvRows } from './csv.ts';
import {
  DATA_DIR,
  dataAvailable,
  defaultWorkDir,
  type PreparedSet,
  PUBLIC_SETS,
  preparePublicSet,
} from './datasets.ts';
import { writeB2B } from './generate-b2b.ts';
import { measure } from './measure.ts';
import { scorePairwise } from './pairwise.ts';
import { countMergedNegatives, formatTable, judge, type NegativeCount, type SetResult } from './report.ts';

const TARGET_F1: Record<string, number> = { febrl3: 0.99, fake_1000: 0.9, historical_50k: 0.85, b2b: 0.97 };
const MILLION = { rows: 1_000_000, seconds: 60, peakMb: 4096 };

const { values: args } = parseArgs({
  options: {
    sets: { type: 'string', default: [...PUBLIC_SETS, 'b2b'].join(',') },
    'b2b-rows': { type: 'string', default: '20000' },
    'b2b-seed': { type: 'string', default: '1' },
    million: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
  },
});
// `--sets none --million` runs only the million-row speed test.
const sets = (args.sets ?? '').split(',').filter((name) => name !== '' && name !== 'none');
const workDir = defaultWorkDir();
fs.mkdirSync(workDir, { recursive: true });
const runId = Date.now().toString(36);
const mopsBin = path.join(REPO_ROOT, 'packages/server/bin/mops.js');

console.log(
  `dedupe bench: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, run ${runId}`,
);
if (!fs.existsSync(path.join(REPO_ROOT, 'packages/server/src/cli/commands/dedupe.command.ts'))) {
  console.log(
    'note: packages/server/src/cli/commands/dedupe.command.ts does not exist yet; the CLI will likely fail.',
  );
}

interface Job {
  prepare: () => { set: PreparedSet; negatives?: [string, string, string][] } | undefined;
  name: string;
  target: SetResult['target'];
}

const jobs: Job[] = [];
for (const name of sets) {
  if (PUBLIC_SETS.includes(name)) {
    const f1 = TARGET_F1[name];
    jobs.push({
      name,
      target: f1 === undefined ? {} : { f1 },
      prepare: () => {
        const set = preparePublicSet(name, workDir);
        return set === undefined ? undefined : { set };
      },
    });
  } else if (name === 'b2b') {
    const rows = Number(args['b2b-rows']);
    jobs.push({
      name: 'b2b',
      target: { f1: TARGET_F1.b2b as number },
      prepare: () => prepareB2B(rows, args['b2b-seed'] ?? '1', false),
    });
  } else {
    console.error(`unknown set "${name}"; known: ${[...PUBLIC_SETS, 'b2b'].join(', ')}`);
    process.exit(2);
  }
}
if (args.million) {
  jobs.push({
    name: 'b2b_1m',
    target: { f1: TARGET_F1.b2b as number, seconds: MILLION.seconds, peakMb: MILLION.peakMb },
    prepare: () => prepareB2B(MILLION.rows, args['b2b-seed'] ?? '1', true),
  });
}

const results: SetResult[] = [];
for (const job of jobs) {
  if (PUBLIC_SETS.includes(job.name) && !dataAvailable()) {
    console.log(
      `${job.name}: skipped — ${DATA_DIR} is absent (the public sets live beside the project in ../shared/data)`,
    );
    continue;
  }
  const prepared = job.prepare();
  if (prepared === undefined) {
    console.log(`${job.name}: skipped — its file is missing under ${DATA_DIR}`);
    continue;
  }
  results.push(await runSet(job, prepared.set, prepared.negatives));
}

console.log(`\n${formatTable(results)}`);
for (const r of results) {
  const s = r.score;
  console.log(
    JSON.stringify({
      bench: 'dedupe',
      set: r.set,
      rows: r.rows,
      true_pairs: s?.truePairs,
      predicted_pairs: s?.predictedPairs,
      true_positives: s?.truePositives,
      precision: s?.precision,
      recall: s?.recall,
      f1: s?.f1,
      valid: s?.valid,
      seconds: r.wallSec,
      cli_seconds: (r.cli?.seconds as { total?: number } | undefined)?.total,
      peak_mb: r.peakMb,
      target: r.target,
      met: r.met,
      error: r.error,
    }),
  );
}
const outDir = path.join(REPO_ROOT, 'bench/results');
fs.mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, `dedupe-${runId}.json`);
fs.writeFileSync(
  outFile,
  `${JSON.stringify({ bench: 'dedupe', runId, at: new Date().toISOString(), cores: os.cpus().length, results }, null, 2)}\n`,
);
console.log(`results: ${path.relative(REPO_ROOT, outFile)}`);
process.exitCode = results.every((r) => r.met !== false) ? 0 : 1;

async function runSet(
  job: Job,
  set: PreparedSet,
  negatives?: [string, string, string][],
): Promise<SetResult> {
  const out = path.join(workDir, `${set.name}.clusters.csv`);
  fs.rmSync(out, { force: true });
  const cliArgs = [
    set.input,
    '--out',
    out,
    '--id-column',
    set.idColumn,
    ...set.maps.flatMap((m) => ['--map', m]),
    '--json',
  ];
  console.log(`\n${set.name}: ${set.truth.size} rows — mops dedupe ${cliArgs.join(' ')}`);
  for (const note of set.notes) console.log(`  (${note})`);
  const run = await measure(process.execPath, [mopsBin, 'dedupe', ...cliArgs], {
    cwd: REPO_ROOT,
    timeoutSec: Number(args.timeout),
  });
  const result: SetResult = { set: set.name, rows: set.truth.size, wallSec: run.wallSec, target: job.target };
  if (run.peakMb !== undefined) result.peakMb = run.peakMb;
  const summary = parseSummary(run.stdout);
  if (summary !== undefined) {
    result.cli = summary;
    const mapping = Object.entries((summary.mapping ?? {}) as Record<string, string[]>)
      .map(([field, columns]) => `${columns.join('+')}→${field}`)
      .join(' ');
    console.log(`  CLI mapped ${mapping}; unmapped: ${JSON.stringify(summary.unmapped_columns ?? [])}`);
  }
  if (run.exitCode !== 0 || !fs.existsSync(out)) {
    result.error =
      run.signal === 'SIGKILL' && run.wallSec >= Number(args.timeout)
        ? `timed out after ${args.timeout} s (--timeout)`
        : `exit ${run.exitCode ?? run.signal}: ${firstLines(run.stderr || run.stdout)}`;
    console.log(`  FAILED ${result.error}`);
    result.met = false;
    return result;
  }
  const { header, rows } = readCsvRows(out);
  const idIndex = header.indexOf('id');
  const clusterIndex = header.indexOf('cluster_id');
  if (idIndex < 0 || clusterIndex < 0) {
    result.error = `output header is "${header.join(',')}", expected id,cluster_id`;
    result.met = false;
    console.log(`  FAILED ${result.error}`);
    return result;
  }
  const predicted = rows.map((row) => [row[idIndex] ?? '', row[clusterIndex] ?? ''] as const);
  result.score = scorePairwise(set.truth, predicted);
  const s = result.score;
  console.log(
    `  P ${s.precision.toFixed(4)}  R ${s.recall.toFixed(4)}  F1 ${s.f1.toFixed(4)}  (${s.truePositives}/${s.predictedPairs} predicted pairs right, ${s.truePairs} true pairs)  ${run.wallSec.toFixed(1)} s, peak ${run.peakMb?.toFixed(0) ?? '?'} MB (${run.peakSource})`,
  );
  if (!s.valid)
    console.log(
      `  INVALID OUTPUT: ${s.missing} input ids missing, ${s.duplicated} listed twice, ${s.unknown} unknown ids`,
    );
  if (negatives !== undefined) {
    const merged = countMergedNegatives(set.truth, new Map(predicted), negatives);
    console.log(`  hard negatives merged: ${formatNegatives(merged)}`);
  }
  result.met = judge(result);
  return result;
}

/** Generates (or reuses, for the cached million) a B2B set with its truth and planted negatives. */
function prepareB2B(rows: number, seed: string, cacheInTmp: boolean) {
  const dir = cacheInTmp ? os.tmpdir() : workDir;
  const base = path.join(dir, `mops-b2b-v${B2B_GENERATOR_VERSION}-${rows}-s${seed}`);
  const files = { out: `${base}.csv`, truth: `${base}.truth.csv`, negatives: `${base}.negatives.csv` };
  if (!(cacheInTmp && Object.values(files).every((f) => fs.existsSync(f)))) {
    const started = performance.now();
    const stats = writeB2B(rows, seed, files);
    console.log(
      `generated ${stats.rows} B2B rows (${stats.entities} people, ${stats.companies} companies) in ${((performance.now() - started) / 1000).toFixed(1)} s → ${files.out}`,
    );
  } else console.log(`reusing ${files.out}`);
  const truth = new Map<string, string>();
  for (const row of readCsvRows(files.truth).rows) truth.set(row[0] ?? '', row[1] ?? '');
  const negatives = readCsvRows(files.negatives).rows.map(
    (r) => [r[0] ?? '', r[1] ?? '', r[2] ?? ''] as [string, string, string],
  );
  const set: PreparedSet = {
    name: rows === MILLION.rows && cacheInTmp ? 'b2b_1m' : 'b2b',
    input: files.out,
    idColumn: 'id',
    maps: [],
    truth,
    notes: [`seed ${seed}; truth and negatives in separate files the CLI never reads`],
  };
  return { set, negatives };
}

function formatNegatives(counts: Record<string, NegativeCount>): string {
  return Object.entries(counts)
    .map(([kind, c]) => `${kind} ${c.merged}/${c.total}`)
    .join(', ');
}

function firstLines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 3)
    .join(' | ');
}

/** The CLI's --json summary: the whole stdout, or the last object starting at a line start. */
function parseSummary(text: string): Record<string, unknown> | undefined {
  const starts = [0, ...[...text.matchAll(/\n\{/g)].map((m) => (m.index ?? 0) + 1)].reverse();
  for (const start of starts) {
    try {
      const value: unknown = JSON.parse(text.slice(start));
      if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
    } catch {
      // not JSON from here: try an earlier start
    }
  }
  return undefined;
}
