import { type Plan, planBudget, type ScenarioAdjust } from '@mops/core';
import { MopsError } from '../errors.ts';
import { channelHistory } from './channel-history.query.ts';
import type { ReportDefinition, ReportQuery } from './report-definition.ts';
import { PERIOD_PARAMS, reportPeriod } from './report-sql.ts';

// Reverse-waterfall planning: from a revenue target back to deals, opportunities, SQLs, MQLs,
// leads and budget per channel, on the window's history (conversion rates, deal size, cost per
// lead). Channels are tiered proven / emerging / experimental and share the target 70/20/10.

const ADJUSTS: Record<string, keyof ScenarioAdjust> = {
  win_rate: 'winRate',
  deal_size: 'dealSize',
  cost_per_lead: 'costPerLead',
  mql_rate: 'mqlRate',
};

/** `optimistic:win_rate=1.2,deal_size=1.1;lean:cost_per_lead=0.8` → named multipliers. */
export function parseScenarios(text: string | undefined): { name: string; adjust: ScenarioAdjust }[] {
  if (!text) return [];
  return text.split(';').map((part) => {
    const [name, rest] = part.split(':');
    if (!name || !rest || !/^[\w-]{1,40}$/.test(name.trim())) {
      throw new MopsError(
        'INVALID_QUERY',
        `a scenario is name:rate=multiplier,…, e.g. optimistic:win_rate=1.2; got "${part.slice(0, 60)}"`,
      );
    }
    const adjust: ScenarioAdjust = {};
    for (const pair of rest.split(',')) {
      const [key, value] = pair.split('=').map((s) => s.trim());
      const field = key ? ADJUSTS[key] : undefined;
      const factor = Number(value);
      if (!field || !(factor > 0 && factor <= 100)) {
        throw new MopsError(
          'INVALID_QUERY',
          `scenario ${name}: "${pair.slice(0, 40)}" must be one of ${Object.keys(ADJUSTS).join(', ')} = a positive multiplier (1.2 = 20% better)`,
        );
      }
      adjust[field] = factor;
    }
    return { name: name.trim(), adjust };
  });
}

function positive(query: ReportQuery, name: string, fallback?: number): number {
  const text = query[name];
  if (text === undefined && fallback !== undefined) return fallback;
  const value = Number(text);
  if (text === undefined || !(Number.isFinite(value) && value > 0)) {
    throw new MopsError(
      'INVALID_QUERY',
      `${name} must be a positive number, got "${String(text).slice(0, 30)}"`,
    );
  }
  return value;
}

