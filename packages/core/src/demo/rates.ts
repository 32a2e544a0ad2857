/**
 * The demo world's rates and delays in one place (summarised at the top of demo-world.ts). Tests
 * check the streamed counts against these numbers, so change them here and nowhere else.
 */
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const RATES = {
  /** Anonymous visitors who never fill a form, per known person. */
  anonymousPerPerson: 3,
  /** Known people who request a demo from a work email (hand-raisers → MQL). */
  handRaiser: 0.12,
  /** Of hand-raisers, those whose first form is the demo request (the rest subscribe first). */
  demoFirst: 0.5,
  /** Known people who (also) try to request a demo from a free-mail address; the b2b form rejects it. */
  freeMailDemo: 0.008,
  /** MQLs the rep accepts; the rest are rejected with a reason. */
  accepted: 0.7,
  /** Accepted MQLs that become SQLs. */
  sql: 0.55,
  /** SQLs that get an opportunity. */
  opportunity: 0.6,
  /** Closed opportunities that are won. */
  won: 0.25,
  /** People who come back as a duplicate (plus-tag email or nickname, same company). */
  duplicate: 0.03,
  /** Form fills whose typed values are dirty (casing, whitespace, country/state/title variants). */
  dirty: 0.08,
  /** Known people whose browser blocks tracking: no visits, forms without a visitor id. */
  trackingBlocked: 0.05,
  /** Known people who attend a webinar after they are known. */
  webinar: 0.1,
  /** Newsletter subscribers who click a later newsletter. */
  emailClick: 0.35,
  /** Campaigns whose links carry an alias or a non-conforming utm_source/utm_medium. */
  utmAlias: 0.05,
} as const;

/** Session channels: the first touch's mix for known people (anonymous visitors never arrive by email). */
export const CHANNEL_MIX = {
  paid_social: 0.16,
  paid_search: 0.16,
  organic_search: 0.22,
  direct: 0.14,
  email: 0.06,
  events: 0.05,
  content_syndication: 0.07,
  review_sites: 0.06,
  referral: 0.08,
} as const;
export type SessionChannel = keyof typeof CHANNEL_MIX;

/** Lognormal delays as [median, sigma] in ms; the long right tails are the point. */
export const DELAYS = {
  /** Between a person's sessions. */
  sessionGap: [2 * DAY, 1.0],
  /** Between page views inside a session (stays under the 30-minute session timeout). */
  pageGap: [45_000, 0.8],
  /** From MQL to the first sales touch, in business hours (weekends are skipped). */
  firstTouch: [2 * HOUR, 1.3],
  /** From first touch to accept/reject. */
  accept: [1.7 * DAY, 0.3],
  /** From accept to SQL. */
  sql: [12 * DAY, 0.35],
  /** From SQL to the opportunity. */
  opportunity: [2 * DAY, 0.6],
  /** From opportunity to close. */
  close: [65 * DAY, 0.3],
  /** From subscribing to later asking for a demo. */
  laterDemo: [10 * DAY, 0.7],
} as const;

/** Opportunity amounts: lognormal around $24k; enterprise accounts (over 5,000 employees) ×3. */
export const DEAL = { median: 24_000, sigma: 0.45, enterpriseFactor: 3 } as const;
