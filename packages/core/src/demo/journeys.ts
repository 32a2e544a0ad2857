/**
 * One person's (or one anonymous visitor's) whole story as a time-sorted list of actions: the
 * sessions before converting, the form fills, nurture clicks and webinars, and for hand-raisers the
 * sales funnel down to a closed deal. Built when the person arrives; anything after `end` is dropped.
 */

import { skipWeekend } from './calendar.ts';
import type { CampaignIndex } from './campaigns.ts';
import type { DemoAction } from './demo-world.ts';
import { dirtyFields } from './dirty-data.ts';
import {
  type Company,
  FIRST_NAMES,
  FREE_MAIL_DOMAINS,
  LAST_NAMES,
  NICKNAMES,
  type PersonName,
  personName,
  phoneFor,
  pickCompany,
  pickState,
  TITLES,
} from './people.ts';
import { Prng, weightedPicker } from './prng.ts';
import { CHANNEL_MIX, DAY, DEAL, DELAYS, HOUR, RATES, type SessionChannel } from './rates.ts';
import {
  browsePath,
  landingPath,
  makeTouch,
  makeVisit,
  type Touch,
  USER_AGENTS,
  urlWithParams,
} from './sessions.ts';

/** Why an action counts in the intent tally (a bit set). */
export const TAG = {
  person: 1,
  firstVisit: 2,
  anonymous: 4,
  freeMailDemo: 8,
  duplicate: 16,
  dirty: 32,
  handRaiser: 64,
};

export interface Scheduled {
  action: DemoAction;
  tags: number;
}

export interface JourneyContext {
  seed: number;
  end: number;
  campaigns: CampaignIndex;
  /** Generated companies people are drawn from (`companyCountFor`). */
  companies: number;
}

const channelBeforeKnown = weightedPicker<SessionChannel>({ ...CHANNEL_MIX, email: 0 });
const REJECT_REASONS = {
  no_budget: 3,
  bad_timing: 3,
  not_decision_maker: 2,
  competitor: 1,
  bad_data: 1,
  no_response: 3,
};
const CONTACT_ROLES = ['Economic Buyer', 'Technical Evaluator', 'Influencer', 'Decision Maker'] as const;

const clampDelay = (rng: Prng, [median, sigma]: readonly [number, number], min: number, max: number) =>
  Math.min(max, Math.max(min, Math.round(rng.lognormal(median, sigma))));

/** A visitor who browses 1–3 times and never fills a form. */
export function anonymousJourney(ctx: JourneyContext, index: number, arrival: number): Scheduled[] {
  const rng = new Prng(ctx.seed, 2 * index + 2);
  const visitorId = rng.uuid();
  const userAgent = rng.pick(USER_AGENTS);
  const out: Scheduled[] = [];
  const sessions = rng.chance(0.6) ? 1 : rng.chance(0.6) ? 2 : 3;
  let t = arrival;
  for (let s = 0; s < sessions && t <= ctx.end; s++) {
    const touch = makeTouch(channelBeforeKnown(rng), t, ctx.campaigns, rng);
    const paths = [landingPath(touch.channel, rng)];
    for (let n = rng.int(0, 3); n > 0; n--) paths.push(browsePath(rng));
    out.push({
      action: makeVisit(touch, t, paths, visitorId, userAgent, rng),
      tags: s === 0 ? TAG.firstVisit | TAG.anonymous : 0,
    });
    t += clampDelay(rng, DELAYS.sessionGap, HOUR, 30 * DAY);
  }
  return out;
}

interface Person {
  name: PersonName;
  company: Company;
  email: string;
  country: string;
  state: string | undefined;
  title: string;
  phone: string | undefined;
  visitorId: string | null;
  userAgent: string;
}

/**
 * A known person: sessions, then the first form fill at or before `latest` (so every intended
 * person becomes known), then whatever follows. `latest` is a little before `end`.
 */
