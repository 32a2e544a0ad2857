import type { Cookie } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type Browser, type BrowserPrefs, launchBrowser } from './chromium.ts';
import {
  type Batch,
  hostPage,
  type MopsServer,
  type SiteServer,
  startMopsServer,
  startSiteServer,
  type TrackedEvent,
} from './tracking-servers.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The documented snippet that queues `mops()` calls until the script has loaded. */
export const SNIPPET =
  '<script>window.mops=window.mops||function(){(mops.q=mops.q||[]).push(arguments)};</script>';
export const CAMPAIGN = '2026-11_paid-social_emea_launch';
export const LANDING_QUERY = `?utm_source=LinkedIn&utm_medium=Paid-Social&utm_campaign=${CAMPAIGN}&gclid=G-1&fbclid=F-1&li_fat_id=L-1`;
/** A mops form (with one hidden field the page set itself) and an unrelated search form. */
export const LEAD_FORM = `<form data-mops-form id="lead" action="/submit" method="post">
  <input name="email" value="ada@example.com"><input type="hidden" name="utm_source" value="">
  <input type="hidden" name="utm_term" value="set-by-page"><button id="send">Send</button></form>
  <form id="search" action="/submit" method="post"><input name="q" value="x"></form>`;

export interface TrackingHarness {
  site: SiteServer;
  mops: MopsServer;
  /** URL of `/t.js` on the mops origin. */
  script: string;
  /** A fresh Chromium for this test, closed after it (with a check that no page raised). */
  open(prefs?: BrowserPrefs): Promise<Browser>;
  /** Resolves once the tracker has run in the page. */
  loaded(b: Browser): Promise<unknown>;
  batchWith(pred: (e: TrackedEvent) => boolean): Batch;
  mopsCookies(b: Browser): Promise<Cookie[]>;
}

/**
 * Registers the hooks of a tracker browser suite (call inside `describe`): a host site and a
 * separate mops origin (script + collector), both node:http servers on 127.0.0.1, reset before
 * each test with the pages `/landing` (a link to /pricing), `/pricing` (LEAD_FORM) and `/plain`
 * (no tracker), the tracker flushing after 150 ms.
 */
export function useTrackingHarness(): TrackingHarness {
  let browser: Browser | null = null;
  const h = {
    script: '',
    open: async (prefs?: BrowserPrefs) => {
      browser = await launchBrowser(prefs);
      return browser;
    },
    loaded: (b: Browser) => b.page.waitForFunction(() => (globalThis as any).mops?.loaded === true),
    batchWith: (pred: (e: TrackedEvent) => boolean) => {
      const batch = h.mops.batches().find((b) => b.events.some(pred));
      if (!batch) throw new Error('no batch with such an event');
      return batch;
    },
    mopsCookies: async (b: Browser) => (await b.context.cookies()).filter((c) => c.name.startsWith('mops_')),
  } as TrackingHarness;

  beforeAll(async () => {
    h.site = await startSiteServer();
    h.mops = await startMopsServer();
    h.script = `${h.mops.origin}/t.js`;
  });
  afterAll(async () => {
    await h.site?.close();
    await h.mops?.close();
  });
  beforeEach(() => {
    const { mops, site } = h;
    mops.config = { flush_ms: 150 };
    mops.requests.length = 0;
    mops.dropped.length = 0;
    mops.dropNext = 0;
    mops.attempts = 0;
    site.submissions.length = 0;
    site.pages.clear();
    const body = '<a id="next" href="/pricing">Pricing</a>';
    site.pages.set('/landing', hostPage({ scriptSrc: h.script, title: 'Landing', body }));
    site.pages.set('/pricing', hostPage({ scriptSrc: h.script, title: 'Pricing', body: LEAD_FORM }));
    site.pages.set('/plain', hostPage({ title: 'No tracker here' }));
  });
  afterEach(async () => {
    // A tracker must never raise in the host page, whatever the test did.
    const errors = browser?.pageErrors ?? [];
    await browser?.close();
    browser = null;
    expect(errors.map(String)).toEqual([]);
  });
  return h;
}
