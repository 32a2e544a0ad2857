/**
 * Reverse-waterfall budget planning: start from a revenue target and walk the funnel backwards
 * (deals → opportunities → SQLs → MQLs → leads → budget) using the rates history actually showed.
 * Every rate is reported with its numerator and denominator so a reader can check the plan by hand,
 * and every count is rounded up at its own step (you cannot buy 0.4 of a lead).
 */

export interface ChannelHistory {
  channel: string;
  cost: number;
  leads: number;
  mqls: number;
  sqls: number;
  opportunities: number;
  won: number;
  wonRevenue: number;
  medianDaysToClose: number | null;
  ltv?: number | null;
}

export interface ScenarioAdjust {
  winRate?: number;
  dealSize?: number;
  costPerLead?: number;
  mqlRate?: number;
}

export interface PlanOptions {
  revenue: number;
  periodMonths: number;
  /** Share of the revenue target per tier (default .7/.2/.1); must sum to 1. */
  split?: { proven: number; emerging: number; experimental: number };
  /** Won deals a channel needs to count as proven (default 5). */
  minWonForProven?: number;
  /** What-ifs on the overall waterfall; each adjust value multiplies the historical rate. */
  scenarios?: { name: string; adjust: ScenarioAdjust }[];
}

export type Tier = 'proven' | 'emerging' | 'experimental';
export type RateName = 'deal_size' | 'win_rate' | 'opp_rate' | 'sql_rate' | 'mql_rate' | 'cost_per_lead';

export interface Rate {
  value: number;
  numerator: number;
  denominator: number;
  /** 'overall' when the channel's own history could not supply this rate. */
  source: 'channel' | 'overall';
}

export type FunnelRates = Record<RateName, Rate>;

export interface Waterfall {
  revenue: number;
  deals: number;
  opportunities: number;
  sqls: number;
  mqls: number;
  leads: number;
  budget: number;
  budget_per_month: number;
}

export interface ChannelPlan {
  channel: string;
  tier: Tier;
  /** 1 = first in its tier (lowest CAC). */
  rank: number;
  /** cost / won; null without won deals. */
  cac: number | null;
  ltv_to_cac: number | null;
  velocity_days: number | null;
  rates: FunnelRates;
  /** The channel's part of the revenue target and what it takes; all null when it has no history. */
  revenue: number | null;
  deals: number | null;
  opportunities: number | null;
  sqls: number | null;
  mqls: number | null;
  leads: number | null;
  budget: number | null;
  budget_per_month: number | null;
  notes: string[];
}

export interface TierPlan {
  tier: Tier;
  /** The configured share of the revenue target. */
  share: number;
  /** Revenue this tier plans for, after empty tiers handed over their shares. */
  revenue: number;
  channels: string[];
}

export interface Assumption {
  /** 'overall' or a channel name. */
  scope: string;
  rate: RateName;
  value: number;
  numerator: number;
  denominator: number;
  source: 'channel' | 'overall';
}

export interface ScenarioPlan {
  name: string;
  adjust: Required<ScenarioAdjust>;
  rates: { deal_size: number; win_rate: number; mql_rate: number; cost_per_lead: number };
  waterfall: Waterfall;
  /** Scenario budget − base budget (overall waterfall), in cents-exact money. */
  budget_delta: number;
  notes: string[];
}

export interface Plan {
  revenue: number;
  period_months: number;
  overall: { rates: FunnelRates; waterfall: Waterfall };
  tiers: TierPlan[];
  channels: ChannelPlan[];
  /** Sums over the planned channels (each channel rounds up on its own, so ≥ the overall waterfall). */
  totals: Waterfall;
  assumptions: Assumption[];
  scenarios: ScenarioPlan[];
  notes: string[];
}

type Counts = Omit<ChannelHistory, 'channel' | 'medianDaysToClose' | 'ltv'>;

