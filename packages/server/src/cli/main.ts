import { Command } from 'commander';
import { planReport } from '../reports/plan.report.ts';
import { registerApiKey } from './commands/apikey.command.ts';
import { registerAttribution } from './commands/attribution.command.ts';
import { registerCampaign } from './commands/campaign.command.ts';
import { registerDedupe } from './commands/dedupe.command.ts';
import { registerDemo } from './commands/demo.command.ts';
import { registerEnrich } from './commands/enrich.command.ts';
import { registerImport } from './commands/import.command.ts';
import { registerMerge } from './commands/merge.command.ts';
import { registerMigrate } from './commands/migrate.command.ts';
import { registerPerson } from './commands/person.command.ts';
import { registerPlaybook } from './commands/playbook.command.ts';
import { registerMeasurementReport, registerReport } from './commands/report.command.ts';
import { registerScoring } from './commands/scoring.command.ts';
import { registerStart } from './commands/start.command.ts';
import { registerUtm } from './commands/utm.command.ts';
import { reportError } from './output.ts';

/** `mops` — every command: human output by default, --json for machines, non-zero exit on failure. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('mops')
    .description('mops — the marketing operations engine. One versioned playbook; every decision explained.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerStart(program);
  registerMigrate(program);
  registerPlaybook(program);
  registerApiKey(program);
  registerPerson(program);
  registerImport(program);
  registerMerge(program);
  registerReport(program);
  registerDemo(program);
  registerScoring(program);
  // `mops plan --revenue …` is the plan report under the name planners look for.
  registerMeasurementReport(program, planReport);
  registerUtm(program);
  registerDedupe(program);
  registerEnrich(program);
  registerCampaign(program);
  registerAttribution(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('commander.')) {
      // Help and version are not failures; usage errors were already printed by commander.
      process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : 2;
      return;
    }
    process.exitCode = reportError(error, argv.includes('--json'));
  }
}
