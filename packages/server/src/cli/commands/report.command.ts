import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { MopsError } from '../../errors.ts';
import { PlaybookRuntime } from '../../playbook/playbook-runtime.ts';
import { dataQualityReport, dataQualityRows } from '../../reports/data-quality.query.ts';
import { checkReportQuery, drillLimit, type ReportDefinition } from '../../reports/report-definition.ts';
import { REPORTS } from '../../reports/reports.ts';
import { channelReport, reportWindow, utmConformanceReport } from '../../reports/tracking.query.ts';
import { pad, print, printJson } from '../output.ts';
import { printReport, printTable, tableCsv } from '../report-output.ts';
import { withDatabase } from '../with-database.ts';

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

export function registerReport(program: Command): void {
  const report = program.command('report').description('reports over the database');
  for (const definition of REPORTS) registerMeasurementReport(report, definition);
  report
    .command('data-quality')
    .description(
      'the data-quality scorecard: completeness, validity, duplicates, free-mail share, stale records',
    )
    .option('--rows <check>', 'list the people behind one check instead (drill-down)')
    .option('--limit <n>', 'with --rows: how many', '100')
    .option('--json', 'machine-readable output')
    .action(async (opts: { rows?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        throw new MopsError('USAGE', `--limit must be a whole number from 1 to 10000, got "${opts.limit}"`);
      }
      await withDatabase(loadConfig(), async ({ db }) => {
        if (opts.rows) {
          const rows = await dataQualityRows(db, opts.rows, limit);
          if (opts.json) return printJson(rows);
          for (const r of rows) print(`${r.email}  ${JSON.stringify(r.value)}`);
          return;
        }
        const r = await dataQualityReport(db);
        if (opts.json) return printJson(r);
        print(`data quality of ${r.people.toLocaleString('en')} people (merged records excluded)`);
        for (const group of ['completeness', 'validity', 'mix', 'freshness'] as const) {
          print(`\n${group}`);
          for (const c of r.checks.filter((x) => x.group === group)) {
            print(
              `  ${pad(c.label, 42)} ${pad(percent(c.share), 7)} ${c.count.toLocaleString('en')} of ${c.of.toLocaleString('en')} ${c.of_label}   [${c.id}]`,
            );
          }
        }
        const d = r.duplicates;
        print(
          `\nduplicates  ${percent(d.duplicate_rate)} of records were merged (${d.merged_records} of ${d.of_records}); ${d.open_reviews} pairs wait for review`,
        );
        if (r.by_source.length > 0) {
          print('\nby source');
          for (const s of r.by_source) {
            print(
              `  ${pad(s.source, 12)} ${pad(String(s.people), 8)} no company ${percent(s.missing_company / s.people)} · no title ${percent(s.missing_title / s.people)} · free-mail ${percent(s.free_mail / s.people)}`,
            );
          }
        }
        if (r.imports.length > 0) {
          print('\nimports with the most rejected rows');
          for (const i of r.imports)
            print(
              `  ${i.file} (${i.source}): ${i.rejected} of ${i.rows} rejected (${percent(i.reject_rate)})  ${i.import_id}`,
            );
        }
        if (r.form_rejections_30d.length > 0) {
          print('\nform rejections, last 30 days');
          for (const f of r.form_rejections_30d)
            print(`  ${pad(f.form_id, 16)} ${pad(f.code, 24)} ${f.count}`);
        }
        print('\ndrill down: mops report data-quality --rows <check id>');
      });
    });

  report
    .command('utm')
    .description(
      'UTM non-conformance: raw values that are not canonical, with touches, campaigns and the alias to add',
    )
    .option('--since <when>', 'window start: 30d, 12w, 6m or a date', '90d')
    .option('--json', 'machine-readable output')
    .action(async (opts: { since: string; json?: boolean }) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        const playbooks = new PlaybookRuntime(db);
        await playbooks.refresh();
        const r = await utmConformanceReport(db, playbooks.current(), reportWindow(opts.since, new Date()));
        if (opts.json) return printJson(r);
        print(
          `UTM conformance since ${r.window.since.toISOString().slice(0, 10)}: ${r.non_conforming_touches.toLocaleString('en')} of ${r.tagged_touches.toLocaleString('en')} tagged touches carry a non-conforming value (${percent(r.tagged_touches === 0 ? null : r.non_conforming_touches / r.tagged_touches)})`,
        );
        if (r.values.length === 0) return print('every UTM value conforms');
        for (const v of r.values) {
          const raw = v.rawValues.map((x) => `"${x.raw}" ×${x.touches}`).join(', ');
          const campaigns = v.campaigns.map((x) => x.campaign).join(', ');
          print(`\n  utm_${v.param} = ${v.value}   ${v.touches.toLocaleString('en')} touches`);
          print(`    seen as   ${raw}`);
          if (campaigns) print(`    campaigns ${campaigns}`);
          print(
            v.suggestion
              ? `    suggest   add "${v.value}" to utm.parameters.${v.param}.aliases.${v.suggestion.value} (${v.suggestion.message})`
              : '    suggest   no close canonical value: add it to the canonical list, or fix the links',
          );
        }
      });
    });
  report
    .command('channels')
    .description(
      'touches by channel (the playbook taxonomy applied), and what the unassigned touches carried',
    )
    .option('--since <when>', 'window start: 30d, 12w, 6m or a date', '90d')
    .option('--json', 'machine-readable output')
    .action(async (opts: { since: string; json?: boolean }) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        const r = await channelReport(db, reportWindow(opts.since, new Date()));
        if (opts.json) return printJson(r);
        print(
          `touches since ${r.window.since.toISOString().slice(0, 10)}: ${r.touches.toLocaleString('en')} (bots left out)`,
        );
        for (const ch of r.channels) {
          print(
            `  ${pad(ch.channel, 22)} ${pad(ch.touches.toLocaleString('en'), 10)} ${pad(percent(ch.share), 7)} ${ch.people} people · ${ch.visitors} browsers`,
          );
        }
        if (r.unassigned.length > 0) {
          print('\nunassigned touches carried (write a channel rule for these):');
          for (const u of r.unassigned) {
            print(
              `  source ${u.source ?? '—'} · medium ${u.medium ?? '—'} · referrer ${u.referrer_domain ?? '—'}   ${u.touches}`,
            );
          }
        }
      });
    });
}