const RATES: readonly {
  name: RateName;
  numerator: keyof Counts;
  denominator: keyof Counts;
  label: string;
}[] = [
  { name: 'deal_size', numerator: 'wonRevenue', denominator: 'won', label: 'deal size' },
  { name: 'win_rate', numerator: 'won', denominator: 'opportunities', label: 'win rate' },
  { name: 'opp_rate', numerator: 'opportunities', denominator: 'sqls', label: 'SQL → opportunity rate' },
  { name: 'sql_rate', numerator: 'sqls', denominator: 'mqls', label: 'MQL → SQL rate' },
  { name: 'mql_rate', numerator: 'mqls', denominator: 'leads', label: 'lead → MQL rate' },
  { name: 'cost_per_lead', numerator: 'cost', denominator: 'leads', label: 'cost per lead' },
];
const FIELD_LABEL: Record<keyof Counts, string> = {
  cost: 'cost',
  leads: 'leads',
  mqls: 'MQLs',
  sqls: 'SQLs',
  opportunities: 'opportunities',
  won: 'won deals',
  wonRevenue: 'won revenue',
};
const MONEY: ReadonlySet<RateName> = new Set(['deal_size', 'cost_per_lead']);
const TIERS: readonly Tier[] = ['proven', 'emerging', 'experimental'];
const COUNT_FIELDS = ['cost', 'leads', 'mqls', 'sqls', 'opportunities', 'won', 'wonRevenue'] as const;
const DAYS_PER_MONTH = 365.25 / 12;

export function planBudget(history: readonly ChannelHistory[], options: PlanOptions): Plan {
  const split = options.split ?? { proven: 0.7, emerging: 0.2, experimental: 0.1 };
  const minWon = options.minWonForProven ?? 5;
  checkInput(history, options, split, minWon);
  const totals = sumCounts(history);
  const overall = overallRates(totals);
  const base = waterfall(options.revenue, overall, ONE, options.periodMonths);
  const notes: string[] = [];

  const channels = history.map((h) => describeChannel(h, overall, minWon, options.periodMonths));
  const planned = (tier: Tier) => channels.filter((c) => c.plan.tier === tier && c.history.leads > 0);
  const tierRevenue = new Map(TIERS.map((t) => [t, options.revenue * split[t]]));
  for (const [index, tier] of TIERS.entries()) {
    if (split[tier] === 0 || planned(tier).length > 0) continue;
    const receiver =
      TIERS.slice(index + 1).find((t) => planned(t).length > 0) ??
      TIERS.slice(0, index)
        .reverse()
        .find((t) => planned(t).length > 0)!;
    tierRevenue.set(receiver, tierRevenue.get(receiver)! + tierRevenue.get(tier)!);
    tierRevenue.set(tier, 0);
    const why = channels.some((c) => c.plan.tier === tier)
      ? ' with lead history'
      : tier === 'proven'
        ? ` (≥ ${minWon} won deals)`
        : '';
    notes.push(
      `no ${tier} channels${why}: its ${percent(split[tier])} share of the target goes to ${receiver}`,
    );
  }

  const tiers: TierPlan[] = [];
  const ordered: ChannelPlan[] = [];
  for (const tier of TIERS) {
    const members = channels.filter((c) => c.plan.tier === tier).sort(compareChannels);
    const plannable = members.filter((c) => c.history.leads > 0);
    const weights = plannable.map((c) => weightOf(c, tier));
    let total = weights.reduce((a, w) => a + w, 0);
    if (total === 0 && plannable.length > 0) {
      weights.fill(1);
      total = plannable.length;
      if (tier !== 'experimental') notes.push(`${tier} channels show no ${weightLabel(tier)}: split equally`);
    }
    const revenue = tierRevenue.get(tier)!;
    plannable.forEach((c, i) => {
      const w = waterfall((revenue * weights[i]!) / total, c.rates, ONE, options.periodMonths);
      Object.assign(c.plan, w);
    });
    members.forEach((c, i) => {
      c.plan.rank = i + 1;
      ordered.push(c.plan);
    });
    tiers.push({
      tier,
      share: split[tier],
      revenue: money(revenue),
      channels: members.map((c) => c.plan.channel),
    });
  }

  return {
    revenue: money(options.revenue),
    period_months: options.periodMonths,
    overall: { rates: outputRates(overall), waterfall: outputWaterfall(base) },
    tiers,
    channels: ordered.map(outputChannel),
    totals: outputWaterfall(sumWaterfalls(ordered, options.periodMonths)),
    assumptions: [
      ...ratesList('overall', overall),
      ...channels.filter((c) => c.history.leads > 0).flatMap((c) => ratesList(c.plan.channel, c.rates)),
    ],
    scenarios: (options.scenarios ?? []).map((s) => scenario(s, overall, base, options)),
    notes,
  };
}

