import { attributionSettings } from '@mops/core';
import { MopsError } from '../errors.ts';
import { attributionReport, attributionRows } from './attribution.query.ts';
import { ATTRIBUTION_PARAMS, attributionParams } from './attribution.report.ts';
import {
  channelHistory,
  channelHistoryRows,
  HISTORY_MEASURES,
  type HistoryMeasure,
} from './channel-history.query.ts';
import { type ReportDefinition, type ReportRow, rate, requireKey } from './report-definition.ts';
import { reportPeriod } from './report-sql.ts';

// ROI per channel or campaign: what was spent, what it produced at each stage, and the revenue an
// attribution model credits to it — with CPL, cost per MQL, CAC, ROI, pipeline per unit of spend,
// velocity and LTV:CAC. Volumes and money come from different definitions; each is stated.

export const roiReport: ReportDefinition = {
  name: 'roi',
  description:
    'ROI per channel or campaign: cost, leads, MQLs, SQLs, opportunities, pipeline, won revenue under an attribution model, CPL, cost per MQL, CAC, ROI, pipeline per spend, velocity, LTV:CAC',
  params: [...ATTRIBUTION_PARAMS, { name: 'ltv', description: 'customer lifetime value, for LTV:CAC' }],
  drillKeys: ['key', 'measure'],
  async run(ctx, query) {
    const period = reportPeriod(query, ctx.now);
    const params = attributionParams(ctx, query);
    const ltv = query.ltv === undefined ? null : Number(query.ltv);
    if (ltv !== null && !(Number.isFinite(ltv) && ltv > 0)) {
      throw new MopsError(
        'INVALID_QUERY',
        `ltv must be a positive amount, got "${String(query.ltv).slice(0, 20)}"`,
      );
    }
    // Independent reads: the database counts volumes while the journeys are credited.
    const dimension = params.dimension ?? attributionSettings(ctx.playbook.source).dimension;
    const [attribution, history] = await Promise.all([
      // Only the credit is used here: what no journey holds is the attribution report's to count.
      attributionReport(ctx.db, ctx.playbook, params, { countLeftOut: false }),
      channelHistory(ctx.db, ctx.playbook, period, dimension),
    ]);
    const credit = new Map(attribution.rows.map((r) => [r.key, r]));
    const keys = new Set([...history.rows.map((r) => r.channel), ...credit.keys()]);
    const rows: ReportRow[] = [];
    const total = { cost: 0, leads: 0, mqls: 0, sqls: 0, opportunities: 0, pipeline: 0, won: 0, revenue: 0 };
    for (const key of keys) {
      const h = history.rows.find((r) => r.channel === key);
      const c = credit.get(key);
      const cost = h?.cost ?? 0;
      const won = c?.conversions ?? 0;
      const revenue = c?.value ?? 0;
      const cac = won > 0 ? cost / won : null;
      rows.push({
        key,
        cost,
        leads: h?.leads ?? 0,
        mqls: h?.mqls ?? 0,
        sqls: h?.sqls ?? 0,
        opportunities: h?.opportunities ?? 0,
        pipeline: h?.pipeline ?? 0,
        won,
        revenue,
        cpl: h && h.leads > 0 ? cost / h.leads : null,
        cost_per_mql: h && h.mqls > 0 ? cost / h.mqls : null,
        cac,
        roi: cost > 0 ? (revenue - cost) / cost : null,
        pipeline_per_spend: cost > 0 ? (h?.pipeline ?? 0) / cost : null,
        velocity_days: h?.medianDaysFirstTouchToWon ?? null,
        ltv_to_cac: ltv !== null && cac !== null && cac > 0 ? ltv / cac : null,
      });
      total.cost += cost;
      total.leads += h?.leads ?? 0;
      total.mqls += h?.mqls ?? 0;
      total.sqls += h?.sqls ?? 0;
      total.opportunities += h?.opportunities ?? 0;
      total.pipeline += h?.pipeline ?? 0;
      total.won += won;
      total.revenue += revenue;
    }
    rows.sort(
      (a, b) =>
        (b.revenue as number) - (a.revenue as number) ||
        (b.cost as number) - (a.cost as number) ||
        String(a.key).localeCompare(String(b.key)),
    );
    const totalCac = total.won > 0 ? total.cost / total.won : null;
    rows.push({
      key: '(total)',
      ...total,
      cpl: rate(total.cost, total.leads),
      cost_per_mql: rate(total.cost, total.mqls),
      cac: totalCac,
      roi: total.cost > 0 ? (total.revenue - total.cost) / total.cost : null,
      pipeline_per_spend: rate(total.pipeline, total.cost),
      velocity_days: null,
      ltv_to_cac: ltv !== null && totalCac !== null && totalCac > 0 ? ltv / totalCac : null,
    });
    const currency = history.currency;
    const excluded = history.excluded;
    return {
      report: 'roi',
      title: `ROI by ${attribution.dimension} ${period.since.toISOString().slice(0, 10)} – ${period.until.toISOString().slice(0, 10)} (revenue under ${attribution.model})`,
      params: {
        since: period.since.toISOString(),
        until: period.until.toISOString(),
        model: attribution.model,
        dimension: attribution.dimension,
      },
      denominators: [
        `cost: campaign costs (${currency}) for periods starting in the window, by the campaign's ${attribution.dimension}`,
        `leads, MQLs, SQLs: people created in the window, by their original ${attribution.dimension} (tracking.original_source), who reached that stage or later`,
        `opportunities and pipeline: opportunities created in the window, by their primary contact's original ${attribution.dimension}`,
        `won and revenue: opportunities ${attribution.settings.conversion === 'won' ? 'closed won' : 'created'} in the window, credited by the ${attribution.model} model (${attribution.level} journeys)`,
        'CPL = cost ÷ leads; cost per MQL = cost ÷ MQLs; CAC = cost ÷ won (credited); ROI = (revenue − cost) ÷ cost; velocity = median days from the contact’s first touch to closed won',
      ],
      notes: [
        ...(excluded.costsInOtherCurrencies > 0
          ? [`${excluded.costsInOtherCurrencies} cost rows in another currency than ${currency} are left out`]
          : []),
        ...(excluded.opportunitiesInOtherCurrencies > 0
          ? [`${excluded.opportunitiesInOtherCurrencies} opportunities in another currency are left out`]
          : []),
        ...(excluded.opportunitiesWithoutContacts > 0
          ? [
              `${excluded.opportunitiesWithoutContacts} opportunities without contacts count in no row's pipeline`,
            ]
          : []),
        ...(attribution.excluded.opportunities_without_touches > 0
          ? [
              `${attribution.excluded.opportunities_without_touches} won opportunities had no touch to credit: their revenue is in no row`,
            ]
          : []),
      ],
      tables: [
        {
          name: 'roi',
          title: `ROI by ${attribution.dimension} (${currency})`,
          keys: ['key'],
          columns: [
            { key: 'key', label: attribution.dimension, kind: 'text' },
            { key: 'cost', label: 'cost', kind: 'money' },
            { key: 'leads', label: 'leads', kind: 'count' },
            { key: 'mqls', label: 'MQLs', kind: 'count' },
            { key: 'sqls', label: 'SQLs', kind: 'count' },
            { key: 'opportunities', label: 'opps', kind: 'count' },
            { key: 'pipeline', label: 'pipeline', kind: 'money' },
            { key: 'won', label: 'won', kind: 'number' },
            { key: 'revenue', label: 'revenue', kind: 'money' },
            { key: 'cpl', label: 'CPL', kind: 'money' },
            { key: 'cost_per_mql', label: '$/MQL', kind: 'money' },
            { key: 'cac', label: 'CAC', kind: 'money' },
            { key: 'roi', label: 'ROI', kind: 'rate' },
            { key: 'pipeline_per_spend', label: 'pipe/$', kind: 'number' },
            { key: 'velocity_days', label: 'days to won', kind: 'days' },
            { key: 'ltv_to_cac', label: 'LTV:CAC', kind: 'number' },
          ],
          rows,
        },
      ],
      summary: { currency, totals: total, attribution_totals: attribution.totals },
    };
  },
  async rows(ctx, query, limit) {
    const key = requireKey(query, 'key', 'paid_social');
    const measure = requireKey(query, 'measure', 'leads');
    const measures = [...HISTORY_MEASURES, 'won'];
    if (!measures.includes(measure)) {
      throw new MopsError(
        'INVALID_QUERY',
        `measure must be one of ${measures.join(', ')}, got "${measure.slice(0, 40)}"`,
      );
    }
    const params = attributionParams(ctx, query);
    const dimension = params.dimension ?? attributionSettings(ctx.playbook.source).dimension;
    if (measure === 'won') {
      const rows = await attributionRows(ctx.db, ctx.playbook, params, key, limit);
      return {
        name: 'won',
        title: `Won opportunities crediting ${key}`,
        keys: ['opportunity_id'],
        columns: [
          { key: 'opportunity_id', label: 'opportunity', kind: 'text' },
          { key: 'name', label: 'name', kind: 'text' },
          { key: 'amount', label: 'amount', kind: 'money' },
          { key: 'credit_value', label: 'credit', kind: 'money' },
        ],
        rows: rows.map((r) => ({
          opportunity_id: r.opportunity_id,
          name: r.name,
          amount: r.amount,
          credit_value: r.credit.value,
        })),
      };
    }
    const rows = await channelHistoryRows(ctx.db, ctx.playbook, reportPeriod(query, ctx.now), dimension, {
      key,
      measure: measure as HistoryMeasure,
      limit,
    });
    const columns = Object.keys(rows[0] ?? { id: null }).map((k) => ({
      key: k,
      label: k,
      kind: k === 'amount' ? ('money' as const) : k.endsWith('_at') ? ('time' as const) : ('text' as const),
    }));
    return {
      name: measure,
      title: `${measure} behind ${key}`,
      keys: [columns[0]?.key ?? 'id'],
      columns,
      rows,
    };
  },
};
