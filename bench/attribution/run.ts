// bench/attribution: wall time of `mops attribution` (file mode, no database) on 1,000,000 path
// rows — the ChannelAttribution reference file repeated 100× — for markov order 1 and each model
// a path file supports, process start included (the parent times spawn → exit).
//
//   npm run bench:attribution
//   npm run bench:attribution -- --runs 5 --copies 100 --models markov,linear
//   npm run bench:attribution -- --extra     # also markov --no-nulls and orders 2 and 3
//
// Target (issue 5): ≤ 1.2 s each on the 2-core machine; the ChannelAttribution C++ core takes
// ~1.6 s for the same million rows there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../lib/mops-process.ts';

const TARGET_SECONDS = 1.2;
const REFERENCE = path.resolve(REPO_ROOT, '../shared/data/attribution/channelattribution_paths.csv');
const FILE_MODELS = ['first', 'last', 'linear', 'position', 'shapley', 'markov'];

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    copies: { type: 'string', default: '100' },
    models: { type: 'string', default: FILE_MODELS.join(',') },
    extra: { type: 'boolean', default: false },
  },
});

if (!fs.existsSync(REFERENCE)) {
  console.log(
    `attribution bench skipped: ${REFERENCE} is absent (the reference data lives beside the project)`,
  );
  process.exit(0);
}

const runs = Number(args.runs);
const copies = Number(args.copies);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-attribution-bench-'));
const input = path.join(workDir, `paths-x${copies}.csv`);

// The million rows: the reference file's header once, then its rows `copies` times.
const [header, ...rows] = fs.readFileSync(REFERENCE, 'utf8').trimEnd().split('\n');
const body = `${rows.join('\n')}\n`;
const fd = fs.openSync(input, 'w');
fs.writeSync(fd, `${header}\n`);
for (let i = 0; i < copies; i++) fs.writeSync(fd, body);
fs.closeSync(fd);
const rowCount = rows.length * copies;
const bytes = fs.statSync(input).size;

interface Case {
  name: string;
  args: string[];
  target: boolean;
}
const cases: Case[] = (args.models ?? '')
  .split(',')
  .filter(Boolean)
  .map((m) => ({ name: m === 'markov' ? 'markov (order 1)' : m, args: ['--model', m], target: true }));
if (args.extra) {
  cases.push(
    { name: 'markov --no-nulls', args: ['--model', 'markov', '--no-nulls'], target: false },
    { name: 'markov --order 2', args: ['--model', 'markov', '--order', '2'], target: false },
    { name: 'markov --order 3', args: ['--model', 'markov', '--order', '3'], target: false },
  );
}

const runId = Date.now().toString(36);
console.log(
  `attribution bench: ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}, node ${process.version}, run ${runId}`,
);
console.log(`input: ${rowCount.toLocaleString('en')} rows, ${(bytes / 2 ** 20).toFixed(1)} MB (${input})`);

const mopsBin = path.join(REPO_ROOT, 'packages/server/bin/mops.js');
interface Result {
  name: string;
  seconds: number[];
  best: number;
  median: number;
  inside: { read: number; model: number; write: number };
  credited: { conversions: number; value: number };
  totals: { conversions: number; value: number };
  target: number | null;
  met: boolean | null;
}
const results: Result[] = [];
for (const c of cases) {
  const seconds: number[] = [];
  let summary: {
    seconds: Result['inside'];
    credited: Result['credited'];
    totals: Result['totals'];
  } | null = null;
  for (let i = 0; i < runs; i++) {
    const out = path.join(workDir, 'credit.csv');
    const t0 = process.hrtime.bigint();
    const child = spawnSync(
      process.execPath,
      [mopsBin, 'attribution', '--paths', input, ...c.args, '--out', out, '--json'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        // No database may be needed: point it at a closed port.
        env: { ...process.env, DATABASE_URL: 'postgres://mops:mops@127.0.0.1:9/none' },
      },
    );
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    if (child.status !== 0) {
      console.error(`${c.name} failed (exit ${child.status}):\n${child.stderr}`);
      process.exit(1);
    }
    seconds.push(wall);
    summary = JSON.parse(child.stdout);
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  results.push({
    name: c.name,
    seconds,
    best: sorted[0]!,
    median,
    inside: summary!.seconds,
    credited: summary!.credited,
    totals: summary!.totals,
    target: c.target ? TARGET_SECONDS : null,
    met: c.target ? median <= TARGET_SECONDS : null,
  });
}

const table = [
  ['model', 'median s', 'best s', 'runs', 'read s', 'model s', 'credited conversions', 'target'],
  ...results.map((r) => [
    r.name,
    r.median.toFixed(3),
    r.best.toFixed(3),
    r.seconds.map((s) => s.toFixed(2)).join(' '),
    r.inside.read.toFixed(3),
    r.inside.model.toFixed(3),
    `${r.credited.conversions.toFixed(6)} / ${r.totals.conversions}`,
    r.met === null ? '—' : r.met ? `≤ ${TARGET_SECONDS} met` : `≤ ${TARGET_SECONDS} NOT met`,
  ]),
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
console.log('');
for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));

const outDir = path.join(REPO_ROOT, 'bench/results');
fs.mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, `attribution-${runId}.json`);
fs.writeFileSync(
  outFile,
  `${JSON.stringify({ bench: 'attribution', runId, at: new Date().toISOString(), cores: os.cpus().length, rows: rowCount, bytes, results }, null, 2)}\n`,
);
console.log(`\nresults: ${path.relative(REPO_ROOT, outFile)}`);
fs.rmSync(workDir, { recursive: true, force: true });
process.exitCode = results.every((r) => r.met !== false) ? 0 : 1;
