import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { print, printJson } from '../output.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (also done on every start)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const database = await openDatabase(loadConfig(), { poolSize: 2 });
      try {
        const result = await migrate(database.pool);
        if (opts.json) printJson({ ...result, database: database.safeUrl });
        else if (result.applied.length === 0)
          print(`schema is up to date (version ${result.current}) — ${database.safeUrl}`);
        else
          print(
            `applied ${result.applied.join(', ')}; schema version ${result.current} — ${database.safeUrl}`,
          );
      } finally {
        await database.close();
      }
    });
}
