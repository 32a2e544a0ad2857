import { createHash } from 'node:crypto';
import { compilePlaybook, type ScoringDelta, type ScoringEvaluation } from '@mops/core';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { MopsError } from '../../errors.ts';
import { readPlaybookFile } from '../../playbook/playbook-file.ts';
import { PlaybookRuntime } from '../../playbook/playbook-runtime.ts';
import { reportPeriod } from '../../reports/report-sql.ts';
import { bandsTable, SCORE_MODELS, scoringParams } from '../../reports/scoring.report.ts';
import { type ScoringBacktest, scoringBacktest } from '../../reports/scoring-backtest.ts';
import { pad, print, printJson } from '../output.ts';
import { printTable } from '../report-output.ts';
import { withDatabase } from '../with-database.ts';

interface BacktestFlags {
  since: string;
  until?: string;
  model: string;
  stage?: string;
  bands: string;
  json?: boolean;
}

export function registerScoring(program: Command): void {
  const scoring = program
    .command('scoring')
    .description('lead-scoring models: test a change before applying it');
  scoring
    .command('backtest <file>')
    .description(
      'replay history under the scoring model of a draft playbook and the applied one, and compare how well each ranks the people who converted',
    )
    .option('--since <when>', 'people created since: 30d, 12w, 6m or a date', '12m')
    .option('--until <date>', 'people created before this date (default now)')
    .option('--model <model>', `which score (${SCORE_MODELS.join(', ')})`, 'total')
    .option('--stage <stage>', 'the conversion to predict (a stage id; default sql)')
    .option('--bands <n>', 'how many bands (default 10: deciles)', '10')
    .option('--json', 'machine-readable output')
    .action(async (file: string, flags: BacktestFlags) => {
      // The draft is checked before anything touches the database: a broken file fails fast.
      const loaded = readPlaybookFile(file);
      if (!(SCORE_MODELS as readonly string[]).includes(flags.model)) {
        throw new MopsError(
          'USAGE',
          `--model must be one of ${SCORE_MODELS.join(', ')}, got "${flags.model.slice(0, 40)}"`,
        );
      }
      const draft = compilePlaybook(loaded.playbook, {
        id: 0,
        hash: createHash('sha256').update(loaded.text).digest('hex'),
      });
      await withDatabase(loadConfig(), async ({ db }) => {
        const playbooks = new PlaybookRuntime(db);
        await playbooks.refresh();
        const current = playbooks.current();
        const now = new Date();
        const period = reportPeriod({ since: flags.since, until: flags.until }, now);
        const params = scoringParams({ model: flags.model, stage: flags.stage, bands: flags.bands }, current);
        const result = await scoringBacktest(db, current, draft, {
          ...period,
          model: params.model,
          stage: params.stage,
          bands: params.bands,
          now,
        });
        if (flags.json) return printJson({ file: loaded.path, against: `v${current.version.id}`, ...result });
        printBacktest(result, {
          file,
          version: current.version.id,
          model: params.model,
          stage: params.stage,
        });
      });
    });
}

function printBacktest(
  r: ScoringBacktest,
  ctx: { file: string; version: number; model: string; stage: string },
): void {
  print(
    `${ctx.file} against the applied playbook v${ctx.version}, ${ctx.model} score, predicting ${ctx.stage}`,
  );
  print(r.comparison.verdict);
  print('');
  print(`${pad('', 26)}${pad('current', 12)}${pad('draft', 12)}change`);
  const row = (label: string, d: ScoringDelta, show: (v: number) => string) =>
    print(
      `${pad(label, 26)}${pad(d.current === null ? '—' : show(d.current), 12)}${pad(d.draft === null ? '—' : show(d.draft), 12)}${d.delta === null ? '—' : signed(show(d.delta))}`,
    );
  const fixed = (digits: number) => (v: number) => v.toFixed(digits);
  const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
  const c = r.comparison;
  row(`AUC to ${ctx.stage}`, c.auc.sql, fixed(3));
  row('AUC to won', c.auc.won, fixed(3));
  row(`top band lift (${ctx.stage})`, c.top_band_lift.sql, fixed(2));
  row('top band lift (won)', c.top_band_lift.won, fixed(2));
  row('MQL threshold', { current: r.thresholds.current, draft: r.thresholds.draft, delta: null }, String);
  row('people at or above it', c.people_at_or_above, String);
  row(`${ctx.stage} captured`, c.sql_captured, percent);
  const table = (title: string, evaluation: ScoringEvaluation) =>
    printTable({
      ...bandsTable(evaluation, ctx.stage),
      title: `${title}: ${bandsTable(evaluation, ctx.stage).title}`,
    });
  table('current', r.current);
  table('draft', r.draft);
  print('\ncounted');
  for (const d of r.denominators) print(`  · ${d}`);
  const check = r.replayCheck;
  print(
    `\nreplay check: ${check.matchingStoredWithin1Point} of ${check.people} people replay to within 1 point of their stored score${check.matchingStoredWithin1Point === check.people ? '' : ' — the replay does not fully reproduce what the pipeline did; read the comparison with care'}`,
  );
  for (const e of check.examples) print(`  ${e.email}: stored ${e.stored}, replayed ${e.replayed}`);
  print(
    'note: scores carry what happened after the person converted too (e.g. points for a demo request): read AUC as an upper bound',
  );
}

const signed = (text: string) => (text.startsWith('-') ? text : `+${text}`);
