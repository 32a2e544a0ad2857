import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { PlaybookRuntime } from '../../playbook/playbook-runtime.ts';
import { buildConformingLink } from '../../tracking/utm-links.ts';
import { print, printJson } from '../output.ts';
import { withDatabase } from '../with-database.ts';

export function registerUtm(program: Command): void {
  const utm = program.command('utm').description('UTM governance');
  utm
    .command('build')
    .description(
      'a tagged link — only when every value conforms to the playbook and the campaign is registered',
    )
    .requiredOption('--url <url>', 'the landing page')
    .option('--source <value>', 'utm_source (canonical value or alias)')
    .option('--medium <value>', 'utm_medium')
    .option('--campaign <name>', "utm_campaign: a registered campaign's name")
    .option('--term <value>', 'utm_term')
    .option('--content <value>', 'utm_content')
    .option('--json', 'machine-readable output')
    .action(
      async (opts: {
        url: string;
        source?: string;
        medium?: string;
        campaign?: string;
        term?: string;
        content?: string;
        json?: boolean;
      }) => {
        await withDatabase(loadConfig(), async ({ db }) => {
          const playbooks = new PlaybookRuntime(db);
          await playbooks.refresh();
          const link = await buildConformingLink(db, playbooks.current(), {
            url: opts.url,
            source: opts.source ?? null,
            medium: opts.medium ?? null,
            campaign: opts.campaign ?? null,
            term: opts.term ?? null,
            content: opts.content ?? null,
          });
          if (opts.json) printJson(link);
          else print(link.url);
        });
      },
    );
}
