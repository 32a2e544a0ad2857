import { describe, expect, it } from 'vitest';
import { type ChannelHistory, type PlanOptions, planBudget } from './plan.ts';

const channel = (
  name: string,
  [cost, leads, mqls, sqls, opportunities, won, wonRevenue]: number[],
  medianDaysToClose: number | null = null,
  ltv: number | null = null,
): ChannelHistory => ({
  channel: name,
  cost: cost!,
  leads: leads!,
  mqls: mqls!,
  sqls: sqls!,
  opportunities: opportunities!,
  won: won!,
  wonRevenue: wonRevenue!,
  medianDaysToClose,
  ltv,
});

// Totals: cost 19000, leads 1700, MQLs 450, SQLs 160, opportunities 65, won 16, won revenue 180000.
const search = channel('search', [10000, 1000, 300, 100, 40, 10, 100000], 60, 30000);
const events = channel('events', [6000, 200, 100, 50, 20, 5, 75000], 90);
const social = channel('social', [2000, 400, 40, 10, 5, 1, 5000], 30);
const podcast = channel('podcast', [1000, 100, 10, 0, 0, 0, 0]);
const tiktok = channel('tiktok', [0, 0, 0, 0, 0, 0, 0]);
const history = [tiktok, podcast, social, events, search];
const options: PlanOptions = { revenue: 500000, periodMonths: 6 };

describe('planBudget: overall waterfall', () => {
  it('walks the funnel backwards from the revenue target, rounding each count up', () => {
    const plan = planBudget(history, options);
    // Deal size 180000/16 = 11250 → 44.4 → 45 deals; 45×65/16 = 182.8 → 183 opportunities;
    // 183×160/65 = 450.5 → 451 SQLs; 451×450/160 = 1268.4 → 1269 MQLs; 1269×1700/450 = 4794 leads exactly;
    // 4794 × 19000/1700 = 53580.
    expect(plan.overall.waterfall).toEqual({
      revenue: 500000,
      deals: 45,
      opportunities: 183,
      sqls: 451,
      mqls: 1269,
      leads: 4794,
      budget: 53580,
      budget_per_month: 8930,
    });
    expect(plan.overall.rates.deal_size).toEqual({
      value: 11250,
      numerator: 180000,
      denominator: 16,
      source: 'overall',
    });
    expect(plan.overall.rates.win_rate).toEqual({
      value: 16 / 65,
      numerator: 16,
      denominator: 65,
      source: 'overall',
    });
    expect(plan.overall.rates.cost_per_lead).toEqual({
      value: 11.18,
      numerator: 19000,
      denominator: 1700,
      source: 'overall',
    });
  });

  it('does not round 100.00000000000001 (floating noise on an exact count) up to 101', () => {
    // Deal size 1000 → 21 deals; win rate 3/10 × 0.7 = 0.21 → exactly 100 opportunities.
    const h = [channel('only', [100, 10, 10, 10, 10, 3, 3000])];
    const plan = planBudget(h, {
      revenue: 21000,
      periodMonths: 1,
      scenarios: [{ name: 'worse close', adjust: { winRate: 0.7 } }],
    });
    expect(plan.overall.waterfall.opportunities).toBe(70);
    expect(plan.scenarios[0]!.waterfall.opportunities).toBe(100);
  });

  it('rounds money to cents only at output', () => {
    // CPL 10/3: 4 leads cost 13.333… → 13.33; 4 months → 3.333… → 3.33 per month.
    const h = [channel('only', [10, 3, 3, 3, 3, 3, 300])];
    const plan = planBudget(h, { revenue: 400, periodMonths: 4 });
    expect(plan.overall.waterfall).toMatchObject({
      deals: 4,
      leads: 4,
      budget: 13.33,
      budget_per_month: 3.33,
    });
    expect(plan.overall.rates.cost_per_lead.value).toBe(3.33);
  });
});

