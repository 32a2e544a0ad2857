import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { MopsError } from '../../errors.ts';
import { createLogger } from '../../log.ts';
import { startMops } from '../../server.ts';
import { print, reportError } from '../output.ts';
import { printDemoSummary, readDemoFlags, seedDemo } from './demo.command.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start the mops server (embedded PostgreSQL unless DATABASE_URL is set)')
    .option('--playbook <file>', 'apply this playbook file on start if it differs from the applied one')
    .option('--port <port>', 'HTTP port (default: $PORT or 4100)')
    .option(
      '--demo [people]',
      'on an empty database, seed a demo company history first (default 5000 people, 12 months; see mops demo)',
    )
    .action(async (opts: { playbook?: string; port?: string; demo?: string | boolean }) => {
      const demo =
        opts.demo === undefined
          ? null
          : readDemoFlags({
              people: opts.demo === true ? '5000' : String(opts.demo),
              months: '12',
              seed: '1',
            });
      if (demo && process.env.MOPS_NOTIFY_WEBHOOK_URL) {
        // Every routed demo lead would notify its owner at the real webhook.
        process.exitCode = reportError(
          new MopsError(
            'USAGE',
            '--demo would send a notification to MOPS_NOTIFY_WEBHOOK_URL for every simulated lead; unset it, or seed with `mops demo` first',
          ),
          false,
        );
        return;
      }
      const env = {
        ...process.env,
        ...(opts.playbook ? { MOPS_PLAYBOOK: opts.playbook } : {}),
        ...(opts.port ? { PORT: opts.port } : {}),
      };
      const config = loadConfig(env);
      const log = createLogger('mops', process.env.MOPS_QUIET === '1');
      let mops: Awaited<ReturnType<typeof startMops>>;
      try {
        mops = await startMops(config, {
          log,
          applyPlaybookFile: Boolean(opts.playbook || process.env.MOPS_PLAYBOOK),
          notifyWebhookUrl: process.env.MOPS_NOTIFY_WEBHOOK_URL,
        });
      } catch (error) {
        process.exitCode = reportError(error, false);
        return;
      }
      const playbook = mops.playbooks.current();
      print(
        [
          '',
          `  mops is running on ${mops.url}`,
          `  database   ${mops.database.embedded ? `embedded PostgreSQL (${mops.database.embedded.dataDir})` : mops.database.safeUrl}`,
          `  playbook   v${playbook.version.id} "${playbook.source.workspace.name}" — forms: ${[...playbook.forms.keys()].join(', ')}`,
          `  API docs   ${mops.url}/openapi.json`,
          ...(playbook.pages.size > 0
            ? [`  pages      ${[...playbook.pages.keys()].map((slug) => `${mops.url}/p/${slug}`).join('  ')}`]
            : []),
          '',
          '  Try it:',
          `    curl -X POST ${mops.url}/v1/forms/demo-request/submissions -H 'content-type: application/json' \\`,
          `      -d '{"email":"ada@analytical-engines.example","first_name":"ada","last_name":"lovelace","company":"Analytical Engines","title":"VP Marketing","country":"United Kingdom"}'`,
          '    npx mops person show ada@analytical-engines.example',
          '',
        ].join('\n'),
      );
      if (demo) await seedDemoOnStart(mops.database, demo);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log('shutting down', { signal });
        mops
          .close()
          .then(() => process.exit(0))
          .catch((error: unknown) => {
            process.stderr.write(`error during shutdown: ${(error as Error).message}\n`);
            process.exit(1);
          });
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    });
}

/** `npm start -- --demo`: the server is already answering while the history is replayed into it. */
async function seedDemoOnStart(database: Database, options: ReturnType<typeof readDemoFlags>): Promise<void> {
  const held = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
  const n = held.rows[0]?.n ?? 0;
  if (n > 0) {
    print(`  demo data skipped: the database already holds ${n.toLocaleString('en')} people\n`);
    return;
  }
  print(
    `  seeding the demo company (${options.people.toLocaleString('en')} people, ${options.months} months)…`,
  );
  try {
    printDemoSummary(await seedDemo(database, options, true));
  } catch (error) {
    process.exitCode = reportError(error, false);
  }
}
