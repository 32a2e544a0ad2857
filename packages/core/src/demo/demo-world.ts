/**
 * The seeded world behind `mops demo`: Northwind Analytics' campaigns, costs and a stream of
 * visits, form fills, events and deals. Pure: the same options give byte-identical output.
 *
 * Rates and delays (all in rates.ts; tests check them statistically):
 * - Known people arrive (first session) uniformly over the last `months` months; 3 anonymous
 *   visitors per known person browse 1–3 times and never convert.
 * - Known people have 1–6 sessions (mostly 2–4; 2–15 page views in all) before their first form fill, sessions ~2 days
 *   apart (lognormal); 5% block tracking (no visits, forms without a visitor id). Everyone's first
 *   form fill happens before `end`, so `intended.people === options.people`.
 * - Session channels: paid_social 16% (LinkedIn, li_fat_id; some Facebook with fbclid), paid_search
 *   16% (google/cpc + gclid), organic_search 22% (google referrer, no utm), direct 14%, email 6%
 *   (only once known), events 5%, content_syndication 7% (techtarget), review_sites 6% (g2),
 *   referral 8%. Later sessions are direct 40% of the time.
 * - 12% of people are hand-raisers (demo request from a work email; half subscribe to the
 *   newsletter first and ask ~10 days later); 0.8% try the demo form with a free-mail address
 *   (rejected by the b2b form); 35% of people click a newsletter, 10% attend a webinar.
 * - Sales: first touch after ~2 business hours (lognormal, weekends skipped, tail to days); 70% of
 *   MQLs accepted after 1–3 days, the rest rejected with a reason; 55% of accepted become SQL after
 *   1–3 weeks; 60% of SQLs get an opportunity (1–3 contacts at the person's company domain) within
 *   a week; closed 30–120 days later, 25% won. Deal sizes lognormal around $24k, ×3 over 5,000
 *   employees.
 * - Dirty data in 8% of form fills; 3% of people come back as a duplicate (plus-tag email, or a
 *   nickname at the same company). Nothing after `end` is emitted.
 * - Memory: people arrive in time order (sorted uniform times drawn one at a time) and a min-heap
 *   holds one entry per live person, so memory follows the arrival rate, not `people`.
 */
import { monthsBefore } from './calendar.ts';
import { planCampaigns } from './campaigns.ts';
import { MinHeap } from './heap.ts';
import { anonymousJourney, type JourneyContext, personJourney, type Scheduled, TAG } from './journeys.ts';
import { companyCountFor } from './people.ts';
import { Prng } from './prng.ts';
import { HOUR, RATES } from './rates.ts';

export interface DemoOptions {
  /** Known people to create (1 .. 2,000,000). */
  people: number;
  /** History length in months (1 .. 36). */
  months: number;
  /** Same seed + options → byte-identical output. */
  seed: number;
  /** Epoch ms: "now", the end of the simulation; nothing happens after it. */
  end: number;
  reps: readonly { id: string; region: 'NA' | 'EMEA' | 'APAC' | 'ENTERPRISE' }[];
  /** The playbook's campaign registry; its campaigns get traffic but are not repeated in `campaigns`. */
  registryCampaigns: readonly {
    name: string;
    channel: string;
    type: string;
    start: string | null;
    end: string | null;
  }[];
  /** The naming convention's part values. */
  naming: { types: readonly string[]; regions: readonly string[] };
}

export interface DemoCampaign {
  name: string;
  utmCampaign: string;
  channel: string;
  type: string;
  region: string;
  ownerRepId: string;
  /** YYYY-MM-DD */
  start: string;
  end: string;
  budget: number;
  /** The raw values links carry; ~5% of campaigns use an alias or a non-conforming value. */
  utm: { source: string; medium: string };
}

export interface DemoCost {
  campaign: string;
  periodStart: string;
  periodEnd: string;
  amount: number;
  currency: 'USD';
}

