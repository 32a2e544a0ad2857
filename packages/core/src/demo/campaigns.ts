/**
 * The demo's campaigns: a realistic calendar of paid social, paid search, syndication, ebooks,
 * webinars, events and monthly newsletters inside the simulated months, named by the playbook's
 * convention, with monthly cost rows. `CampaignIndex` finds the campaigns running on a day for a
 * session's channel (registry campaigns from the playbook included, so their links get traffic).
 */
import { isoDate, monthStart, nextMonthStart, parseIsoDate, startOfDay } from './calendar.ts';
import type { DemoCampaign, DemoCost, DemoOptions } from './demo-world.ts';
import type { Prng } from './prng.ts';
import { DAY, RATES } from './rates.ts';

interface TypeProfile {
  channel: string;
  /** Expected campaigns per month and region-slot. */
  perMonth: number;
  days: [number, number];
  /** Budget per 30 days of running, in dollars. */
  monthlyBudget: [number, number];
  utm: { source: string; medium: string };
  slugs: readonly string[];
}

/** Types of the playbook's convention; a convention type not listed here gets no generated campaigns. */
export const TYPE_PROFILES: Readonly<Record<string, TypeProfile>> = {
  paid_social: {
    channel: 'paid_social',
    perMonth: 2,
    days: [21, 45],
    monthlyBudget: [6000, 20000],
    utm: { source: 'linkedin', medium: 'paid_social' },
    slugs: [
      'demo-push',
      'ops-leaders',
      'revops-retargeting',
      'funnel-visibility',
      'abm-tier1',
      'lead-gen-form',
    ],
  },
  paid_search: {
    channel: 'paid_search',
    perMonth: 1.2,
    days: [30, 90],
    monthlyBudget: [3000, 9000],
    utm: { source: 'google', medium: 'cpc' },
    slugs: ['brand', 'competitor-terms', 'lead-scoring', 'attribution-software', 'marketing-ops'],
  },
  content_syndication: {
    channel: 'content_syndication',
    perMonth: 0.6,
    days: [28, 56],
    monthlyBudget: [5000, 15000],
    utm: { source: 'techtarget', medium: 'content_syndication' },
    slugs: ['revops-guide', 'mql-playbook', 'routing-checklist', 'data-hygiene-kit'],
  },
  ebook: {
    channel: 'content_syndication',
    perMonth: 0.4,
    days: [42, 70],
    monthlyBudget: [3000, 12000],
    utm: { source: 'techtarget', medium: 'content_syndication' },
    slugs: ['pipeline-benchmarks', 'attribution-ebook', 'state-of-mops', 'lead-scoring-guide'],
  },
  webinar: {
    channel: 'events',
    perMonth: 1.2,
    days: [7, 21],
    monthlyBudget: [1000, 4000],
    utm: { source: 'linkedin', medium: 'webinar' },
    slugs: ['ai-ops', 'speed-to-lead', 'attribution-101', 'funnel-clinic', 'routing-live'],
  },
  event: {
    channel: 'events',
    perMonth: 0.35,
    days: [2, 3],
    monthlyBudget: [150000, 400000],
    utm: { source: 'acme_partners', medium: 'event' },
    slugs: ['revops-summit', 'saastr-booth', 'mops-meetup', 'cmo-dinner'],
  },
  email: {
    channel: 'email',
    perMonth: 1,
    days: [1, 1],
    monthlyBudget: [0, 9000],
    utm: { source: 'newsletter', medium: 'email' },
    slugs: ['monthly-newsletter', 'product-update', 'nurture-digest'],
  },
};

/** What links say instead of the canonical value: aliases the playbook maps, and a few it does not. */
const UTM_VARIANTS: Readonly<Record<string, readonly { source?: string; medium?: string }[]>> = {
  paid_social: [
    { source: 'LinkedIn', medium: 'Paid-Social' },
    { source: 'linkedin.com' },
    { medium: 'sponsored' },
    { source: 'LinkedIn Ads' },
  ],
  paid_search: [
    { source: 'adwords' },
    { medium: 'ppc' },
    { source: 'google_ads', medium: 'paid_search' },
    { medium: 'search-ads' },
  ],
  content_syndication: [{ medium: 'syndication' }, { source: 'TechTarget', medium: 'content-synd' }],
  events: [{ medium: 'events' }, { medium: 'conference' }, { source: 'partner_acme' }],
  email: [{ source: 'mailchimp', medium: 'e-mail' }, { source: 'hs_email' }, { medium: 'Newsletter Email' }],
};

