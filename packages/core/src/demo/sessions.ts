/**
 * One visit (a tracking batch) of the demo: where it came from (UTMs, click ids and referrer that
 * the first page's URL and `document.referrer` carry) and which pages it saw.
 */
import type { CampaignIndex, IndexedCampaign } from './campaigns.ts';
import type { DemoAction } from './demo-world.ts';
import type { Prng } from './prng.ts';
import { DELAYS, type SessionChannel } from './rates.ts';

export const BASE_URL = 'https://www.northwind.example';

const BLOG = [
  'speed-to-lead',
  'mql-vs-sql',
  'attribution-models-explained',
  'lead-routing-rules',
  'utm-governance',
  'b2b-funnel-benchmarks',
  'data-hygiene-checklist',
  'revops-org-chart',
] as const;

const TITLES: Readonly<Record<string, string>> = {
  '/': 'Northwind Analytics — See your whole funnel',
  '/pricing': 'Pricing — Northwind Analytics',
  '/p/demo': 'Request a demo — Northwind Analytics',
  '/p/pricing': 'Pricing — Northwind Analytics',
};

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
] as const;

const REFERRAL_SITES = [
  'https://www.marketingops.example/blog/best-revops-tools',
  'https://news.ycombinator.com/',
  'https://www.reddit.com/r/marketing/',
  'https://partners.acme.example/integrations',
] as const;

/** Where a session came from: what the landing URL's query and the referrer say. */
export interface Touch {
  channel: SessionChannel;
  /** utm_* and click-id parameters, in URL order. */
  params: Record<string, string>;
  referrer: string | null;
}

function campaignParams(campaign: IndexedCampaign, rng: Prng): Record<string, string> {
  const params: Record<string, string> = {
    utm_source: campaign.utm.source,
    utm_medium: campaign.utm.medium,
    utm_campaign: campaign.utmCampaign,
  };
  if (rng.chance(0.4))
    params.utm_content = rng.pick(['carousel-a', 'video-15s', 'single-image', 'text-ad', 'hero-cta']);
  return params;
}

/** The touch of a session of `channel` at `at`; campaign channels fall back to their default source. */
export function makeTouch(channel: SessionChannel, at: number, index: CampaignIndex, rng: Prng): Touch {
  switch (channel) {
    case 'paid_social': {
      const campaign = pickActive(index, 'paid_social', at, rng);
      const params = campaign
        ? campaignParams(campaign, rng)
        : { utm_source: 'linkedin', utm_medium: 'paid_social' };
      const facebook = params.utm_source === 'facebook' || (!campaign && rng.chance(0.15));
      if (facebook) {
        params.utm_source = 'facebook';
        params.fbclid = `IwAR${rng.token(40)}`;
        return { channel, params, referrer: 'https://m.facebook.com/' };
      }
      if (rng.chance(0.8)) params.li_fat_id = rng.uuid();
      return { channel, params, referrer: 'https://www.linkedin.com/' };
    }
    case 'paid_search': {
      const campaign = pickActive(index, 'paid_search', at, rng);
      const params = campaign ? campaignParams(campaign, rng) : { utm_source: 'google', utm_medium: 'cpc' };
      params.utm_term = rng.pick([
        'marketing attribution software',
        'lead routing',
        'northwind analytics',
        'mql scoring',
      ]);
      params.gclid = `Cj0KCQ${rng.token(42)}`;
      return { channel, params, referrer: 'https://www.google.com/' };
    }
    case 'organic_search':
      return {
        channel,
        params: {},
        referrer: rng.chance(0.9) ? 'https://www.google.com/' : 'https://www.bing.com/',
      };
    case 'direct':
      return { channel, params: {}, referrer: null };
    case 'email': {
      const campaign =
        index.latest('email', 'email', at, 30 * 86_400_000) ?? pickActive(index, 'email', at, rng);
      return {
        channel,
        params: campaign ? campaignParams(campaign, rng) : { utm_source: 'newsletter', utm_medium: 'email' },
        referrer: null,
      };
    }
    case 'events': {
      const campaign = pickActive(index, 'events', at, rng);
      const params = campaign
        ? campaignParams(campaign, rng)
        : { utm_source: 'linkedin', utm_medium: 'webinar' };
      return { channel, params, referrer: null };
    }
    case 'content_syndication': {
      const campaign = pickActive(index, 'content_syndication', at, rng);
      const params = campaign
        ? campaignParams(campaign, rng)
        : { utm_source: 'techtarget', utm_medium: 'content_syndication' };
      return { channel, params, referrer: 'https://www.techtarget.com/' };
    }
    case 'review_sites':
      return rng.chance(0.5)
        ? { channel, params: { utm_source: 'g2', utm_medium: 'referral' }, referrer: 'https://www.g2.com/' }
        : { channel, params: {}, referrer: 'https://www.g2.com/products/northwind-analytics/reviews' };
    case 'referral':
      return { channel, params: {}, referrer: rng.pick(REFERRAL_SITES) };
  }
}