describe('planBudget: channels and tiers', () => {
  const plan = planBudget(history, options);
  const byName = (name: string) => plan.channels.find((c) => c.channel === name)!;

  it('tiers channels and ranks them by CAC within a tier', () => {
    expect(plan.channels.map((c) => [c.channel, c.tier, c.rank])).toEqual([
      ['search', 'proven', 1],
      ['events', 'proven', 2],
      ['social', 'emerging', 1],
      ['podcast', 'experimental', 1],
      ['tiktok', 'experimental', 2],
    ]);
    expect(byName('search')).toMatchObject({ cac: 1000, ltv_to_cac: 30, velocity_days: 60 });
    expect(byName('events')).toMatchObject({ cac: 1200, ltv_to_cac: null, velocity_days: 90 });
    expect(byName('podcast').cac).toBeNull();
    expect(plan.tiers).toEqual([
      { tier: 'proven', share: 0.7, revenue: 350000, channels: ['search', 'events'] },
      { tier: 'emerging', share: 0.2, revenue: 100000, channels: ['social'] },
      { tier: 'experimental', share: 0.1, revenue: 50000, channels: ['podcast', 'tiktok'] },
    ]);
    expect(plan.notes).toEqual([]);
  });

  it("plans each channel from its own rates and share of its tier's revenue", () => {
    const volumes = (name: string) => {
      const c = byName(name);
      return [c.revenue, c.deals, c.opportunities, c.sqls, c.mqls, c.leads, c.budget, c.budget_per_month];
    };
    // Proven 350000 split by won revenue 100000:75000. search: deal 10000, win 10/40, opp 40/100,
    // SQL 100/300, MQL 300/1000, CPL 10.
    expect(volumes('search')).toEqual([200000, 20, 80, 200, 600, 2000, 20000, 3333.33]);
    expect(volumes('events')).toEqual([150000, 10, 40, 100, 200, 400, 12000, 2000]);
    // Emerging (only channel) 100000: deal 5000, win 1/5, opp 5/10, SQL 10/40, MQL 40/400, CPL 5.
    expect(volumes('social')).toEqual([100000, 20, 100, 200, 800, 8000, 40000, 6666.67]);
    // Experimental 50000 all to podcast (tiktok has no history): overall deal size, win and opp
    // rates and SQL rate (0 of 10 MQLs became SQLs); own MQL rate 10/100 and CPL 10.
    // 50000/11250 → 5; 5×65/16 → 21; 21×160/65 → 52; 52×450/160 → 147; 147×100/10 = 1470; ×10.
    expect(volumes('podcast')).toEqual([50000, 5, 21, 52, 147, 1470, 14700, 2450]);
    expect(volumes('tiktok')).toEqual([null, null, null, null, null, null, null, null]);
  });

  it('names every rate that fell back to the overall rate', () => {
    const podcastPlan = byName('podcast');
    expect(podcastPlan.rates.deal_size).toMatchObject({ value: 11250, source: 'overall' });
    expect(podcastPlan.rates.mql_rate).toEqual({
      value: 0.1,
      numerator: 10,
      denominator: 100,
      source: 'channel',
    });
    expect(podcastPlan.notes).toEqual([
      'deal size: no won deals in history, using the overall 11250.00 (180000/16)',
      'win rate: no opportunities in history, using the overall 24.6% (16/65)',
      'SQL → opportunity rate: no SQLs in history, using the overall 40.6% (65/160)',
      'MQL → SQL rate: 0 SQLs from 10 MQLs in history, using the overall 35.6% (160/450)',
    ]);
    expect(byName('search').notes).toEqual([]);
  });

  it('gives a channel with no leads no budget and says why', () => {
    const t = byName('tiktok');
    expect(t.budget).toBeNull();
    expect(t.notes).toEqual([
      'no history: 0 leads recorded, so cost per lead and conversion rates are unknown; it cannot be planned from history',
    ]);
    expect(plan.assumptions.some((a) => a.scope === 'tiktok')).toBe(false);
  });

  it('sums planned channels into totals and lists every rate used', () => {
    expect(plan.totals).toEqual({
      revenue: 500000,
      deals: 55,
      opportunities: 241,
      sqls: 552,
      mqls: 1747,
      leads: 11870,
      budget: 86700,
      budget_per_month: 14450,
    });
    expect(plan.assumptions).toHaveLength(6 * 5);
    expect(plan.assumptions).toContainEqual({
      scope: 'podcast',
      rate: 'win_rate',
      value: 16 / 65,
      numerator: 16,
      denominator: 65,
      source: 'overall',
    });
    expect(plan.assumptions).toContainEqual({
      scope: 'overall',
      rate: 'sql_rate',
      value: 160 / 450,
      numerator: 160,
      denominator: 450,
      source: 'overall',
    });
    expect(JSON.stringify(plan)).not.toMatch(/NaN|Infinity|null,"numerator"/);
  });

  it('breaks CAC ties by LTV:CAC, then by faster close', () => {
    const a = channel('a', [1000, 100, 50, 20, 10, 5, 50000], 90, 5000);
    const b = channel('b', [1000, 100, 50, 20, 10, 5, 50000], 90, 10000);
    const c = channel('c', [1000, 100, 50, 20, 10, 5, 50000], 30, 10000);
    const p = planBudget([a, b, c], options);
    expect(p.channels.map((x) => x.channel)).toEqual(['c', 'b', 'a']);
  });

  it('notes a sales cycle longer than the planning period', () => {
    const p = planBudget(history, { revenue: 500000, periodMonths: 2 });
    expect(p.channels.find((c) => c.channel === 'events')!.notes).toEqual([
      'median 90 days to close is longer than the 2-month period: much of this revenue lands after it',
    ]);
  });
});

