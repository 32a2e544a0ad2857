import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import {
  type CampaignDetail,
  campaignDetail,
  createCampaign,
  listCampaigns,
} from '../../campaigns/campaign.store.ts';

import { readCampaignInput } from '../../campaigns/campaign-input.ts';
import { namingOf, workspaceCurrency } from '../../campaigns/campaign-naming.ts';
import { costImporter } from '../../campaigns/import-costs.ts';
import { type RowImporter, type RowImportSummary, runRowImport } from '../../campaigns/run-row-import.ts';
import { systemClock } from '../../clock.ts';
import { loadConfig } from '../../config.ts';
import { fingerprintFile } from '../../csv/fingerprint-file.ts';
import type { DB } from '../../db/schema.ts';
import { reasonsText } from '../../imports/format-rejects.ts';
import { createImport, type ImportRow } from '../../imports/import.store.ts';
import { opportunityImporter } from '../../opportunities/import-opportunities.ts';
import { ensurePlaybook } from '../../playbook/ensure-playbook.ts';
import { pad, print, printJson } from '../output.ts';
import { withDatabase } from '../with-database.ts';

interface CreateOptions {
  name: string;
  channel?: string;
  type?: string;
  owner?: string;
  start?: string;
  end?: string;
  budget?: string;
  currency?: string;
  status?: string;
  utmCampaign?: string;
  json?: boolean;
}

/** `mops campaign list|show|create`. */
export function registerCampaign(program: Command): void {
  const campaign = program
    .command('campaign')
    .description('the campaign registry: list, show and create campaigns');
  campaign
    .command('list')
    .description('campaigns with channel, status, dates and budget')
    .option('--status <status>', 'only this status (planned, active, paused, completed, cancelled)')
    .option('--channel <channel>', 'only this channel')
    .option('--json', 'machine-readable output')
    .action(async (opts: { status?: string; channel?: string; json?: boolean }) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        const rows = await listCampaigns(db, {
          ...(opts.status ? { status: opts.status } : {}),
          ...(opts.channel ? { channel: opts.channel } : {}),
        });
        if (opts.json) return printJson(rows);
        if (rows.length === 0)
          return print(
            'no campaigns (define them under campaigns.registry in the playbook, or mops campaign create)',
          );
        print(
          `${pad('name', 44)}${pad('channel', 16)}${pad('status', 11)}${pad('start', 12)}${pad('end', 12)}budget`,
        );
        for (const r of rows) {
          print(
            `${pad(r.name, 44)}${pad(r.channel, 16)}${pad(r.status, 11)}${pad(r.start_date ?? '—', 12)}${pad(r.end_date ?? '—', 12)}${r.budget === null ? '—' : `${r.budget.toLocaleString('en')} ${r.currency}`}`,
          );
        }
      });
    });
  campaign
    .command('show <nameOrId>')
    .description('a campaign with its members by status, its costs by period and totals against budget')
    .option('--json', 'machine-readable output')
    .action(async (nameOrId: string, opts: { json?: boolean }) => {
      await withDatabase(loadConfig(), async ({ db }) => {
        const detail = await campaignDetail(db, nameOrId);
        if (opts.json) printJson(detail);
        else printDetail(detail);
      });
    });
  campaign
    .command('create')
    .description("register a campaign; the name must follow the playbook's naming convention")
    .requiredOption('--name <name>', 'e.g. 2026-11_paid_social_na_demo-push')
    .option('--channel <channel>', 'e.g. paid_social')
    .option('--type <type>', "default: the name's type part")
    .option('--owner <repId>', 'a rep id of the playbook')
    .option('--start <date>', 'YYYY-MM-DD')
    .option('--end <date>', 'YYYY-MM-DD')
    .option('--budget <amount>', 'planned spend, e.g. 25000')
    .option('--currency <code>', 'default: the workspace currency')
    .option('--status <status>', 'planned (default), active, paused, completed, cancelled')
    .option('--utm-campaign <value>', 'the utm_campaign its links carry (default: the name)')
    .option('--json', 'machine-readable output')
    .action(async (opts: CreateOptions) => {
      const config = loadConfig();
      await withDatabase(config, async ({ db }) => {
        const playbook = await ensurePlaybook(db, config, { actor: 'mops campaign create' });
        const body: Record<string, unknown> = {
          name: opts.name,
          channel: opts.channel,
          type: opts.type,
          owner: opts.owner,
          start: opts.start,
          end: opts.end,
          budget: opts.budget,
          currency: opts.currency,
          status: opts.status,
          utm_campaign: opts.utmCampaign,
        };
        const input = readCampaignInput(body, namingOf(playbook.source), workspaceCurrency(playbook.source));
        const row = await createCampaign(db, input, {
          source: 'cli',
          actor: 'mops campaign create',
          now: systemClock(),
          playbookVersionId: playbook.version.id,
        });
        if (opts.json) printJson(row);
        else print(`created campaign ${row.name} (${row.id}), channel ${row.channel}, status ${row.status}`);
      });
    });
}