export interface IndexedCampaign {
  name: string;
  utmCampaign: string;
  channel: string;
  type: string;
  utm: { source: string; medium: string };
  startMs: number;
  /** Exclusive: midnight after the last day. */
  endMs: number;
}

export interface CampaignPlan {
  campaigns: DemoCampaign[];
  costs: DemoCost[];
  index: CampaignIndex;
}

export function planCampaigns(options: DemoOptions, windowStart: number, rng: Prng): CampaignPlan {
  const firstDay = startOfDay(windowStart);
  const lastDay = startOfDay(options.end);
  const names = new Set(options.registryCampaigns.map((c) => c.name));
  const campaigns: DemoCampaign[] = [];
  for (let month = monthStart(firstDay); month <= lastDay; month = nextMonthStart(month)) {
    const monthEnd = nextMonthStart(month) - DAY;
    for (const type of options.naming.types) {
      const profile = TYPE_PROFILES[type];
      if (!profile) continue;
      const count = Math.floor(profile.perMonth) + (rng.chance(profile.perMonth % 1) ? 1 : 0);
      for (let i = 0; i < count; i++) {
        const from = Math.max(firstDay, month);
        const to = Math.min(lastDay, monthEnd);
        if (from > to) continue;
        const start = from + rng.int(0, Math.round((to - from) / DAY)) * DAY;
        const end = Math.min(lastDay, start + (rng.int(profile.days[0], profile.days[1]) - 1) * DAY);
        campaigns.push(makeCampaign(options, type, profile, start, end, names, rng));
      }
    }
  }
  return {
    campaigns,
    costs: campaigns.flatMap(costsOf),
    index: new CampaignIndex(campaigns, options, firstDay, lastDay),
  };
}

function makeCampaign(
  options: DemoOptions,
  type: string,
  profile: TypeProfile,
  start: number,
  end: number,
  names: Set<string>,
  rng: Prng,
): DemoCampaign {
  const regions = options.naming.regions;
  const region = type === 'email' && regions.includes('global') ? 'global' : rng.pick(regions);
  const base = `${isoDate(start).slice(0, 7)}_${type}_${region}_${rng.pick(profile.slugs)}`;
  let name = base;
  for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
  names.add(name);
  const days = Math.round((end - start) / DAY) + 1;
  const perMonth = rng.between(profile.monthlyBudget[0], profile.monthlyBudget[1]);
  // Events are priced per event, emails per send: the "monthly" figure is scaled down for them.
  const scale = type === 'event' ? 0.1 : type === 'email' ? (rng.chance(0.5) ? 0 : 0.05) : days / 30;
  const budget = Math.round((perMonth * scale) / 100) * 100;
  return {
    name,
    utmCampaign: name,
    channel: profile.channel,
    type,
    region,
    ownerRepId: ownerFor(options, type, region, rng),
    start: isoDate(start),
    end: isoDate(end),
    budget,
    utm: rng.chance(RATES.utmAlias) ? aliasUtm(profile, rng) : { ...profile.utm },
  };
}

function aliasUtm(profile: TypeProfile, rng: Prng): { source: string; medium: string } {
  const variants = UTM_VARIANTS[profile.channel];
  if (!variants) return { ...profile.utm };
  const variant = rng.pick(variants);
  return { source: variant.source ?? profile.utm.source, medium: variant.medium ?? profile.utm.medium };
}

const REP_REGION: Readonly<Record<string, string>> = { na: 'NA', emea: 'EMEA', apac: 'APAC' };

function ownerFor(options: DemoOptions, type: string, region: string, rng: Prng): string {
  const wanted = type === 'event' ? 'ENTERPRISE' : REP_REGION[region];
  const matching = options.reps.filter((r) => r.region === wanted);
  return rng.pick(matching.length > 0 ? matching : options.reps).id;
}