export type DemoAction =
  | {
      kind: 'visit';
      at: number;
      visitorId: string;
      userAgent: string;
      pageViews: { at: number; url: string; title: string; referrer: string | null }[];
    }
  | {
      kind: 'form';
      at: number;
      visitorId: string | null;
      formId: 'demo-request' | 'newsletter';
      fields: Record<string, string>;
      pageUrl: string;
      tracking: Record<string, string>;
      userAgent: string;
    }
  | {
      kind: 'event';
      at: number;
      email: string;
      event:
        | 'webinar_attended'
        | 'email_click'
        | 'sales_touch'
        | 'mql_accepted'
        | 'mql_rejected'
        | 'sql_qualified';
      properties: Record<string, string | number>;
    }
  | {
      kind: 'opportunity';
      at: number;
      externalId: string;
      name: string;
      accountDomain: string;
      amount: number;
      currency: 'USD';
      contacts: { email: string; role: string; primary: boolean }[];
    }
  | { kind: 'opportunity_closed'; at: number; externalId: string; won: boolean; amount: number };

/** What the generator meant to happen, counted as actions stream out. */
export interface DemoIntent {
  people: number;
  visitors: number;
  anonymousVisitors: number;
  formFills: number;
  freeMailDemoRequests: number;
  duplicates: number;
  dirtyRecords: number;
  handRaisers: number;
  salesTouches: number;
  accepted: number;
  rejected: number;
  sqls: number;
  opportunities: number;
  won: number;
  lost: number;
  wonRevenue: number;
}

export interface DemoWorld {
  campaigns: DemoCampaign[];
  costs: DemoCost[];
  /** Non-decreasing `at`; streams with bounded memory. Each call starts over and recounts `intended`. */
  actions(): Generator<DemoAction>;
  /** Filled once `actions()` is exhausted. */
  intended: DemoIntent;
}

/** A test hook: the largest number of live journeys the heap held while streaming. */
export interface DemoProbe {
  maxPending: number;
}

const DAY_MS = 86_400_000;

export function demoWorld(options: DemoOptions, probe?: DemoProbe): DemoWorld {
  checkOptions(options);
  const windowStart = monthsBefore(options.end, options.months);
  const plan = planCampaigns(options, windowStart, new Prng(options.seed, 0x7fff_0001));
  const intended = emptyIntent();
  const ctx: JourneyContext = {
    seed: options.seed,
    end: options.end,
    campaigns: plan.index,
    companies: companyCountFor(options.people),
  };
  return {
    campaigns: plan.campaigns,
    costs: plan.costs,
    intended,
    actions: () => {
      Object.assign(intended, emptyIntent());
      return streamActions(ctx, options, windowStart, intended, probe);
    },
  };
}

interface Pending {
  at: number;
  seq: number;
  list: Scheduled[];
  next: number;
}

/**
 * Sorted arrival times, one at a time: the minimum of the `left` remaining uniform draws on
 * [from, 1) is `from + (1 - from)(1 - V^(1/left))`. Yields exactly `count` times in [start, stop].
 */
function* arrivals(count: number, start: number, stop: number, rng: Prng): Generator<number> {
  let u = 0;
  for (let left = count; left > 0; left--) {
    u += (1 - u) * (1 - (1 - rng.next()) ** (1 / left));
    yield start + Math.floor(u * (stop - start));
  }
}

function* streamActions(
  ctx: JourneyContext,
  options: DemoOptions,
  windowStart: number,
  intent: DemoIntent,
  probe: DemoProbe | undefined,
): Generator<DemoAction> {
  const rng = new Prng(options.seed, 0x7fff_0002);
  // Known people's first form is due by `latest`, an hour before the end.
  const latest = Math.max(windowStart, options.end - 2 * HOUR);
  const known = arrivals(options.people, windowStart, latest, rng);
  const anonymous = arrivals(
    Math.round(options.people * RATES.anonymousPerPerson),
    windowStart,
    options.end,
    rng,
  );
  let nextKnown = known.next();
  let nextAnon = anonymous.next();
  let knownIndex = 0;
  let anonIndex = 0;
  let seq = 0;
  const heap = new MinHeap<Pending>();
  const admit = (list: Scheduled[]) => {
    if (list.length === 0) return;
    heap.push({ at: list[0]!.action.at, seq: seq++, list, next: 0 });
    if (probe && heap.size > probe.maxPending) probe.maxPending = heap.size;
  };
  for (;;) {
    const top = heap.peek();
    const topAt = top ? top.at : Number.POSITIVE_INFINITY;
    if (!nextKnown.done && nextKnown.value <= topAt) {
      admit(personJourney(ctx, knownIndex++, nextKnown.value, latest));
      nextKnown = known.next();
      continue;
    }
    if (!nextAnon.done && nextAnon.value <= topAt) {
      admit(anonymousJourney(ctx, anonIndex++, nextAnon.value));
      nextAnon = anonymous.next();
      continue;
    }
    if (!top) return;
    const item = top.list[top.next++]!;
    if (top.next < top.list.length) {
      top.at = top.list[top.next]!.action.at;
      top.seq = seq++;
      heap.topChanged();
    } else heap.pop();
    count(intent, item);
    yield item.action;
  }
}

