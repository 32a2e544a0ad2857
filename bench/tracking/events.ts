// Realistic tracking batches: page views of many browsers with the sources a B2B site sees —
// LinkedIn and Google ads with UTMs and click ids, organic search, a newsletter, partners, direct.
import { randomUUID } from 'node:crypto';

const SITE = 'https://www.northwind.example';
const PAGES = [
  '/',
  '/p/demo',
  '/p/pricing',
  '/blog/pipeline-benchmarks',
  '/customers',
  '/docs/routing',
  '/careers',
];
const SOURCES = [
  {
    query:
      'utm_source=LinkedIn&utm_medium=Paid-Social&utm_campaign=2026-11_paid_social_na_demo-push&li_fat_id=x1',
    referrer: 'https://www.linkedin.com/',
  },
  {
    query: 'utm_source=google&utm_medium=cpc&utm_campaign=2026-11_paid_search_na_brand&gclid=Cj0KCQ',
    referrer: 'https://www.google.com/',
  },
  { query: '', referrer: 'https://www.google.com/' },
  {
    query: 'utm_source=newsletter&utm_medium=email&utm_campaign=2026-11_email_global_monthly-newsletter',
    referrer: '',
  },
  { query: 'utm_source=techtarget&utm_medium=syndication', referrer: 'https://www.techtarget.com/' },
  { query: '', referrer: 'https://news.ycombinator.com/' },
  { query: '', referrer: '' },
];

export interface TrackingRow {
  visitorId: string;
  event: Record<string, unknown>;
}

/** One batch of `size` events spread over `visitors` (a relay's batch: each event names its browser). */
export function trackingBatch(visitors: readonly string[], size: number, seed: number): string {
  const events = [];
  for (let i = 0; i < size; i++) {
    const n = seed * size + i;
    const visitor = visitors[(n * 7919) % visitors.length] as string;
    const source = SOURCES[n % SOURCES.length] as (typeof SOURCES)[number];
    const page = PAGES[(n * 31) % PAGES.length] as string;
    const url = `${SITE}${page}${source.query ? `?${source.query}` : ''}`;
    events.push({
      event_id: randomUUID(),
      visitor_id: visitor,
      session_id: visitor,
      type: 'page_view',
      ts: Date.now(),
      url,
      path: page,
      title: `Northwind — ${page}`,
      referrer: source.referrer,
    });
  }
  return JSON.stringify({
    v: 1,
    batch_id: randomUUID(),
    visitor_id: visitors[0],
    sent_at: Date.now(),
    events,
  });
}