describe('planBudget: tier fallbacks', () => {
  it('hands an empty tier its share down the list first', () => {
    const p = planBudget([search, podcast], options);
    expect(p.tiers.map((t) => [t.tier, t.revenue])).toEqual([
      ['proven', 350000],
      ['emerging', 0],
      ['experimental', 150000],
    ]);
    expect(p.notes).toEqual(['no emerging channels: its 20% share of the target goes to experimental']);
  });

  it('hands shares up when no tier below has channels', () => {
    const p = planBudget([search, events], options);
    expect(p.tiers.map((t) => t.revenue)).toEqual([500000, 0, 0]);
    expect(p.notes).toEqual([
      'no emerging channels: its 20% share of the target goes to proven',
      'no experimental channels: its 10% share of the target goes to proven',
    ]);
    expect(p.totals.revenue).toBe(500000);
  });

  it('passes a missing proven tier past an empty emerging tier', () => {
    const p = planBudget([podcast, channel('spare', [10, 10, 5, 5, 0, 0, 0]), search], {
      ...options,
      minWonForProven: 50,
    });
    // search has 10 wins < 50 → emerging; so proven is empty and hands its share to emerging.
    expect(p.tiers.map((t) => [t.tier, t.revenue])).toEqual([
      ['proven', 0],
      ['emerging', 450000],
      ['experimental', 50000],
    ]);
    expect(p.notes).toEqual([
      'no proven channels (≥ 50 won deals): its 70% share of the target goes to emerging',
    ]);
  });

  it('treats a tier whose only channels have no leads as empty', () => {
    const p = planBudget([search, social, tiktok], options);
    expect(p.tiers[2]).toMatchObject({ revenue: 0, channels: ['tiktok'] });
    expect(p.notes).toEqual([
      'no experimental channels with lead history: its 10% share of the target goes to emerging',
    ]);
    expect(p.tiers[1]!.revenue).toBe(150000);
  });

  it('splits emerging revenue by pipeline and experimental revenue equally', () => {
    // Overall deal size is now 105000/11. Emerging pipeline: social 5 opps × 5000 = 25000; other has
    // no wins, so 15 opps × 105000/11 = 143181.8…; emerging gets 20% of 1000000.
    const other = channel('other', [3000, 300, 60, 30, 15, 0, 0]);
    const radio = channel('radio', [500, 50, 5, 0, 0, 0, 0]);
    const p = planBudget([search, social, other, podcast, radio], { ...options, revenue: 1000000 });
    const revenue = (name: string) => p.channels.find((c) => c.channel === name)!.revenue;
    const otherPipeline = (15 * 105000) / 11;
    expect(revenue('social')).toBe(29729.73);
    expect(revenue('social')).toBe(money((200000 * 25000) / (25000 + otherPipeline)));
    expect(revenue('other')).toBe(170270.27);
    expect(revenue('podcast')).toBe(50000);
    expect(revenue('radio')).toBe(50000);
  });
});

