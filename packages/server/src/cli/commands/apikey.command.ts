import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createApiKey, SCOPES } from '../../stores/api-key.store.ts';
import { print, printJson } from '../output.ts';
import { withDatabase } from '../with-database.ts';

export function registerApiKey(program: Command): void {
  const apikey = program.command('apikey').description('manage API keys');
  apikey
    .command('create')
    .description('create an API key (shown once)')
    .option('--name <name>', 'what the key is for', 'cli')
    .option('--scopes <scopes>', `comma-separated: ${SCOPES.join(', ')}`, 'people:read')
    .option('--json', 'machine-readable output')
    .action(async (opts: { name: string; scopes: string; json?: boolean }) => {
      const scopes = opts.scopes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      await withDatabase(loadConfig(), async ({ db }) => {
        const key = await createApiKey(db, {
          name: opts.name,
          scopes,
          actor: `cli:${process.env.USER ?? 'unknown'}`,
        });
        if (opts.json) printJson({ id: key.id, name: opts.name, scopes: key.scopes, token: key.token });
        else {
          print(
            `API key "${opts.name}" with scopes ${key.scopes.join(', ')} — store it now, it is not shown again:`,
          );
          print(key.token);
        }
      });
    });
}
