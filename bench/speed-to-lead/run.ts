// bench/speed-to-lead: the system's share of speed to lead. Unique demo-request submissions over
// loopback against a real `mops start` (embedded PostgreSQL, example playbook, worker running),
// each answered only after the person is stored, washed, scored, staged and routed.
//
//   npm run bench                      # 20 s per step (the protocol)
//   npm run bench -- --seconds 5       # a quicker look
//
// Figures: (1) latency at a steady offered load — open loop, 300 arrivals/s; (2) maximum
// throughput — closed loop, 32 concurrent clients. Each step also samples GET /healthz
// concurrently: the floor this machine gives any request at that moment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatSummaries } from '../lib/format.ts';
import { closedLoop, type LoadResult, openLoop, probeLatency } from '../lib/load.ts';
import { REPO_ROOT, startMops } from '../lib/mops-process.ts';
import { checkRun } from './checks.ts';
import { demoSubmission } from './submissions.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    rate: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '32' },
  },
});
const seconds = Number(args.seconds);
const rate = Number(args.rate);
const concurrency = Number(args.concurrency);
const TARGET = { p99Ms: 50, throughput: 600 };

const runId = Date.now().toString(36);
let next = 0;
const makeRequest = () => demoSubmission(runId, next++);

console.log(
  `speed-to-lead: ${os.cpus().length} cores, node ${process.version}, ${seconds}s per step, run ${runId}`,
);
const mops = await startMops({ MOPS_TRUST_PROXY: '1' });
console.log(`mops at ${mops.url} (data ${mops.dataDir})`);
try {
  const idleFloor = await probeLatency({
    baseUrl: mops.url,
    path: '/healthz',
    intervalMs: 20,
    durationSec: 5,
  });
  // Warm-up (not reported): JIT, connection pool, PostgreSQL caches.
  await closedLoop({ concurrency: 8, durationSec: 5, baseUrl: mops.url, makeRequest });

  const [steady, steadyFloor] = await Promise.all([
    openLoop({ ratePerSec: rate, durationSec: seconds, warmupSec: 2, baseUrl: mops.url, makeRequest }),
    probeLatency({ baseUrl: mops.url, path: '/healthz', intervalMs: 50, durationSec: seconds + 2 }),
  ]);
  const [peak, peakFloor] = await Promise.all([
    closedLoop({ concurrency, durationSec: seconds, warmupSec: 2, baseUrl: mops.url, makeRequest }),
    probeLatency({ baseUrl: mops.url, path: '/healthz', intervalMs: 50, durationSec: seconds + 2 }),
  ]);
  const checks = await checkRun(mops.databaseUrl);

  const rows: [string, LoadResult][] = [
    ['GET /healthz, idle', idleFloor],
    [`submit, open loop ${rate}/s`, steady],
    ['  GET /healthz during it', steadyFloor],
    [`submit, closed loop c=${concurrency}`, peak],
    ['  GET /healthz during it', peakFloor],
  ];
  console.log(`\n${formatSummaries(rows)}`);
  const errors = (r: LoadResult) => Object.values(r.errors).reduce((a, b) => a + b, 0) + r.dropped;
  const verdicts = [
    verdict(
      `p99 at ${rate}/s ≤ ${TARGET.p99Ms} ms, no errors`,
      steady.latency.p99 <= TARGET.p99Ms && errors(steady) === 0,
      `${steady.latency.p99} ms, ${errors(steady)} errors (healthz p99 floor ${steadyFloor.latency.p99} ms)`,
    ),
    verdict(
      `throughput at c=${concurrency} ≥ ${TARGET.throughput}/s`,
      peak.throughputPerSec >= TARGET.throughput && errors(peak) === 0,
      `${Math.round(peak.throughputPerSec)}/s, p99 ${peak.latency.p99} ms, ${errors(peak)} errors (healthz p99 floor ${peakFloor.latency.p99} ms)`,
    ),
    verdict(
      'no duplicate people',
      checks.duplicateEmails === 0,
      `${checks.people} people, ${checks.duplicateEmails} duplicated emails`,
    ),
    verdict(
      'every MQL assigned',
      checks.mqlsWithoutOwner === 0,
      `${checks.mqls} MQLs, ${checks.mqlsWithoutOwner} without owner`,
    ),
    verdict('scores equal their ledgers', checks.ledgerDrift === 0, `${checks.ledgerDrift} people drifted`),
  ];
  console.log(
    `\nrouting inside the request (captured → routed, from the database): p50 ${checks.routingMs.p50} ms, p99 ${checks.routingMs.p99} ms, max ${checks.routingMs.max} ms`,
  );
  console.log(
    `dedupe sweeps in the background (duplicates on entry): ${checks.sweeps.count}, ${checks.sweeps.checked} people checked, median ${checks.sweeps.medianMs} ms, max ${checks.sweeps.maxMs} ms each`,
  );
  console.log(
    '\nspread per pool (expected = sum over assignments of weight / eligible weight, from each stored trace):',
  );
  for (const [pool, entry] of Object.entries(checks.spread)) {
    const reps = Object.entries(entry.reps)
      .map(([rep, r]) => `${rep} ${r.actual}/${r.expected}`)
      .join(', ');
    console.log(
      `  ${pool.padEnd(15)} ${String(entry.assignments).padStart(6)} assignments: ${reps}  (max deviation ${entry.maxDeviationPct}% of the pool's assignments)`,
    );
  }
  console.log(`\n${verdicts.map((v) => v.line).join('\n')}`);
  const result = {
    bench: 'speed-to-lead',
    runId,
    at: new Date().toISOString(),
    cores: os.cpus().length,
    seconds,
    rate,
    concurrency,
    idleFloor,
    steady,
    steadyFloor,
    peak,
    peakFloor,
    checks,
    pass: verdicts.every((v) => v.pass),
  };
  const outDir = path.join(REPO_ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `speed-to-lead-${runId}.json`);
  fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(REPO_ROOT, outFile)}`);
  console.log(
    JSON.stringify({
      bench: 'speed-to-lead',
      p50: steady.latency.p50,
      p95: steady.latency.p95,
      p99: steady.latency.p99,
      healthz_p99: steadyFloor.latency.p99,
      throughput: Math.round(peak.throughputPerSec),
      throughput_p99: peak.latency.p99,
      pass: result.pass,
    }),
  );
  process.exitCode = result.pass ? 0 : 1;
} finally {
  await mops.stop();
}

function verdict(name: string, pass: boolean, detail: string) {
  return { pass, line: `${pass ? 'PASS' : 'FAIL'}  ${name}: ${detail}` };
}