/** One row per calendar month the campaign ran, the budget split by days; the rows add up to it. */
export function costsOf(campaign: DemoCampaign): DemoCost[] {
  if (campaign.budget <= 0) return [];
  const start = parseIsoDate(campaign.start);
  const end = parseIsoDate(campaign.end);
  const totalDays = Math.round((end - start) / DAY) + 1;
  const costs: DemoCost[] = [];
  let spent = 0;
  for (let month = monthStart(start); month <= end; month = nextMonthStart(month)) {
    const from = Math.max(start, month);
    const to = Math.min(end, nextMonthStart(month) - DAY);
    const days = Math.round((to - from) / DAY) + 1;
    const isLast = to === end;
    const amount = isLast
      ? campaign.budget - spent
      : Math.round((campaign.budget * days * 100) / totalDays) / 100;
    spent = Math.round((spent + amount) * 100) / 100;
    costs.push({
      campaign: campaign.name,
      periodStart: isoDate(from),
      periodEnd: isoDate(to),
      amount: Math.round(amount * 100) / 100,
      currency: 'USD',
    });
  }
  return costs;
}

const WEEK = 7 * DAY;

/** Campaigns by session channel, bucketed by week so a lookup scans a handful. */
export class CampaignIndex {
  private readonly buckets = new Map<string, IndexedCampaign[][]>();
  private readonly origin: number;

  constructor(generated: readonly DemoCampaign[], options: DemoOptions, firstDay: number, lastDay: number) {
    this.origin = firstDay;
    const all: IndexedCampaign[] = generated.map((c) => ({
      name: c.name,
      utmCampaign: c.utmCampaign,
      channel: c.channel,
      type: c.type,
      utm: c.utm,
      startMs: parseIsoDate(c.start),
      endMs: parseIsoDate(c.end) + DAY,
    }));
    for (const c of options.registryCampaigns) {
      const startMs = c.start === null ? firstDay : parseIsoDate(c.start);
      const endMs = c.end === null ? lastDay + DAY : parseIsoDate(c.end) + DAY;
      if (endMs <= firstDay || startMs > lastDay) continue;
      const profile = TYPE_PROFILES[c.type];
      const utm = profile?.utm ?? { source: 'linkedin', medium: c.channel };
      all.push({ name: c.name, utmCampaign: c.name, channel: c.channel, type: c.type, utm, startMs, endMs });
    }
    for (const c of all) {
      const list = this.buckets.get(c.channel) ?? [];
      this.buckets.set(c.channel, list);
      const from = Math.max(0, Math.floor((c.startMs - firstDay) / WEEK));
      const to = Math.floor((Math.min(c.endMs, lastDay + DAY) - 1 - firstDay) / WEEK);
      for (let w = from; w <= to; w++) {
        const bucket = list[w] ?? [];
        bucket.push(c);
        list[w] = bucket;
      }
    }
  }

  /** The campaigns of `channel` running at `at` (optionally only of one type). */
  active(channel: string, at: number, type?: string): IndexedCampaign[] {
    const bucket = this.buckets.get(channel)?.[Math.floor((at - this.origin) / WEEK)];
    if (!bucket) return [];
    return bucket.filter((c) => c.startMs <= at && at < c.endMs && (type === undefined || c.type === type));
  }

  /** The latest campaign of `channel`/`type` that started in [at - lookBack, at]. */
  latest(channel: string, type: string, at: number, lookBack: number): IndexedCampaign | undefined {
    let best: IndexedCampaign | undefined;
    for (let t = at; t >= at - lookBack; t -= WEEK) {
      const bucket = this.buckets.get(channel)?.[Math.floor((t - this.origin) / WEEK)] ?? [];
      for (const c of bucket) {
        if (
          c.type === type &&
          c.startMs <= at &&
          c.startMs >= at - lookBack &&
          (!best || c.startMs > best.startMs)
        )
          best = c;
      }
    }
    return best;
  }

  /** The next campaign of `channel`/`type` that ends within [at, at + lookAhead]. */
  upcoming(channel: string, type: string, at: number, lookAhead: number): IndexedCampaign | undefined {
    for (let t = at; t <= at + lookAhead + WEEK; t += WEEK) {
      const bucket = this.buckets.get(channel)?.[Math.floor((t - this.origin) / WEEK)] ?? [];
      const found = bucket.find((c) => c.type === type && c.endMs > at && c.endMs <= at + lookAhead);
      if (found) return found;
    }
    return undefined;
  }
}