const money = (x: number) => Math.round(x * 100) / 100;

describe('planBudget: scenarios', () => {
  it('reruns the overall waterfall with multiplied rates and reports the budget delta', () => {
    const p = planBudget(history, {
      ...options,
      scenarios: [
        { name: 'better close, cheaper leads', adjust: { winRate: 1.25, costPerLead: 0.9 } },
        { name: 'half-size deals', adjust: { dealSize: 0.5 } },
      ],
    });
    const [better, smaller] = p.scenarios;
    // 45 deals; 45×65/20 = 146.25 → 147; → 362 SQLs; → 1019 MQLs; 1019×1700/450 = 3849.6 → 3850 leads;
    // 3850 × 19000 × 0.9 / 1700 = 38726.47.
    expect(better).toEqual({
      name: 'better close, cheaper leads',
      adjust: { winRate: 1.25, dealSize: 1, costPerLead: 0.9, mqlRate: 1 },
      rates: { deal_size: 11250, win_rate: (16 / 65) * 1.25, mql_rate: 450 / 1700, cost_per_lead: 10.06 },
      waterfall: {
        revenue: 500000,
        deals: 45,
        opportunities: 147,
        sqls: 362,
        mqls: 1019,
        leads: 3850,
        budget: 38726.47,
        budget_per_month: 6454.41,
      },
      budget_delta: -14853.53,
      notes: [],
    });
    // Deal size 5625 → 89 deals → 362 opps → 892 SQLs → 2509 MQLs → 9479 leads → 9479 × 19000/1700 = 105941.76.
    expect(smaller!.waterfall).toMatchObject({
      deals: 89,
      opportunities: 362,
      leads: 9479,
      budget: 105941.76,
    });
    expect(smaller!.budget_delta).toBe(52361.76);
  });

  it('warns when a multiplier pushes a rate past 100%', () => {
    const p = planBudget(history, { ...options, scenarios: [{ name: 'wild', adjust: { winRate: 5 } }] });
    expect(p.scenarios[0]!.notes).toEqual(['win rate 123.1% is above 100%: check the multiplier']);
  });
});

describe('planBudget: bad input', () => {
  it.each<[string, ChannelHistory[], Partial<PlanOptions>, RegExp]>([
    ['zero revenue', history, { revenue: 0 }, /revenue target must be a number > 0 \(got 0\)/],
    ['negative period', history, { periodMonths: -1 }, /periodMonths must be a number > 0 \(got -1\)/],
    ['empty history', [], {}, /history is empty/],
    [
      'split not summing to 1',
      history,
      { split: { proven: 0.7, emerging: 0.2, experimental: 0.2 } },
      /split must sum to 1 \(proven 0.7 \+ emerging 0.2 \+ experimental 0.2 = 1.0999/,
    ],
    [
      'negative count',
      [channel('x', [1, 1, 1, 1, 1, -1, 1])],
      {},
      /history\[0\] \(channel "x"\): won must be a number ≥ 0 \(got -1\)/,
    ],
    ['NaN cost', [channel('x', [Number.NaN, 1, 1, 1, 1, 1, 1])], {}, /cost must be a number ≥ 0 \(got NaN\)/],
    ['duplicate channel', [search, search], {}, /history\[1\] \(channel "search"\): channel appears twice/],
    [
      'no wins anywhere',
      [podcast],
      {},
      /cannot plan from history: across all channels won revenue is 0 \(deal size unknown\), won deals is 0 \(win rate unknown\), opportunities is 0/,
    ],
    [
      'zero multiplier',
      history,
      { scenarios: [{ name: 's', adjust: { dealSize: 0 } }] },
      /scenario "s": adjust.dealSize must be a multiplier > 0/,
    ],
  ])('rejects %s', (_, h, overrides, message) => {
    expect(() => planBudget(h, { ...options, ...overrides })).toThrow(message);
  });

  it('accepts a split that sums to 1 up to floating error', () => {
    expect(() =>
      planBudget(history, { ...options, split: { proven: 0.1, emerging: 0.2, experimental: 0.7 } }),
    ).not.toThrow();
  });
});