interface Working {
  history: ChannelHistory;
  rates: FunnelRates;
  plan: ChannelPlan;
}

const ONE: Required<ScenarioAdjust> = { winRate: 1, dealSize: 1, costPerLead: 1, mqlRate: 1 };

function describeChannel(h: ChannelHistory, overall: FunnelRates, minWon: number, months: number): Working {
  const notes: string[] = [];
  const hasHistory = h.leads > 0;
  const rates = {} as FunnelRates;
  for (const def of RATES) {
    const num = h[def.numerator];
    const den = h[def.denominator];
    // A zero rate would make the backwards walk divide by zero; cost per lead of 0 is just free.
    const usable = den > 0 && (num > 0 || def.name === 'cost_per_lead');
    if (usable) {
      rates[def.name] = { value: num / den, numerator: num, denominator: den, source: 'channel' };
      continue;
    }
    rates[def.name] = { ...overall[def.name], source: 'overall' };
    if (hasHistory) {
      const own =
        den > 0
          ? `${num} ${FIELD_LABEL[def.numerator]} from ${den} ${FIELD_LABEL[def.denominator]}`
          : `no ${FIELD_LABEL[def.denominator]}`;
      notes.push(
        `${def.label}: ${own} in history, using the overall ${formatRate(def.name, overall[def.name])}`,
      );
    }
  }
  if (!hasHistory) {
    notes.push(
      'no history: 0 leads recorded, so cost per lead and conversion rates are unknown; it cannot be planned from history',
    );
  }
  const cac = h.won > 0 ? h.cost / h.won : null;
  const ltvToCac = h.ltv != null && cac !== null && cac > 0 ? h.ltv / cac : null;
  if (h.ltv != null && ltvToCac === null) {
    notes.push(cac === null ? 'LTV:CAC unknown: no won deals' : 'LTV:CAC unknown: no recorded cost');
  }
  if (h.medianDaysToClose !== null && h.medianDaysToClose > months * DAYS_PER_MONTH) {
    notes.push(
      `median ${h.medianDaysToClose} days to close is longer than the ${months}-month period: much of this revenue lands after it`,
    );
  }
  const tier: Tier =
    h.won >= minWon ? 'proven' : h.opportunities > 0 || h.won > 0 ? 'emerging' : 'experimental';
  const plan: ChannelPlan = {
    channel: h.channel,
    tier,
    rank: 0,
    cac,
    ltv_to_cac: ltvToCac,
    velocity_days: h.medianDaysToClose,
    rates,
    revenue: null,
    deals: null,
    opportunities: null,
    sqls: null,
    mqls: null,
    leads: null,
    budget: null,
    budget_per_month: null,
    notes,
  };
  return { history: h, rates, plan };
}

/** CAC ascending, then LTV:CAC descending, then faster close; unknowns last, then by name. */
function compareChannels(a: Working, b: Working): number {
  return (
    nullsLast(a.plan.cac, b.plan.cac, 1) ||
    nullsLast(a.plan.ltv_to_cac, b.plan.ltv_to_cac, -1) ||
    nullsLast(a.plan.velocity_days, b.plan.velocity_days, 1) ||
    (a.plan.channel < b.plan.channel ? -1 : a.plan.channel > b.plan.channel ? 1 : 0)
  );
}

function nullsLast(a: number | null, b: number | null, direction: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a - b) * direction;
}

/** Proven channels get revenue by what they won; emerging by pipeline; experimental equally. */
function weightOf(c: Working, tier: Tier): number {
  if (tier === 'proven') return c.history.wonRevenue;
  if (tier === 'emerging') return c.history.opportunities * c.rates.deal_size.value;
  return 1;
}

function weightLabel(tier: Tier): string {
  return tier === 'proven' ? 'won revenue' : 'pipeline (opportunities × deal size)';
}

