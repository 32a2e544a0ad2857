import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CampaignRow } from './campaign.store.ts';
import { FieldErrors, readCurrency, readDate, readMoney, readText } from './parse-values.ts';

export interface CostInput {
  campaignId: string;
  periodStart: string;
  periodEnd: string;
  amount: number;
  currency: string;
  note: string | null;
  /** The file line it came from (imports), for the log. */
  line?: number;
}

export interface CostCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Reads one cost (API body or CSV row) for a campaign. `month: 2026-11` stands for the whole month.
 * Costs are kept in the campaign's currency: a cost in another one is refused rather than added
 * to the total as if it were the same money.
 */
export function readCost(
  errors: FieldErrors,
  prefix: string,
  fields: Record<string, unknown>,
  campaign: Pick<CampaignRow, 'id' | 'name' | 'currency'>,
): CostInput | undefined {
  const p = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const before = errors.details.length;
  let periodStart: string | undefined;
  let periodEnd: string | undefined;
  if (fields.month !== undefined && fields.month !== '' && fields.month !== null) {
    const month = readText(errors, p('month'), fields.month, { max: 20 });
    const match = month ? /^(\d{4})-(\d{2})$/.exec(month) : null;
    if (month && !match)
      errors.add(p('month'), 'INVALID_MONTH', `${p('month')} "${month}" is not a month such as 2026-11`);
    else if (match) {
      const [y, m] = [Number(match[1]), Number(match[2])];
      if (m < 1 || m > 12)
        errors.add(p('month'), 'INVALID_MONTH', `${p('month')} "${month}": month ${match[2]} is not 01–12`);
      else {
        periodStart = `${match[1]}-${match[2]}-01`;
        periodEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      }
    }
  } else {
    periodStart = readDate(errors, p('period_start'), fields.period_start, { required: true });
    periodEnd = readDate(errors, p('period_end'), fields.period_end, { required: true });
    if (periodStart && periodEnd && periodEnd < periodStart) {
      errors.add(
        p('period_end'),
        'END_BEFORE_START',
        `${p('period_end')} ${periodEnd} is before period_start ${periodStart}`,
      );
    }
  }
  const amount = readMoney(errors, p('amount'), fields.amount, { required: true });
  const currency = readCurrency(errors, p('currency'), fields.currency) ?? campaign.currency;
  if (currency !== campaign.currency) {
    errors.add(
      p('currency'),
      'CURRENCY_MISMATCH',
      `campaign ${campaign.name} is budgeted in ${campaign.currency}; this cost is in ${currency} (convert it first)`,
    );
  }
  const note = readText(errors, p('note'), fields.note, { max: 1000 }) ?? null;
  if (errors.details.length > before) return undefined;
  return {
    campaignId: campaign.id,
    periodStart: periodStart as string,
    periodEnd: periodEnd as string,
    amount: amount as number,
    currency,
    note,
  };
}

/**
 * Upserts costs in one statement: a new period is inserted, a period seen before is replaced when
 * anything differs (the old and new values go to audit_log), an identical one is left alone — so
 * importing the same file twice changes nothing. Callers pass each (campaign, period) once.
 */
export async function writeCosts(
  db: Kysely<DB>,
  costs: CostInput[],
  ctx: { source: string; actor: string; now: Date; importId: string | null },
): Promise<CostCounts> {
  if (costs.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const col = <K extends keyof CostInput>(key: K) => costs.map((c) => c[key] ?? null);
  const { rows } = await sql<{ inserted: number; updated: number }>`
    WITH input AS (
      SELECT * FROM unnest(${col('campaignId')}::uuid[], ${col('periodStart')}::date[], ${col('periodEnd')}::date[],
                           ${col('amount')}::numeric[], ${col('currency')}::text[], ${col('note')}::text[],
                           ${col('line')}::int[])
             AS t(campaign_id, period_start, period_end, amount, currency, note, line)
    ), previous AS (
      SELECT c.campaign_id, c.period_start, c.period_end, c.amount, c.currency, c.note, c.source
        FROM campaign_costs c JOIN input i USING (campaign_id, period_start, period_end)
    ), written AS (
      INSERT INTO campaign_costs (campaign_id, period_start, period_end, amount, currency, source, note, import_id,
                                  created_at, updated_at)
      SELECT campaign_id, period_start, period_end, amount, currency, ${ctx.source}, note, ${ctx.importId}::uuid,
             ${ctx.now}::timestamptz, ${ctx.now}::timestamptz
        FROM input
      ON CONFLICT (campaign_id, period_start, period_end) DO UPDATE SET
        amount = EXCLUDED.amount, currency = EXCLUDED.currency, note = EXCLUDED.note, source = EXCLUDED.source,
        import_id = EXCLUDED.import_id, updated_at = EXCLUDED.updated_at
       WHERE (campaign_costs.amount, campaign_costs.currency, campaign_costs.note)
             IS DISTINCT FROM (EXCLUDED.amount, EXCLUDED.currency, EXCLUDED.note)
      RETURNING campaign_id, period_start, period_end, amount, note, (xmax = 0) AS inserted
    ), logged AS (
      INSERT INTO audit_log (actor, action, target, details)
      SELECT ${ctx.actor}, 'campaign.cost.replace', w.campaign_id::text,
             jsonb_build_object('period_start', w.period_start, 'period_end', w.period_end,
                                'from', jsonb_build_object('amount', p.amount, 'currency', p.currency, 'note', p.note, 'source', p.source),
                                'to', jsonb_build_object('amount', w.amount, 'note', w.note, 'source', ${ctx.source}::text),
                                'import_id', ${ctx.importId}::uuid, 'line', i.line)
        FROM written w
        JOIN previous p USING (campaign_id, period_start, period_end)
        JOIN input i USING (campaign_id, period_start, period_end)
       WHERE NOT w.inserted
    )
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
      FROM written`.execute(db);
  const inserted = rows[0]?.inserted ?? 0;
  const updated = rows[0]?.updated ?? 0;
  return { inserted, updated, unchanged: costs.length - inserted - updated };
}

/** One API request's costs: each read against the campaign, duplicates of a period refused. */
export function readCostsBody(body: Record<string, unknown>, campaign: CampaignRow): CostInput[] {
  const errors = new FieldErrors();
  const list = Array.isArray(body.costs) ? (body.costs as unknown[]) : null;
  if (body.costs !== undefined && !list) errors.add('costs', 'INVALID_TYPE', 'costs must be a list');
  if (list && (list.length === 0 || list.length > 1000)) {
    errors.add('costs', 'INVALID_LENGTH', `costs must hold 1–1000 entries (got ${list.length})`);
  }
  errors.throwIfAny('costs are invalid');
  const items = list ?? [body];
  const out: CostInput[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const prefix = list ? `costs[${i}]` : '';
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.add(prefix || 'body', 'INVALID_TYPE', `${prefix || 'the body'} must be an object`);
      return;
    }
    const cost = readCost(errors, prefix, item as Record<string, unknown>, campaign);
    if (!cost) return;
    const key = `${cost.periodStart}/${cost.periodEnd}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.add(prefix, 'DUPLICATE_PERIOD', `${prefix} repeats the period ${key} of costs[${first}]`);
      return;
    }
    seen.set(key, i);
    out.push(cost);
  });
  errors.throwIfAny(`costs for campaign ${campaign.name} are invalid`);
  return out;
}
