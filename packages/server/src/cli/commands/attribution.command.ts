import { ATTRIBUTION_MODELS, isAttributionModel } from '@mops/core/attribution';
import { Command } from 'commander';
import { type AttributeFileSummary, attributeFile } from '../../attribution/attribute-file.ts';
import { MopsError } from '../../errors.ts';
import { print, printJson, reportError } from '../output.ts';

// `mops attribution --paths <file> --model <name> --out <file.csv>`: the file mode of the
// attribution engine, a contract other tools rely on (docs/attribution.md). It needs no database
// and starts none. It imports only the attribution engine — never `@mops/core` as a whole or the
// other commands — because its speed is measured with process start included: bin/mops.js runs it
// through `runAttributionCli` without loading the rest of the CLI.

// Exit codes for codes the shared table does not know: 1 = the file is wrong, 2 = usage, 3 = IO.
const EXIT_CODES: Record<string, number> = {
  PATHS_INVALID: 1,
  PATHS_NO_HEADER: 1,
  UNKNOWN_SEPARATOR: 1,
  NO_CONVERSIONS: 1,
  CSV_UNREADABLE: 1,
  MILESTONES_MISSING: 2,
  TIMES_MISSING: 2,
  INVALID_ORDER: 2,
  OUTPUT_UNWRITABLE: 3,
  MARKOV_NOT_CONVERGED: 70,
};

interface AttributionOptions {
  paths?: string;
  model?: string;
  order?: string;
  nulls: boolean;
  sep?: string;
  pathSep?: string;
  out?: string;
  json?: boolean;
}

export function registerAttribution(program: Command): void {
  program
    .command('attribution')
    .description(
      'multi-touch attribution of a path file (ChannelAttribution layout, no database): writes channel,conversions,value',
    )
    .option(
      '--paths <file>',
      'the path file: columns path,total_conversions,total_conversion_value,total_null',
    )
    .option('--model <name>', `the model: ${ATTRIBUTION_MODELS.join(', ')}`)
    .option('--order <k>', 'markov: states are the last k channels (default 1)')
    .option('--no-nulls', 'markov: leave out the null (non-converting) journeys')
    .option('--sep <char>', 'column separator (default: detected from the header among , ; tab |)')
    .option('--path-sep <text>', "step separator inside a path (default '>')")
    .option('--out <file>', 'where to write channel,conversions,value (+ removal_effect for markov)')
    .option('--json', 'machine-readable summary')
    .action((opts: AttributionOptions) => {
      try {
        const summary = run(opts);
        if (opts.json) printJson(summary);
        else printSummary(summary);
      } catch (error) {
        if (!(error instanceof MopsError)) throw error;
        const code = reportError(error, opts.json === true);
        process.exitCode = EXIT_CODES[error.code] ?? code;
      }
    });
}

function run(opts: AttributionOptions): AttributeFileSummary {
  if (opts.paths === undefined || opts.model === undefined || opts.out === undefined) {
    throw new MopsError(
      'USAGE',
      'mops attribution needs --paths, --model and --out: mops attribution --paths paths.csv --model markov --out credit.csv',
    );
  }
  if (!isAttributionModel(opts.model)) {
    throw new MopsError(
      'USAGE',
      `--model "${opts.model}" is not a model; choose one of ${ATTRIBUTION_MODELS.join(', ')}`,
    );
  }
  let order: number | undefined;
  if (opts.order !== undefined) {
    if (opts.model !== 'markov') throw new MopsError('USAGE', '--order applies to --model markov only');
    order = Number(opts.order);
    if (!/^\d+$/.test(opts.order.trim()) || order < 1)
      throw new MopsError('USAGE', `--order "${opts.order}" must be a whole number ≥ 1`);
  }
  if (!opts.nulls && opts.model !== 'markov') {
    throw new MopsError(
      'USAGE',
      `--no-nulls applies to --model markov only (${opts.model} never counts null journeys)`,
    );
  }
  return attributeFile({
    input: opts.paths,
    out: opts.out,
    model: opts.model,
    nulls: opts.nulls,
    ...(order !== undefined ? { order } : {}),
    ...(opts.sep !== undefined ? { sep: opts.sep } : {}),
    ...(opts.pathSep !== undefined ? { pathSep: opts.pathSep } : {}),
  });
}

function printSummary(s: AttributeFileSummary): void {
  print(
    `✓ ${s.model}: ${s.rows} rows (${s.unique_paths} distinct paths), ${s.channels} channels → ${s.out} (read ${s.seconds.read}s, model ${s.seconds.model}s)`,
  );
  print(
    `  credited ${s.credited.conversions} of ${s.totals.conversions} conversions and ${s.credited.value} of ${s.totals.value} value; ${s.totals.nulls} null journeys`,
  );
  if (s.markov) {
    print(
      `  markov order ${s.markov.order}${s.markov.nulls ? '' : ' without nulls'}: ${s.markov.states} states, P(conversion) = ${s.markov.conversion_probability}, solved ${s.markov.solver === 'direct' ? 'directly (Gaussian elimination)' : 'by Gauss–Seidel to 1e-15'}`,
    );
  }
  if (s.ignored_columns.length > 0) print(`  not used: ${s.ignored_columns.join(', ')}`);
  for (const w of s.warnings) print(`  note: ${w}`);
}

/**
 * The fast entry point used by bin/mops.js for `mops attribution …`: the same command and error
 * handling as cli/main.ts, without loading the other commands.
 */
export async function runAttributionCli(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('mops').showHelpAfterError().exitOverride();
  registerAttribution(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('commander.')) {
      process.exitCode = code === 'commander.helpDisplayed' ? 0 : 2;
      return;
    }
    process.exitCode = reportError(error, argv.includes('--json'));
  }
}