export function personJourney(
  ctx: JourneyContext,
  index: number,
  arrival: number,
  latest: number,
): Scheduled[] {
  const rng = new Prng(ctx.seed, 2 * index + 1);
  const handRaiser = rng.chance(RATES.handRaiser);
  const freeMailDemo = !handRaiser && rng.chance(RATES.freeMailDemo / (1 - RATES.handRaiser));
  const person = makePerson(ctx, index, rng, !handRaiser && (freeMailDemo || rng.chance(0.2)), handRaiser);
  const out: Scheduled[] = [];

  // Sessions before converting: 1–6 (mostly 2–4), then squeezed into the time left when the person arrives late.
  const sessions = rng.chance(0.15) ? 1 : Math.min(6, 2 + Math.floor(-Math.log(1 - rng.next()) * 1.5));
  const gaps = Array.from({ length: sessions - 1 }, () => clampDelay(rng, DELAYS.sessionGap, HOUR, 20 * DAY));
  const span = gaps.reduce((a, b) => a + b, 0);
  const room = latest - arrival;
  const squeeze = span > room ? (room * rng.between(0.3, 0.95)) / span : 1;
  const firstForm: 'demo-request' | 'newsletter' =
    handRaiser && rng.chance(RATES.demoFirst) ? 'demo-request' : 'newsletter';
  let t = arrival;
  let touch: Touch | null = null;
  let pageUrl = urlWithParams(firstForm === 'demo-request' ? '/p/demo' : '/p/pricing', {});
  let pageViews = 0;
  for (let s = 0; s < sessions && person.visitorId !== null; s++) {
    const last = s === sessions - 1;
    const channel = s > 0 && rng.chance(0.4) ? 'direct' : channelBeforeKnown(rng);
    touch = makeTouch(channel, t, ctx.campaigns, rng);
    const paths = [landingPath(channel, rng)];
    // At most 15 page views in all: keep one for every later landing and one for the form page.
    const extra = Math.max(0, Math.min(rng.int(0, 3), 15 - pageViews - 1 - (sessions - s - 1) - 1));
    for (let n = 0; n < extra; n++) paths.push(browsePath(rng));
    if (last) paths.push(firstForm === 'demo-request' ? '/p/demo' : '/p/pricing');
    const visit = makeVisit(touch, t, paths, person.visitorId, person.userAgent, rng);
    pageViews += paths.length;
    out.push({ action: visit, tags: s === 0 ? TAG.firstVisit : 0 });
    if (last) {
      const lastView = visit.pageViews[visit.pageViews.length - 1]!;
      pageUrl = lastView.url;
      t = lastView.at;
    } else t += Math.round((gaps[s] as number) * squeeze);
  }
  const formAt = Math.min(latest + HOUR, t + rng.int(20_000, 180_000));
  out.push(
    form(
      person,
      firstForm,
      formAt,
      pageUrl,
      touch,
      rng,
      TAG.person | (firstForm === 'demo-request' ? TAG.handRaiser : 0),
    ),
  );
  let demoAt = firstForm === 'demo-request' ? formAt : Number.NaN;

  if (handRaiser && firstForm === 'newsletter') {
    demoAt = formAt + clampDelay(rng, DELAYS.laterDemo, HOUR, 60 * DAY);
    const later = makeTouch(rng.chance(0.5) ? 'direct' : 'email', demoAt, ctx.campaigns, rng);
    const visit = person.visitorId
      ? makeVisit(later, demoAt - 60_000, ['/p/demo'], person.visitorId, person.userAgent, rng)
      : null;
    if (visit) out.push({ action: visit, tags: 0 });
    out.push(
      form(
        person,
        'demo-request',
        demoAt,
        urlWithParams('/p/demo', later.params),
        later,
        rng,
        TAG.handRaiser,
      ),
    );
  }
  if (freeMailDemo) {
    const at = formAt + rng.int(60_000, 3 * DAY);
    out.push(form(person, 'demo-request', at, urlWithParams('/p/demo', {}), touch, rng, TAG.freeMailDemo));
  }
  if (rng.chance(RATES.duplicate))
    out.push(duplicate(person, handRaiser, formAt + clampDelay(rng, [20 * DAY, 0.6], DAY, 90 * DAY), rng));
  nurture(ctx, person, formAt, rng, out);
  if (!Number.isNaN(demoAt)) salesFunnel(person, demoAt, index, rng, out);

  const kept = out.filter((s) => s.action.at <= ctx.end);
  return kept.sort((a, b) => a.action.at - b.action.at);
}

