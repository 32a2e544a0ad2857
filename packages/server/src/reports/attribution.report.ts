import { ATTRIBUTION_MODELS, type AttributionModel, parseDuration } from '@mops/core';
import { MopsError } from '../errors.ts';
import { type AttributionParams, attributionReport, attributionRows } from './attribution.query.ts';
import type { ReportContext, ReportDefinition, ReportQuery } from './report-definition.ts';
import { PERIOD_PARAMS, reportPeriod } from './report-sql.ts';

// Multi-touch attribution over the stored touches and opportunities, as a report: credit per
// channel or campaign under a model, what was left out and why, and the opportunities behind a row.

export function attributionParams(ctx: ReportContext, query: ReportQuery): AttributionParams {
  const period = reportPeriod(query, ctx.now);
  const params: AttributionParams = { since: period.since, until: period.until };
  if (query.model) params.model = query.model as AttributionModel;
  if (query.level) params.level = query.level as 'person' | 'account';
  if (query.dimension) params.dimension = query.dimension as 'channel' | 'campaign';
  if (query.lookback) {
    const parsed = parseDuration(query.lookback);
    if (!parsed.ok) throw new MopsError('INVALID_QUERY', `lookback: ${parsed.error}`);
    params.lookbackMs = parsed.value;
  }
  if (query.order) {
    const order = Number(query.order);
    if (!Number.isInteger(order) || order < 1 || order > 4) {
      throw new MopsError('INVALID_QUERY', `order must be 1, 2, 3 or 4, got "${query.order.slice(0, 20)}"`);
    }
    params.order = order;
  }
  if (query.nulls) params.nulls = query.nulls === 'true';
  if (query.currency) params.currency = query.currency;
  return params;
}

export const ATTRIBUTION_PARAMS = [
  ...PERIOD_PARAMS,
  { name: 'model', description: 'attribution model (default: the playbook’s)', values: ATTRIBUTION_MODELS },
  { name: 'level', description: 'journeys per person or per account', values: ['person', 'account'] },
  { name: 'dimension', description: 'credit channels or campaigns', values: ['channel', 'campaign'] },
  { name: 'lookback', description: 'how far before the conversion touches count, e.g. 90d' },
  { name: 'order', description: 'markov: chain order 1–4' },
  { name: 'nulls', description: 'markov: count journeys that did not convert', values: ['true', 'false'] },
  { name: 'currency', description: 'only opportunities in this currency (default the workspace’s)' },
] as const;

export const attributionDbReport: ReportDefinition = {
  name: 'attribution',
  description:
    'multi-touch attribution of won (or created) opportunities to channels or campaigns from the stored touches, under any model',
  params: ATTRIBUTION_PARAMS,
  drillKeys: ['key'],
  async run(ctx, query) {
    const params = attributionParams(ctx, query);
    const report = await attributionReport(ctx.db, ctx.playbook, params);
    const excluded = report.excluded;
    const notes = [
      excluded.opportunities_without_touches > 0
        ? `${excluded.opportunities_without_touches} converting opportunities had no touch in the lookback window and cannot be attributed`
        : null,
      excluded.currency_mismatch > 0
        ? `${excluded.currency_mismatch} opportunities in another currency than ${report.totals.currency} are left out`
        : null,
    ].filter((n): n is string => n !== null);
    return {
      report: 'attribution',
      title: `${report.model} attribution of ${report.settings.conversion === 'won' ? 'won' : 'created'} opportunities to ${report.dimension === 'channel' ? 'channels' : 'campaigns'} (${report.level} journeys)`,
      params: {
        since: params.since.toISOString(),
        until: params.until.toISOString(),
        model: report.model,
        level: report.level,
        dimension: report.dimension,
      },
      denominators: report.denominators,
      notes,
      tables: [
        {
          name: 'credit',
          title: `Credit by ${report.dimension} (conversions and ${report.totals.currency} value)`,
          keys: ['key'],
          columns: [
            { key: 'key', label: report.dimension, kind: 'text' },
            { key: 'conversions', label: 'conversions', kind: 'number' },
            { key: 'value', label: 'value', kind: 'money' },
            { key: 'share_of_value', label: 'share', kind: 'rate' },
            ...(report.model === 'markov'
              ? [{ key: 'removal_effect', label: 'removal effect', kind: 'number' as const }]
              : []),
          ],
          rows: report.rows.map((r) => ({ ...r })),
        },
      ],
      summary: { totals: report.totals, excluded: report.excluded, settings: report.settings },
    };
  },
  async rows(ctx, query, limit) {
    const key = query.key;
    if (!key)
      throw new MopsError('INVALID_QUERY', 'name the row: key is required (for example key=paid_social)');
    const rows = await attributionRows(ctx.db, ctx.playbook, attributionParams(ctx, query), key, limit);
    return {
      name: 'opportunities',
      title: `Opportunities crediting ${key}, most credit first`,
      keys: ['opportunity_id'],
      columns: [
        { key: 'opportunity_id', label: 'opportunity', kind: 'text' },
        { key: 'name', label: 'name', kind: 'text' },
        { key: 'amount', label: 'amount', kind: 'money' },
        { key: 'closed_at', label: 'closed', kind: 'time' },
        { key: 'credit_conversions', label: 'credit', kind: 'number' },
        { key: 'credit_value', label: 'credit value', kind: 'money' },
      ],
      rows: rows.map((r) => ({
        opportunity_id: r.opportunity_id,
        name: r.name,
        amount: r.amount,
        closed_at: r.closed_at?.toISOString() ?? null,
        credit_conversions: r.credit.conversions,
        credit_value: r.credit.value,
      })),
    };
  },
};