/** Walks the funnel backwards; each count rounds up at its own step. Money stays unrounded here. */
function waterfall(
  revenue: number,
  rates: FunnelRates,
  adjust: Required<ScenarioAdjust>,
  months: number,
): Waterfall {
  const need = (target: number, rate: Rate, multiplier = 1) =>
    ceilCount((target * rate.denominator) / (rate.numerator * multiplier));
  const deals = need(revenue, rates.deal_size, adjust.dealSize);
  const opportunities = need(deals, rates.win_rate, adjust.winRate);
  const sqls = need(opportunities, rates.opp_rate);
  const mqls = need(sqls, rates.sql_rate);
  const leads = need(mqls, rates.mql_rate, adjust.mqlRate);
  const budget =
    (leads * rates.cost_per_lead.numerator * adjust.costPerLead) / rates.cost_per_lead.denominator;
  return { revenue, deals, opportunities, sqls, mqls, leads, budget, budget_per_month: budget / months };
}

/** Ceil, except that 10.000000000000002 (floating noise on an exact 10) stays 10. */
function ceilCount(x: number): number {
  const nearest = Math.round(x);
  return Math.abs(x - nearest) <= 1e-9 * Math.max(1, Math.abs(x)) ? nearest : Math.ceil(x);
}

function scenario(
  s: { name: string; adjust: ScenarioAdjust },
  overall: FunnelRates,
  base: Waterfall,
  options: PlanOptions,
): ScenarioPlan {
  const adjust = { ...ONE, ...s.adjust };
  const w = waterfall(options.revenue, overall, adjust, options.periodMonths);
  const rates = {
    deal_size: money(overall.deal_size.value * adjust.dealSize),
    win_rate: overall.win_rate.value * adjust.winRate,
    mql_rate: overall.mql_rate.value * adjust.mqlRate,
    cost_per_lead: money(overall.cost_per_lead.value * adjust.costPerLead),
  };
  const notes: string[] = [];
  if (rates.win_rate > 1)
    notes.push(`win rate ${percent(rates.win_rate)} is above 100%: check the multiplier`);
  if (rates.mql_rate > 1)
    notes.push(`lead → MQL rate ${percent(rates.mql_rate)} is above 100%: check the multiplier`);
  return {
    name: s.name,
    adjust,
    rates,
    waterfall: outputWaterfall(w),
    // Subtract in whole cents so the delta matches the two budgets as shown.
    budget_delta: (Math.round(w.budget * 100) - Math.round(base.budget * 100)) / 100,
    notes,
  };
}

function overallRates(totals: Counts): FunnelRates {
  const missing = RATES.filter((r) => r.name !== 'cost_per_lead' && !(totals[r.numerator] > 0));
  if (missing.length > 0) {
    throw new Error(
      `cannot plan from history: across all channels ${missing.map((r) => `${FIELD_LABEL[r.numerator]} is 0 (${r.label} unknown)`).join(', ')}; import the missing funnel stages before planning`,
    );
  }
  const rates = {} as FunnelRates;
  for (const r of RATES) {
    const numerator = totals[r.numerator];
    const denominator = totals[r.denominator];
    rates[r.name] = { value: numerator / denominator, numerator, denominator, source: 'overall' };
  }
  return rates;
}