function makePerson(
  ctx: JourneyContext,
  index: number,
  rng: Prng,
  freeMail: boolean,
  handRaiser: boolean,
): Person {
  const name = personName(index, ctx.seed);
  const company = pickCompany(rng, ctx.seed, ctx.companies);
  const country = company.country;
  const email = freeMail ? `${name.local}@${rng.pick(FREE_MAIL_DOMAINS)}` : `${name.local}@${company.domain}`;
  // A few newsletter readers are students or interns: the playbook disqualifies them.
  const title = !handRaiser && rng.chance(0.02) ? 'Marketing Intern' : rng.pick(TITLES);
  return {
    name,
    company,
    email,
    country,
    state: pickState(rng, country),
    title,
    phone: rng.chance(0.6) ? phoneFor(rng, country) : undefined,
    visitorId: rng.chance(RATES.trackingBlocked) ? null : rng.uuid(),
    userAgent: rng.pick(USER_AGENTS),
  };
}

function form(
  person: Person,
  formId: 'demo-request' | 'newsletter',
  at: number,
  pageUrl: string,
  touch: Touch | null,
  rng: Prng,
  tags: number,
  overrides: { email?: string; first_name?: string; visitorId?: string | null } = {},
): Scheduled {
  const first = overrides.first_name ?? person.name.first;
  const email = overrides.email ?? person.email;
  let fields: Record<string, string> =
    formId === 'newsletter'
      ? rng.chance(0.7)
        ? { email, first_name: first }
        : { email }
      : {
          email,
          first_name: first,
          last_name: person.name.last,
          company: person.company.name,
          title: person.title,
          country: person.country,
          ...(person.state ? { state: person.state } : {}),
          ...(person.phone ? { phone: person.phone } : {}),
        };
  if (rng.chance(RATES.dirty)) {
    fields = dirtyFields(fields, rng);
    tags |= TAG.dirty;
  }
  const visitorId = overrides.visitorId === undefined ? person.visitorId : overrides.visitorId;
  const tracking: Record<string, string> = { ...(touch?.params ?? {}), page_url: pageUrl };
  if (touch?.referrer) tracking.referrer = touch.referrer;
  if (visitorId) tracking.visitor_id = visitorId;
  return {
    action: { kind: 'form', at, visitorId, formId, fields, pageUrl, tracking, userAgent: person.userAgent },
    tags,
  };
}

/** The same person again: a plus-tagged address, or (on the company form) a nickname. */
function duplicate(person: Person, handRaiser: boolean, at: number, rng: Prng): Scheduled {
  const [local, domain] = person.email.split('@') as [string, string];
  const nick = NICKNAMES[person.name.first];
  const formId = handRaiser ? 'demo-request' : 'newsletter';
  const pageUrl = urlWithParams(handRaiser ? '/p/demo' : '/p/pricing', {});
  if (handRaiser && nick && rng.chance(0.6)) {
    // `bdoe@` never collides with another person's `first.last@`.
    const email = `${nick[0]!.toLowerCase()}${local.split('.')[1]}@${domain}`;
    return form(person, formId, at, pageUrl, null, rng, TAG.duplicate, {
      email,
      first_name: nick,
      visitorId: rng.uuid(),
    });
  }
  const email = `${local}+${rng.pick(['demo', 'news', 'nw'])}@${domain}`;
  return form(person, formId, at, pageUrl, null, rng, TAG.duplicate, { email, visitorId: rng.uuid() });
}

