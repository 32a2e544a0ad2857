import type { Command } from 'commander';
import { sql } from 'kysely';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { demoOptionsFor } from '../../demo/demo-options.ts';
import { type DemoSummary, demoCounts, replayDemo } from '../../demo/replay-demo.ts';
import { MopsError } from '../../errors.ts';
import { withDedupeLock } from '../../jobs/tasks/dedupe-sweep.task.ts';
import { createTaskList } from '../../jobs/tasks.ts';
import { drainJobs } from '../../jobs/worker.ts';
import { dedupeDatabase } from '../../merges/dedupe-database.ts';
import { PlaybookRuntime } from '../../playbook/playbook-runtime.ts';
import { refreshPersonOrigins } from '../../reports/person-origins.ts';
import { print, printJson } from '../output.ts';
import { perSecond, progressBar } from '../progress-bar.ts';

export interface DemoFlags {
  people: string;
  months: string;
  seed: string;
  json?: boolean;
  progress?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'seed an empty database with a realistic B2B company history through the real pipeline (campaigns, costs, visits, form fills, sales follow-up, opportunities)',
    )
    .option('--people <n>', 'known people to create', '50000')
    .option('--months <n>', 'months of history up to today', '12')
    .option('--seed <n>', 'random seed: the same seed makes the same company', '1')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress bar')
    .action(async (flags: DemoFlags) => {
      const options = readDemoFlags(flags);
      const database = await openDatabase(loadConfig(), { poolSize: 16 });
      try {
        await migrate(database.pool);
        const summary = await seedDemo(database, options, flags.progress !== false && !flags.json);
        if (flags.json) printJson(summary);
        else printDemoSummary(summary);
      } finally {
        await database.close();
      }
    });
}

export function readDemoFlags(flags: Pick<DemoFlags, 'people' | 'months' | 'seed'>) {
  const whole = (name: string, text: string, min: number, max: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new MopsError(
        'USAGE',
        `--${name} must be a whole number from ${min} to ${max.toLocaleString('en')}, got "${text}"`,
      );
    return n;
  };
  return {
    people: whole('people', flags.people, 1, 2_000_000),
    months: whole('months', flags.months, 1, 36),
    seed: whole('seed', flags.seed, 0, 2 ** 31 - 1),
  };
}

/** Replays the demo history into `database`, then runs the background jobs it queued. */
export async function seedDemo(
  database: Database,
  options: { people: number; months: number; seed: number },
  progress: boolean,
): Promise<DemoSummary> {
  const playbooks = new PlaybookRuntime(database.db);
  await playbooks.refresh();
  const playbook = playbooks.current();
  const end = Date.now();
  const started = Date.now();
  const bar = progress && process.stderr.isTTY ? progressBar('demo') : null;
  const tasks = createTaskList(database.db, {
    currentPlaybook: () => playbooks.current(),
    notifyWebhookUrl: undefined,
    pool: database.pool,
  });
  const summary = await replayDemo(
    database,
    playbook,
    demoOptionsFor(playbook, { ...options, end }),
    (p) =>
      bar?.update(
        p.share,
        `of ${options.months} months  ${p.actions.toLocaleString('en')} actions  ${perSecond(p.actions, started)}/s`,
      ),
    () => drainJobs(database.db, tasks, 10_000),
  );
  bar?.done();
  const phases = { replay_ms: Date.now() - started, jobs_ms: 0, dedupe_ms: 0, origins_ms: 0 };
  let mark = Date.now();
  const lap = () => {
    const now = Date.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
  // A year of history was just written far faster than autovacuum samples it: without fresh
  // statistics the jobs below (and the first reports) plan over tables they think are empty.
  await sql`ANALYZE`.execute(database.db);
  // Two lanes, one per core: jobs are claimed with SKIP LOCKED and the membership job locks
  // members in one order, so lanes never take the same job or deadlock (measured at 5,000 people:
  // 10,101 jobs in 10.5 s with one lane, 6.6 s with two).
  await Promise.all([drainJobs(database.db, tasks, 10_000), drainJobs(database.db, tasks, 10_000)]);
  phases.jobs_ms = lap();
  // Live duplicates are caught by the sweep over people created in the last minutes; the demo's
  // people were created in the simulated past, so the whole database is deduplicated once, as
  // `mops dedupe --db` does (merges above the playbook's threshold, the rest to the review queue).
  await withDedupeLock(database.pool, true, () =>
    dedupeDatabase(database.db, database.pool, playbooks.current(), {
      dryRun: false,
      actor: 'mops demo',
      now: () => new Date(),
    }),
  );
  phases.dedupe_ms = lap();
  // Original touches are computed once here, so the first report does not pay for all of them.
  await refreshPersonOrigins(database.db, playbooks.current());
  phases.origins_ms = lap();
  playbooks.stop();
  return { ...summary, phases, stored: await demoCounts(database.db) };
}

export function printDemoSummary(s: DemoSummary): void {
  const r = s.replayed;
  const refused = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([code, n]) => `${n} ${code}`)
      .join(', ') || 'none';
  print(
    `demo company seeded: ${s.options.people.toLocaleString('en')} people over ${s.options.months} months (seed ${s.options.seed}) in ${(s.elapsed_ms / 1000).toFixed(1)} s`,
  );
  print(
    `  replayed  ${r.actions.toLocaleString('en')} actions: ${r.visits.toLocaleString('en')} visits, ${r.forms.accepted.toLocaleString('en')} form fills, ${r.events.accepted.toLocaleString('en')} events, ${r.opportunities.written} opportunities (${r.opportunities.closed} closed), ${r.campaigns} campaigns with ${r.cost_rows} cost rows`,
  );
  print(`  refused   forms: ${refused(r.forms.refused)}; events: ${refused(r.events.refused)}`);
  if (r.events.skipped_not_routed > 0)
    print(
      `  skipped   ${r.events.skipped_not_routed} sales events for people the pipeline did not route (their score fell short of the MQL rule)`,
    );
  print(
    `  stored    ${Object.entries(s.stored)
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(' · ')}`,
  );
  print(
    '  next      mops report funnel · mops report roi · mops report speed-to-lead · mops report attribution',
  );
}