function printDetail(d: CampaignDetail): void {
  const c = d.campaign;
  print(`${c.name}   ${c.id}`);
  print(
    `  channel   ${c.channel}${c.type ? ` · type ${c.type}` : ''} · status ${c.status} · source ${c.source}${c.in_playbook ? ' (playbook)' : ''}`,
  );
  print(
    `  dates     ${c.start_date ?? '—'} → ${c.end_date ?? '—'}${c.owner_rep_id ? ` · owner ${c.owner_rep_id}` : ''}`,
  );
  if (c.utm_campaign) print(`  utm       utm_campaign=${c.utm_campaign}`);
  print(
    `  members   ${d.members.total} (targeted ${d.members.targeted} · engaged ${d.members.engaged} · responded ${d.members.responded})`,
  );
  const money = (n: number | null) =>
    n === null ? '—' : `${n.toLocaleString('en', { minimumFractionDigits: 2 })} ${d.totals.currency}`;
  print(
    `  spend     ${money(d.totals.cost)} of budget ${money(d.totals.budget)} (remaining ${money(d.totals.budget_remaining)})`,
  );
  for (const cost of d.costs) {
    print(
      `    ${cost.period_start} → ${cost.period_end}  ${pad(money(cost.amount), 20)} ${cost.source}${cost.note ? ` · ${cost.note}` : ''}`,
    );
  }
}

const ROW_IMPORTERS: Record<string, RowImporter<unknown>> = {
  costs: costImporter as RowImporter<unknown>,
  opportunities: opportunityImporter as RowImporter<unknown>,
};

/** `mops import costs|opportunities <file.csv>`, registered on the existing `import` command. */
export function registerRowImports(importCommand: Command): void {
  const kinds: [string, string][] = [
    [
      'costs',
      'import campaign spend: campaign (name, utm_campaign or id), period_start, period_end (or month), amount[, currency, note]',
    ],
    [
      'opportunities',
      'import opportunities: external_id, name, stage, created_at[, amount, currency, closed_at, status/is_won, account_domain, contact_email, contact_role, is_primary]',
    ],
  ];
  for (const [kind, description] of kinds) {
    const importer = ROW_IMPORTERS[kind] as RowImporter<unknown>;
    importCommand
      .command(`${kind} <file>`)
      .description(description)
      .option('--source <name>', 'where the file came from, e.g. "LinkedIn Ads export"')
      .option('--json', 'print the summary as one JSON object')
      .action(async (file: string, opts: { source?: string; json?: boolean }) => {
        const path = resolve(file);
        const { size, sha256 } = await fingerprintFile(path);
        const config = loadConfig();
        await withDatabase(config, async ({ db }) => {
          const playbook = await ensurePlaybook(db, config, { actor: `mops import ${kind}` });
          const importId = await createImport(db, {
            kind: kind as 'people',
            source: opts.source ?? `CSV import ${basename(path)}`,
            fileName: basename(path),
            storedPath: path,
            fileBytes: size,
            fileSha256: sha256,
            options: {},
            playbookVersionId: playbook.version.id,
            createdBy: `mops import ${kind}`,
            now: systemClock(),
          });
          const summary = await runRowImport({ db, clock: systemClock }, importId, importer);
          if (opts.json) printJson(summary);
          else printSummary(summary);
        });
      });
  }
}

/** `mops import resume` of a costs or opportunities import; false for people and accounts. */
export async function resumeRowImport(db: Kysely<DB>, row: ImportRow, json: boolean): Promise<boolean> {
  const importer = ROW_IMPORTERS[row.kind as string];
  if (!importer) return false;
  const summary = await runRowImport({ db, clock: systemClock }, row.id, importer);
  if (json) printJson(summary);
  else printSummary(summary);
  return true;
}

function printSummary(s: RowImportSummary): void {
  print(`import ${s.import_id} (${s.kind}, ${s.status}) — ${s.file}, source "${s.source}"`);
  print(
    `  columns   ${Object.entries(s.columns)
      .map(([field, column]) => `${column} → ${field}`)
      .join(', ')}`,
  );
  print(
    `  ${s.rows} rows: inserted ${s.inserted} · updated ${s.updated} · unchanged ${s.unchanged} · rejected ${s.rejected}`,
  );
  for (const reject of s.rejects.slice(0, 20)) print(`  line ${reject.line}: ${reasonsText(reject.reasons)}`);
  if (s.rejects.length > 20)
    print(`  … ${s.rejects.length - 20} more: mops import rejects ${s.import_id} --csv`);
}