export const planReport: ReportDefinition = {
  name: 'plan',
  description:
    'reverse-waterfall budget plan: from a revenue target to deals, opportunities, SQLs, MQLs, leads and budget by channel, from historical rates, tiered 70/20/10',
  params: [
    { name: 'revenue', description: 'the revenue target (required)' },
    { name: 'period', description: 'months the target covers (default 12)' },
    ...PERIOD_PARAMS,
    { name: 'scenarios', description: 'what-ifs: name:win_rate=1.2,cost_per_lead=0.9;name2:…' },
    { name: 'ltv', description: 'customer lifetime value, for LTV:CAC in the ranking' },
  ],
  async run(ctx, query) {
    const revenue = positive(query, 'revenue');
    const periodMonths = positive(query, 'period', 12);
    const ltv = query.ltv === undefined ? null : positive(query, 'ltv');
    const period = reportPeriod(query, ctx.now);
    const history = await channelHistory(ctx.db, ctx.playbook, period, 'channel');
    let plan: Plan;
    try {
      plan = planBudget(
        history.rows.map((r) => ({ ...r, ltv })),
        { revenue, periodMonths, scenarios: parseScenarios(query.scenarios) },
      );
    } catch (error) {
      throw new MopsError('PLAN_IMPOSSIBLE', `cannot plan from this history: ${(error as Error).message}`);
    }
    const w = plan.overall.waterfall;
    return {
      report: 'plan',
      title: `Plan for ${revenue.toLocaleString('en')} ${history.currency} over ${periodMonths} months, from history ${period.since.toISOString().slice(0, 10)} – ${period.until.toISOString().slice(0, 10)}`,
      params: {
        revenue: String(revenue),
        period: String(periodMonths),
        since: period.since.toISOString(),
        until: period.until.toISOString(),
      },
      denominators: [
        `overall: ${w.deals} deals → ${w.opportunities} opportunities → ${w.sqls} SQLs → ${w.mqls} MQLs → ${w.leads} leads, budget ${w.budget.toLocaleString('en')} ${history.currency}`,
        'rates are the window’s history: deal size = won revenue ÷ won; win rate = won ÷ opportunities; and so on down the funnel (every rate with its numerator and denominator is in `summary.plan.assumptions`)',
        'people and opportunities count under their original channel (the primary contact’s, for opportunities); cost by the campaign’s channel',
      ],
      notes: [...plan.notes, ...plan.channels.flatMap((c) => c.notes.map((n) => `${c.channel}: ${n}`))],
      tables: [
        {
          name: 'channels',
          title: 'By channel: tier, rank and what the target takes',
          keys: ['channel'],
          columns: [
            { key: 'channel', label: 'channel', kind: 'text' },
            { key: 'tier', label: 'tier', kind: 'text' },
            { key: 'rank', label: 'rank', kind: 'count' },
            { key: 'cac', label: 'CAC', kind: 'money' },
            { key: 'ltv_to_cac', label: 'LTV:CAC', kind: 'number' },
            { key: 'velocity_days', label: 'days to close', kind: 'days' },
            { key: 'revenue', label: 'revenue', kind: 'money' },
            { key: 'deals', label: 'deals', kind: 'count' },
            { key: 'opportunities', label: 'opps', kind: 'count' },
            { key: 'sqls', label: 'SQLs', kind: 'count' },
            { key: 'mqls', label: 'MQLs', kind: 'count' },
            { key: 'leads', label: 'leads', kind: 'count' },
            { key: 'budget', label: 'budget', kind: 'money' },
            { key: 'budget_per_month', label: 'per month', kind: 'money' },
          ],
          rows: plan.channels.map((c) => ({
            channel: c.channel,
            tier: c.tier,
            rank: c.rank,
            cac: c.cac,
            ltv_to_cac: c.ltv_to_cac,
            velocity_days: c.velocity_days,
            revenue: c.revenue,
            deals: c.deals,
            opportunities: c.opportunities,
            sqls: c.sqls,
            mqls: c.mqls,
            leads: c.leads,
            budget: c.budget,
            budget_per_month: c.budget_per_month,
          })),
        },
        {
          name: 'scenarios',
          title: 'Scenarios against the base plan (overall waterfall)',
          keys: ['scenario'],
          columns: [
            { key: 'scenario', label: 'scenario', kind: 'text' },
            { key: 'deals', label: 'deals', kind: 'count' },
            { key: 'opportunities', label: 'opps', kind: 'count' },
            { key: 'mqls', label: 'MQLs', kind: 'count' },
            { key: 'leads', label: 'leads', kind: 'count' },
            { key: 'budget', label: 'budget', kind: 'money' },
            { key: 'budget_delta', label: 'vs base', kind: 'money' },
          ],
          rows: [
            {
              scenario: 'base',
              deals: w.deals,
              opportunities: w.opportunities,
              mqls: w.mqls,
              leads: w.leads,
              budget: w.budget,
              budget_delta: 0,
            },
            ...plan.scenarios.map((s) => ({
              scenario: s.name,
              deals: s.waterfall.deals,
              opportunities: s.waterfall.opportunities,
              mqls: s.waterfall.mqls,
              leads: s.waterfall.leads,
              budget: s.waterfall.budget,
              budget_delta: s.budget_delta,
            })),
          ],
        },
      ],
      summary: { plan, currency: history.currency },
    };
  },
};