/** `--group-by` for `group_by`: the API's parameter names, as flags. */
const flagOf = (name: string) => `--${name.replaceAll('_', '-')}`;

interface ReportFlags {
  json?: boolean;
  csv?: boolean;
  table?: string;
  rows?: string;
  limit: string;
  [param: string]: string | boolean | undefined;
}

export function registerMeasurementReport(report: Command, definition: ReportDefinition): void {
  const command = report.command(definition.name).description(definition.description);
  for (const param of definition.params) {
    const choices = param.values ? ` (${param.values.join(', ')})` : '';
    command.option(`${flagOf(param.name)} <value>`, `${param.description}${choices}`, param.default);
  }
  command
    .option('--json', 'the whole report as JSON (what GET /v1/reports/<name> returns)')
    .option('--csv', 'one table as CSV, raw numbers (the first table, or --table)')
    .option('--table <name>', 'with --csv: which table')
    .option(
      '--rows <cell>',
      definition.drillKeys
        ? `drill down: the rows behind one cell, e.g. "${definition.drillKeys.map((k) => `${k}=…`).join(',')}"`
        : 'not available for this report',
    )
    .option('--limit <n>', 'with --rows: how many', '100')
    .action(async (flags: ReportFlags) => {
      const query: Record<string, string> = {};
      for (const param of definition.params) {
        const key = param.name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
        const value = flags[key];
        if (typeof value === 'string') query[param.name] = value;
      }
      if (flags.rows !== undefined) {
        if (!definition.rows) throw new MopsError('USAGE', `report ${definition.name} has no drill-down`);
        Object.assign(query, parseCell(flags.rows));
      }
      const checked = checkReportQuery(definition, query, { drill: flags.rows !== undefined });
      await withDatabase(loadConfig(), async ({ db }) => {
        const playbooks = new PlaybookRuntime(db);
        await playbooks.refresh();
        const ctx = { db, playbook: playbooks.current(), now: new Date() };
        if (flags.rows !== undefined && definition.rows) {
          const table = await definition.rows(ctx, checked, drillLimit(flags.limit));
          if (flags.json) return printJson({ report: definition.name, cell: checked, ...table });
          if (flags.csv) return void process.stdout.write(tableCsv(table));
          return printTable(table);
        }
        const result = await definition.run(ctx, checked);
        if (flags.json) return printJson(result);
        if (flags.csv) {
          const table = flags.table ? result.tables.find((t) => t.name === flags.table) : result.tables[0];
          if (!table) {
            throw new MopsError(
              'USAGE',
              `no table "${flags.table}" in ${definition.name}; tables: ${result.tables.map((t) => t.name).join(', ')}`,
            );
          }
          return void process.stdout.write(tableCsv(table));
        }
        printReport(result);
        if (definition.rows) {
          print(
            `\ndrill down: mops report ${definition.name} --rows "${(definition.drillKeys ?? []).map((k) => `${k}=…`).join(',')}"`,
          );
        }
      });
    });
}

/** `stage=mql,group=paid_social` → { stage: 'mql', group: 'paid_social' }. */
function parseCell(text: string): Record<string, string> {
  const cell: Record<string, string> = {};
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) throw new MopsError('USAGE', `--rows takes key=value pairs joined by commas, got "${part}"`);
    cell[part.slice(0, at).trim().replaceAll('-', '_')] = part.slice(at + 1).trim();
  }
  return cell;
}
