import { normalizeUtmCampaign } from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { UUID_PATTERN } from '../ids.ts';
import { type CostInput, readCost, writeCosts } from './campaign-costs.store.ts';
import { FieldErrors } from './parse-values.ts';
import { mapBySynonyms, type RowImporter, type RowReject, rowFields } from './run-row-import.ts';

const COST_COLUMNS = {
  campaign: ['campaign', 'campaign_name', 'name', 'utm_campaign', 'campaign_id'],
  period_start: ['period_start', 'start', 'start_date', 'from', 'date_from'],
  period_end: ['period_end', 'end', 'end_date', 'to', 'date_to'],
  month: ['month', 'period'],
  amount: ['amount', 'cost', 'spend', 'amount_spent'],
  currency: ['currency'],
  note: ['note', 'notes', 'description', 'comment'],
} as const;

interface CostColumns {
  headers: string[];
  columns: Record<string, string>;
}

interface CampaignRef {
  id: string;
  name: string;
  utm_campaign: string | null;
  currency: string;
}

/**
 * `mops import costs <file.csv>`: one row per campaign and period (`campaign, period_start,
 * period_end, amount[, currency, note]`, or `campaign, month, amount`). The campaign is found by
 * id, name or utm_campaign. A row for an unknown campaign, a bad date or a negative amount is
 * quarantined with its line and reasons; the rest import. A period already stored is replaced
 * (logged) when it differs, so re-importing a file changes nothing.
 */
export const costImporter: RowImporter<CostColumns> = {
  kind: 'costs',
  mapColumns: (headers) => ({
    headers,
    columns: mapBySynonyms('costs', headers, COST_COLUMNS, ['campaign', 'amount', ['period_start', 'month']]),
  }),
  async writeBatch(trx, records, { headers, columns }, ctx) {
    const rows = records.flatMap((r) =>
      r.kind === 'row' ? [{ record: r, fields: rowFields(r, headers, columns) }] : [],
    );
    const campaigns = await findCampaigns(
      trx,
      rows.map((r) => r.fields.campaign ?? ''),
    );
    const rejects: RowReject[] = [];
    const costs: CostInput[] = [];
    for (const { record, fields } of rows) {
      const errors = new FieldErrors();
      const ref = fields.campaign ?? '';
      const campaign = ref ? campaigns.get(ref) : undefined;
      if (!ref) errors.add('campaign', 'REQUIRED', 'campaign is empty');
      else if (!campaign) {
        errors.add(
          'campaign',
          'CAMPAIGN_NOT_FOUND',
          `no campaign "${ref.slice(0, 100)}" (by id, name or utm_campaign); create it first (mops campaign create) or fix the name`,
        );
      }
      const cost = campaign ? readCost(errors, '', fields, campaign) : undefined;
      if (cost) {
        const key = `${cost.campaignId}/${cost.periodStart}/${cost.periodEnd}`;
        const first = ctx.seen.get(key);
        if (first !== undefined) {
          errors.add('period_start', 'DUPLICATE_PERIOD', `the same campaign and period as line ${first}`);
        } else ctx.seen.set(key, record.line);
      }
      if (!errors.empty || !cost) {
        if (campaign === undefined && ref) {
          // Also report the row's other problems, so one fix pass is enough.
          readCost(errors, '', fields, {
            id: '',
            name: ref,
            currency: (fields.currency ?? 'USD').toUpperCase(),
          });
        }
        rejects.push({ line: record.line, reasons: errors.details, raw: record.values });
        continue;
      }
      costs.push({ ...cost, line: record.line });
    }
    const counts = await writeCosts(trx, costs, {
      source: ctx.source,
      actor: ctx.actor,
      now: ctx.now,
      importId: ctx.importId,
    });
    return { ...counts, rejects };
  },
};

async function findCampaigns(db: Kysely<DB>, refs: string[]): Promise<Map<string, CampaignRef>> {
  const distinct = [...new Set(refs.filter(Boolean))];
  const out = new Map<string, CampaignRef>();
  if (distinct.length === 0) return out;
  const ids = distinct.filter((r) => UUID_PATTERN.test(r)).map((r) => r.toLowerCase());
  const utms = distinct.map((r) => normalizeUtmCampaign(r) ?? '');
  const { rows } = await sql<CampaignRef>`
    SELECT id, name, utm_campaign, currency FROM campaigns
     WHERE id = ANY(${ids}::uuid[]) OR name = ANY(${distinct}::text[]) OR utm_campaign = ANY(${utms}::text[])`.execute(
    db,
  );
  for (const ref of distinct) {
    const utm = normalizeUtmCampaign(ref);
    const match =
      rows.find((r) => r.id === ref.toLowerCase()) ??
      rows.find((r) => r.name === ref) ??
      rows.find((r) => utm !== null && r.utm_campaign === utm);
    if (match) out.set(ref, match);
  }
  return out;
}
