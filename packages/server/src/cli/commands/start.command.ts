import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../log.ts';
import { startMops } from '../../server.ts';
import { print, reportError } from '../output.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start the mops server (embedded PostgreSQL unless DATABASE_URL is set)')
    .option('--playbook <file>', 'apply this playbook file on start if it differs from the applied one')
    .option('--port <port>', 'HTTP port (default: $PORT or 4100)')
    .action(async (opts: { playbook?: string; port?: string }) => {
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