function checkInput(
  history: readonly ChannelHistory[],
  options: PlanOptions,
  split: Record<Tier, number>,
  minWon: number,
): void {
  if (!(Number.isFinite(options.revenue) && options.revenue > 0)) {
    throw new Error(`revenue target must be a number > 0 (got ${options.revenue})`);
  }
  if (!(Number.isFinite(options.periodMonths) && options.periodMonths > 0)) {
    throw new Error(`periodMonths must be a number > 0 (got ${options.periodMonths})`);
  }
  if (history.length === 0) throw new Error('history is empty: import channel costs and funnel counts first');
  for (const tier of TIERS) {
    if (!(Number.isFinite(split[tier]) && split[tier] >= 0)) {
      throw new Error(`split.${tier} must be a number between 0 and 1 (got ${split[tier]})`);
    }
  }
  const splitSum = split.proven + split.emerging + split.experimental;
  if (Math.abs(splitSum - 1) > 1e-9) {
    throw new Error(
      `split must sum to 1 (proven ${split.proven} + emerging ${split.emerging} + experimental ${split.experimental} = ${splitSum})`,
    );
  }
  if (!(Number.isFinite(minWon) && minWon > 0)) {
    throw new Error(`minWonForProven must be a number > 0 (got ${minWon})`);
  }
  const seen = new Set<string>();
  history.forEach((h, i) => {
    const where = `history[${i}] (channel "${h.channel}")`;
    if (!h.channel) throw new Error(`history[${i}]: channel name is empty`);
    if (seen.has(h.channel)) throw new Error(`${where}: channel appears twice; sum its rows first`);
    seen.add(h.channel);
    for (const field of COUNT_FIELDS) {
      if (!(Number.isFinite(h[field]) && h[field] >= 0)) {
        throw new Error(`${where}: ${field} must be a number ≥ 0 (got ${h[field]})`);
      }
    }
    for (const [field, value] of [
      ['medianDaysToClose', h.medianDaysToClose],
      ['ltv', h.ltv],
    ] as const) {
      if (value != null && !(Number.isFinite(value) && value >= 0)) {
        throw new Error(`${where}: ${field} must be a number ≥ 0 or null (got ${value})`);
      }
    }
  });
  const names = new Set<string>();
  for (const s of options.scenarios ?? []) {
    if (!s.name || names.has(s.name))
      throw new Error(`scenario names must be non-empty and unique (got "${s.name}")`);
    names.add(s.name);
    for (const [key, value] of Object.entries(s.adjust)) {
      if (!(Number.isFinite(value) && value > 0)) {
        throw new Error(`scenario "${s.name}": adjust.${key} must be a multiplier > 0 (got ${value})`);
      }
    }
  }
}

function sumCounts(history: readonly ChannelHistory[]): Counts {
  const totals = Object.fromEntries(COUNT_FIELDS.map((f) => [f, 0])) as Counts;
  for (const h of history) for (const f of COUNT_FIELDS) totals[f] += h[f];
  return totals;
}

function sumWaterfalls(channels: readonly ChannelPlan[], months: number): Waterfall {
  const t: Waterfall = {
    revenue: 0,
    deals: 0,
    opportunities: 0,
    sqls: 0,
    mqls: 0,
    leads: 0,
    budget: 0,
    budget_per_month: 0,
  };
  for (const c of channels) {
    for (const key of ['revenue', 'deals', 'opportunities', 'sqls', 'mqls', 'leads', 'budget'] as const) {
      t[key] += c[key] ?? 0;
    }
  }
  t.budget_per_month = t.budget / months;
  return t;
}

const money = (x: number) => Math.round(x * 100) / 100;

function outputWaterfall(w: Waterfall): Waterfall {
  return {
    ...w,
    revenue: money(w.revenue),
    budget: money(w.budget),
    budget_per_month: money(w.budget_per_month),
  };
}

function outputRate(name: RateName, r: Rate): Rate {
  if (!MONEY.has(name)) return r;
  return { ...r, value: money(r.value), numerator: money(r.numerator) };
}

function outputRates(rates: FunnelRates): FunnelRates {
  return Object.fromEntries(RATES.map(({ name }) => [name, outputRate(name, rates[name])])) as FunnelRates;
}

function outputChannel(c: ChannelPlan): ChannelPlan {
  const orNull = (x: number | null) => (x === null ? null : money(x));
  return {
    ...c,
    cac: orNull(c.cac),
    rates: outputRates(c.rates),
    revenue: orNull(c.revenue),
    budget: orNull(c.budget),
    budget_per_month: orNull(c.budget_per_month),
  };
}

function ratesList(scope: string, rates: FunnelRates): Assumption[] {
  return RATES.map(({ name }) => ({ scope, rate: name, ...outputRate(name, rates[name]) }));
}

function formatRate(name: RateName, r: Rate): string {
  const shown = MONEY.has(name) ? money(r.value).toFixed(2) : percent(r.value);
  return `${shown} (${money(r.numerator)}/${r.denominator})`;
}

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