function pickActive(
  index: CampaignIndex,
  channel: string,
  at: number,
  rng: Prng,
): IndexedCampaign | undefined {
  const active = index.active(channel, at);
  return active.length > 0 ? rng.pick(active) : undefined;
}

/** A landing page that suits the channel. */
export function landingPath(channel: SessionChannel, rng: Prng): string {
  if (channel === 'organic_search' || channel === 'email' || channel === 'referral') return blogPath(rng);
  if (channel === 'paid_social' || channel === 'content_syndication')
    return rng.chance(0.5) ? '/p/demo' : blogPath(rng);
  if (channel === 'paid_search') return rng.pick(['/', '/pricing', '/p/demo']);
  return rng.pick(['/', '/', '/pricing']);
}

export function blogPath(rng: Prng): string {
  return `/blog/${rng.pick(BLOG)}`;
}

/** Pages a visitor browses after landing. */
export function browsePath(rng: Prng): string {
  return rng.pick(['/', '/pricing', '/pricing', '/p/pricing', blogPath(rng)]);
}

const PAGE_TITLES = new Map<string, string>([
  ...Object.entries(TITLES),
  ...BLOG.map((slug): [string, string] => [`/blog/${slug}`, `${slug.replace(/-/g, ' ')} — Northwind blog`]),
]);

export function pageTitle(path: string): string {
  return PAGE_TITLES.get(path) ?? 'Northwind Analytics';
}

const URL_SAFE = /^[A-Za-z0-9._~-]*$/;

export function urlWithParams(path: string, params: Record<string, string>): string {
  let query = '';
  for (const key in params) {
    const value = params[key] as string;
    query += `${query ? '&' : '?'}${key}=${URL_SAFE.test(value) ? value : encodeURIComponent(value)}`;
  }
  return `${BASE_URL}${path}${query}`;
}

/** A page gap: lognormal around 45 s, capped well under the 30-minute session timeout. */
export function pageGap(rng: Prng): number {
  return Math.min(
    10 * 60_000,
    Math.max(3_000, Math.round(rng.lognormal(DELAYS.pageGap[0], DELAYS.pageGap[1]))),
  );
}

/** A visit action over `paths`, starting at `at`, the first URL carrying the touch. */
export function makeVisit(
  touch: Touch,
  at: number,
  paths: readonly string[],
  visitorId: string,
  userAgent: string,
  rng: Prng,
): Extract<DemoAction, { kind: 'visit' }> {
  const pageViews: { at: number; url: string; title: string; referrer: string | null }[] = [];
  let t = at;
  let referrer = touch.referrer;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    const url = i === 0 ? urlWithParams(path, touch.params) : `${BASE_URL}${path}`;
    pageViews.push({ at: t, url, title: pageTitle(path), referrer });
    referrer = url;
    t += pageGap(rng);
  }
  return { kind: 'visit', at, visitorId, userAgent, pageViews };
}