function count(intent: DemoIntent, { action, tags }: Scheduled): void {
  if (tags & TAG.person) intent.people++;
  if (tags & TAG.firstVisit) {
    intent.visitors++;
    if (tags & TAG.anonymous) intent.anonymousVisitors++;
  }
  if (tags & TAG.freeMailDemo) intent.freeMailDemoRequests++;
  if (tags & TAG.duplicate) intent.duplicates++;
  if (tags & TAG.dirty) intent.dirtyRecords++;
  if (tags & TAG.handRaiser) intent.handRaisers++;
  switch (action.kind) {
    case 'form':
      intent.formFills++;
      break;
    case 'event':
      if (action.event === 'sales_touch') intent.salesTouches++;
      else if (action.event === 'mql_accepted') intent.accepted++;
      else if (action.event === 'mql_rejected') intent.rejected++;
      else if (action.event === 'sql_qualified') intent.sqls++;
      break;
    case 'opportunity':
      intent.opportunities++;
      break;
    case 'opportunity_closed':
      if (action.won) {
        intent.won++;
        intent.wonRevenue += action.amount;
      } else intent.lost++;
      break;
  }
}

function emptyIntent(): DemoIntent {
  return {
    people: 0,
    visitors: 0,
    anonymousVisitors: 0,
    formFills: 0,
    freeMailDemoRequests: 0,
    duplicates: 0,
    dirtyRecords: 0,
    handRaisers: 0,
    salesTouches: 0,
    accepted: 0,
    rejected: 0,
    sqls: 0,
    opportunities: 0,
    won: 0,
    lost: 0,
    wonRevenue: 0,
  };
}

function checkOptions(o: DemoOptions): void {
  const fail = (what: string, fix: string) => {
    throw new Error(`demo: ${what}; ${fix}`);
  };
  if (!Number.isInteger(o.people) || o.people < 1 || o.people > 2_000_000)
    fail(`people is ${o.people}`, 'give a whole number from 1 to 2,000,000');
  if (!Number.isInteger(o.months) || o.months < 1 || o.months > 36)
    fail(`months is ${o.months}`, 'give a whole number from 1 to 36');
  if (!Number.isSafeInteger(o.seed)) fail(`seed is ${o.seed}`, 'give a whole number, e.g. 42');
  if (!Number.isFinite(o.end) || o.end < 36 * 31 * DAY_MS)
    fail(
      `end is ${o.end}`,
      'give the simulation end as milliseconds since the epoch, e.g. Date.parse("2026-12-01")',
    );
  if (o.reps.length === 0) fail('there are no reps', 'list the playbook reps (campaigns need owners)');
  const badRep = o.reps.find((r) => !['NA', 'EMEA', 'APAC', 'ENTERPRISE'].includes(r.region));
  if (badRep) fail(`rep ${badRep.id} has region ${badRep.region}`, 'use NA, EMEA, APAC or ENTERPRISE');
  if (o.naming.types.length === 0) fail('naming.types is empty', 'give the convention type values');
  if (o.naming.regions.length === 0) fail('naming.regions is empty', 'give the convention region values');
  for (const c of o.registryCampaigns) {
    for (const date of [c.start, c.end]) {
      if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date))
        fail(`registry campaign ${c.name} has date "${date}"`, 'write dates as YYYY-MM-DD or null');
    }
  }
}
