// bench/reports: the measurement reports over a `mops demo` company, each timed over HTTP against
// a real `mops start` (embedded PostgreSQL), beside the floor measured in the same run: a bare
// `count(*)` over the same events and people tables. Also reports how fast `mops demo` seeds.
//
//   npm run bench:reports                        # 20,000 people, 12 months (a few minutes to seed)
//   npm run bench:reports -- --people 2000       # a quick look
//   npm run bench:reports -- --people 200000 --keep /var/tmp/mops-200k
//                                                # seed once into that directory and keep it; later
//                                                # runs with the same --keep measure it again
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { REPO_ROOT, startMops } from '../lib/mops-process.ts';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '20000' },
    months: { type: 'string', default: '12' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'string' },
  },
});
const runs = Number(args.runs);
const TARGET_MS = 2_000;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

console.log(
  `reports: ${os.cpus().length} cores, node ${process.version}${args.keep ? `, database kept in ${args.keep}` : ''}`,
);
const key = `bench_${Date.now().toString(36)}_reports_key_0123456789`;
const mops = await startMops({ MOPS_API_KEY: key }, args.keep);
const client = new pg.Client({ connectionString: mops.databaseUrl });
await client.connect();
try {
  const { rows: held } = await client.query<{ people: number; events: number }>(
    'SELECT (SELECT count(*)::int FROM people) AS people, (SELECT count(*)::int FROM events) AS events',
  );
  if (held[0]?.people) {
    console.log(
      `reusing the demo kept in ${args.keep}: ${held[0].people.toLocaleString('en')} people, ${held[0].events.toLocaleString('en')} events (--people and --months are ignored)`,
    );
    await client.query('VACUUM ANALYZE');
  } else {
    console.log(`seeding a demo of ${args.people} people over ${args.months} months`);
    await seed();
  }
  await measure();
} finally {
  await client.end();
  await mops.stop();
}

async function seed(): Promise<void> {
  const seedStart = performance.now();
  const demo = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'packages/server/bin/mops.js'),
        'demo',
        '--people',
        args.people,
        '--months',
        args.months,
        '--json',
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: mops.databaseUrl },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`mops demo exited ${code}`))));
  });
  const seconds = (performance.now() - seedStart) / 1000;
  const summary = JSON.parse(demo) as { replayed: { actions: number }; stored: Record<string, number> };
  console.log(
    `seeded in ${seconds.toFixed(1)} s: ${summary.replayed.actions.toLocaleString('en')} actions (${Math.round(summary.replayed.actions / seconds).toLocaleString('en')}/s), ${Math.round(Number(args.people) / seconds).toLocaleString('en')} people/s`,
  );
  console.log(
    `stored: ${Object.entries(summary.stored)
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(' · ')}`,
  );
  await client.query('VACUUM ANALYZE');
}

async function measure(): Promise<void> {
  const time = async (work: () => Promise<unknown>) => {
    await work(); // warm
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await work();
      times.push(performance.now() - t0);
    }
    return median(times);
  };
  const floorEvents = await time(() => client.query('SELECT count(*) FROM events'));
  const floorPeople = await time(() => client.query('SELECT count(*) FROM people'));
  console.log(
    `\nfloor (median of ${runs}): count(*) events ${floorEvents.toFixed(1)} ms · count(*) people ${floorPeople.toFixed(1)} ms`,
  );

  const reports = [
    'funnel',
    'funnel?group_by=cohort',
    'funnel?group_by=channel',
    'speed-to-lead',
    'lead-aging',
    'mql-reviews',
    'scoring',
    'roi',
    'attribution',
    'attribution?model=markov',
    'attribution?dimension=campaign&model=linear',
    'plan?revenue=1000000',
  ];
  console.log(
    `\n${'report'.padEnd(46)} ${'median ms'.padStart(10)} ${'× count(events)'.padStart(16)}  target ≤ ${TARGET_MS} ms`,
  );
  for (const report of reports) {
    let status = 0;
    const ms = await time(async () => {
      const response = await fetch(`${mops.url}/v1/reports/${report}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      status = response.status;
      await response.arrayBuffer();
    });
    console.log(
      `${report.padEnd(46)} ${ms.toFixed(0).padStart(10)} ${(ms / floorEvents).toFixed(1).padStart(16)}  ${status !== 200 ? `HTTP ${status}` : ms <= TARGET_MS ? 'met' : 'NOT met'}`,
    );
  }
}