/** Newsletter clicks and webinar attendance after the person is known. */
function nurture(ctx: JourneyContext, person: Person, knownAt: number, rng: Prng, out: Scheduled[]): void {
  if (rng.chance(RATES.emailClick)) {
    for (let n = rng.int(1, 2); n > 0; n--) {
      const at = knownAt + rng.int(2 * DAY, 30 * DAY);
      const campaign = ctx.campaigns.latest('email', 'email', at, 10 * DAY);
      if (!campaign) continue;
      const props = {
        campaign: campaign.utmCampaign,
        utm_source: campaign.utm.source,
        utm_medium: campaign.utm.medium,
      };
      out.push({
        action: { kind: 'event', at, email: person.email, event: 'email_click', properties: props },
        tags: 0,
      });
      if (person.visitorId) {
        const touch: Touch = {
          channel: 'email',
          params: { ...props, utm_campaign: campaign.utmCampaign },
          referrer: null,
        };
        delete touch.params.campaign;
        out.push({
          action: makeVisit(
            touch,
            at + 20_000,
            ['/blog/speed-to-lead', '/pricing'],
            person.visitorId,
            person.userAgent,
            rng,
          ),
          tags: 0,
        });
      }
    }
  }
  if (rng.chance(RATES.webinar)) {
    const webinar = ctx.campaigns.upcoming('events', 'webinar', knownAt, 45 * DAY);
    const at = webinar ? webinar.endMs - DAY + 16 * HOUR : Number.NaN;
    if (webinar && at > knownAt) {
      const properties = {
        campaign: webinar.utmCampaign,
        utm_source: webinar.utm.source,
        utm_medium: webinar.utm.medium,
      };
      out.push({
        action: { kind: 'event', at, email: person.email, event: 'webinar_attended', properties },
        tags: 0,
      });
    }
  }
}

/** MQL → first touch → accept/reject → SQL → opportunity → closed. */
function salesFunnel(person: Person, mqlAt: number, index: number, rng: Prng, out: Scheduled[]): void {
  const event = (
    at: number,
    name: Extract<DemoAction, { kind: 'event' }>['event'],
    properties: Record<string, string | number> = {},
  ) => out.push({ action: { kind: 'event', at, email: person.email, event: name, properties }, tags: 0 });
  const touchAt = skipWeekend(mqlAt + clampDelay(rng, DELAYS.firstTouch, 5 * 60_000, 5 * DAY));
  event(touchAt, 'sales_touch', { activity: rng.chance(0.6) ? 'call' : 'email' });
  const decidedAt = touchAt + clampDelay(rng, DELAYS.accept, DAY, 3 * DAY);
  if (!rng.chance(RATES.accepted)) {
    event(decidedAt, 'mql_rejected', { reason: rng.weighted(REJECT_REASONS) });
    return;
  }
  event(decidedAt, 'mql_accepted');
  const sqlAt = decidedAt + clampDelay(rng, DELAYS.sql, 7 * DAY, 21 * DAY);
  for (let n = rng.int(1, 3); n > 0; n--) {
    event(rng.between(decidedAt, sqlAt), 'sales_touch', { activity: rng.pick(['call', 'email', 'meeting']) });
  }
  if (!rng.chance(RATES.sql)) return;
  event(sqlAt, 'sql_qualified');
  if (!rng.chance(RATES.opportunity)) return;
  const oppAt = sqlAt + clampDelay(rng, DELAYS.opportunity, HOUR, 7 * DAY);
  const enterprise = person.company.employees > 5000;
  const amount =
    Math.round(rng.lognormal(DEAL.median * (enterprise ? DEAL.enterpriseFactor : 1), DEAL.sigma) / 100) * 100;
  const externalId = `nw-opp-${index}`;
  const contacts = [{ email: person.email, role: 'Champion', primary: true }];
  for (let n = rng.int(0, 2); n > 0; n--) {
    // Colleagues use `first_last` addresses, which no generated person has.
    const first = rng.pick(FIRST_NAMES).toLowerCase();
    const last = rng.pick(LAST_NAMES).toLowerCase();
    contacts.push({
      email: `${first}_${last}${contacts.length}@${person.company.domain}`,
      role: rng.pick(CONTACT_ROLES),
      primary: false,
    });
  }
  out.push({
    action: {
      kind: 'opportunity',
      at: oppAt,
      externalId,
      name: `${person.company.name} — Northwind ${enterprise ? 'Enterprise' : 'Growth'}`,
      accountDomain: person.company.domain,
      amount,
      currency: 'USD',
      contacts,
    },
    tags: 0,
  });
  const closeAt = oppAt + clampDelay(rng, DELAYS.close, 30 * DAY, 120 * DAY);
  const won = rng.chance(RATES.won);
  out.push({ action: { kind: 'opportunity_closed', at: closeAt, externalId, won, amount }, tags: 0 });
}
