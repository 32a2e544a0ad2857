import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser/chromium.ts';
import { CAMPAIGN, LANDING_QUERY, SNIPPET, UUID, useTrackingHarness } from './browser/tracking-harness.ts';
import { hostPage, quiet, until } from './browser/tracking-servers.ts';

// The tracking script's behaviour and wire protocol in real headless Chromium
// (docs/tracking-protocol.md); failure modes are in tracker-script-resilience.browser.test.ts.

const available = chromiumAvailable('tracker-script browser test');

describe.skipIf(!available)('the /t.js tracker in real Chromium', () => {
  const h = useTrackingHarness();
  it('sends a page view with raw UTMs and click ids as a text/plain simple request', async () => {
    const { page, context } = await h.open();
    const before = Date.now();
    await page.goto(`${h.site.origin}/landing${LANDING_QUERY}`);
    await until('the landing page view', () => h.mops.events().length >= 1);
    const [request] = h.mops.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/t', contentType: 'text/plain;charset=UTF-8' });
    expect(request?.origin).toBe(h.site.origin);
    const [batch] = h.mops.batches();
    expect(batch).toMatchObject({ v: 1, cookies: true });
    for (const id of [batch?.batch_id, batch?.visitor_id, batch?.session_id]) expect(id).toMatch(UUID);
    expect(batch?.sent_at).toBeGreaterThanOrEqual(before);
    const url = `${h.site.origin}/landing${LANDING_QUERY}`;
    expect(batch?.events[0]).toMatchObject({
      type: 'page_view',
      url,
      path: '/landing',
      title: 'Landing',
      referrer: '',
      session_first_touch: {
        utm: { utm_source: 'LinkedIn', utm_medium: 'Paid-Social', utm_campaign: CAMPAIGN },
        click_ids: { gclid: 'G-1', fbclid: 'F-1', li_fat_id: 'L-1' },
        referrer: '',
        landing_url: url,
      },
    });
    expect(batch?.events[0]?.event_id).toMatch(UUID);
    const vid = (await context.cookies(h.site.origin)).find((c) => c.name === 'mops_vid');
    expect(vid).toMatchObject({ value: batch?.visitor_id, path: '/', sameSite: 'Lax', httpOnly: false });
    expect((vid?.expires ?? 0) - Date.now() / 1000).toBeGreaterThan(364 * 86400);
  });

  it('keeps the visitor and the session first touch when navigating to a page without UTMs', async () => {
    const { page } = await h.open();
    await page.goto(`${h.site.origin}/landing${LANDING_QUERY}`);
    await until('the landing page view', () => h.mops.events().length >= 1);
    await page.click('#next');
    await until('the pricing page view', () => h.mops.events().some((e) => e.path === '/pricing'));
    const first = h.batchWith((e) => e.path === '/landing');
    const second = h.batchWith((e) => e.path === '/pricing');
    expect(second.batch_id).not.toBe(first.batch_id);
    expect(second.visitor_id).toBe(first.visitor_id);
    expect(second.session_id).toBe(first.session_id);
    const pricing = second.events.find((e) => e.path === '/pricing');
    expect(pricing?.url).toBe(`${h.site.origin}/pricing`);
    expect(pricing?.referrer).toBe(`${h.site.origin}/landing${LANDING_QUERY}`);
    expect(pricing?.session_first_touch).toEqual(first.events[0]?.session_first_touch);
  });

  it('starts a new session with a new first touch after session_minutes of inactivity', async () => {
    h.mops.config = { flush_ms: 100, session_minutes: 0.02 };
    const { page } = await h.open();
    await page.goto(`${h.site.origin}/landing${LANDING_QUERY}`);
    await until('the landing page view', () => h.mops.events().length >= 1);
    await quiet(1500);
    await page.goto(`${h.site.origin}/pricing`);
    await until('the pricing page view', () => h.mops.events().some((e) => e.path === '/pricing'));
    const first = h.batchWith((e) => e.path === '/landing');
    const second = h.batchWith((e) => e.path === '/pricing');
    expect(second.visitor_id).toBe(first.visitor_id);
    expect(second.session_id).not.toBe(first.session_id);
    expect(second.events[0]?.session_first_touch).toMatchObject({
      utm: {},
      click_ids: {},
      landing_url: `${h.site.origin}/pricing`,
    });
  });

  it('shares one visitor id across subdomains through a cookie on the registrable domain', async () => {
    const { page, context } = await h.open();
    await page.goto(`${h.site.at('www.shop.test')}/landing${LANDING_QUERY}`);
    await until('the www page view', () => h.mops.events().length >= 1);
    await page.goto(`${h.site.at('app.shop.test')}/pricing`);
    await until('the app page view', () => h.mops.events().some((e) => e.path === '/pricing'));
    const [www, app] = [h.batchWith((e) => e.path === '/landing'), h.batchWith((e) => e.path === '/pricing')];
    expect(app.visitor_id).toBe(www.visitor_id);
    expect(app.events[0]?.session_first_touch.utm.utm_source).toBe('LinkedIn');
    const vid = (await context.cookies()).find((c) => c.name === 'mops_vid');
    expect(vid?.domain).toBe('.shop.test');
  });

  it('flushes the batch on pagehide', async () => {
    h.mops.config = { flush_ms: 60_000 };
    h.site.pages.set(
      '/landing',
      hostPage({ scriptSrc: h.script, head: `${SNIPPET}<script>mops('track', 'read')</script>` }),
    );
    const b = await h.open();
    await b.page.goto(`${h.site.origin}/landing`);
    await h.loaded(b);
    await quiet(400);
    expect(h.mops.requests).toEqual([]);
    await b.page.goto(`${h.site.origin}/plain`);
    await until('the batch sent on pagehide', () => h.mops.events().length >= 2);
    expect(h.mops.events().map((e) => e.type)).toEqual(['page_view', 'track']);
  });

  it('sends commands queued before the script loaded, after the page view', async () => {
    const head = `${SNIPPET}<script>mops('track', 'cta_click', { plan: 'pro' });
      mops('identify', { email: 'ada@example.com' });</script>`;
    h.site.pages.set('/landing', hostPage({ scriptSrc: h.script, head }));
    const { page } = await h.open();
    await page.goto(`${h.site.origin}/landing`);
    await until('three events', () => h.mops.events().length >= 3);
    const events = h.mops.events();
    expect(events.map((e) => [e.type, e.name])).toEqual([
      ['page_view', undefined],
      ['track', 'cta_click'],
      ['identify', undefined],
    ]);
    expect(events[1]?.properties).toEqual({ plan: 'pro' });
    expect(events[2]?.traits).toEqual({ email: 'ada@example.com' });
  });

  it('sends nothing and sets no cookie under Do-Not-Track (and does when respect_dnt is off)', async () => {
    const b = await h.open({ doNotTrack: true });
    expect(await b.page.evaluate(() => (globalThis as any).navigator.doNotTrack)).toBe('1');
    await b.page.goto(`${h.site.origin}/pricing${LANDING_QUERY}`);
    await h.loaded(b);
    await b.page.evaluate(() => (globalThis as any).mops('track', 'clicked'));
    expect(await b.page.locator('#lead input[name=mops_visitor_id]').count()).toBe(0);
    await b.page.goto(`${h.site.origin}/plain`);
    await quiet(500);
    expect(h.mops.attempts).toBe(0);
    expect(await h.mopsCookies(b)).toEqual([]);

    h.mops.config = { flush_ms: 100, respect_dnt: false };
    await b.page.goto(`${h.site.origin}/landing`);
    await until('the page view with respect_dnt off', () => h.mops.events().length >= 1);
  });

  it('treats Global Privacy Control like Do-Not-Track', async () => {
    const b = await h.open();
    await b.context.addInitScript(() =>
      Object.defineProperty((globalThis as any).Navigator.prototype, 'globalPrivacyControl', {
        get: () => true,
      }),
    );
    await b.page.goto(`${h.site.origin}/landing`);
    await h.loaded(b);
    await quiet(400);
    expect(h.mops.attempts).toBe(0);
    expect(await h.mopsCookies(b)).toEqual([]);
  });

  it('with require_consent sends nothing until consent, then keeps it; consent false forgets', async () => {
    h.mops.config = { flush_ms: 100, require_consent: true };
    const b = await h.open();
    await b.page.goto(`${h.site.origin}/landing${LANDING_QUERY}`);
    await h.loaded(b);
    await quiet(400);
    expect(h.mops.attempts).toBe(0);
    expect(await h.mopsCookies(b)).toEqual([]);

    await b.page.evaluate(() => (globalThis as any).mops('consent', true));
    await until('the page view held until consent', () => h.mops.events().length >= 1);
    expect(h.mops.events()[0]?.session_first_touch.utm.utm_source).toBe('LinkedIn');
    const names = (await h.mopsCookies(b)).map((c) => `${c.name}=${c.value.length > 1 ? '…' : c.value}`);
    expect(names.sort()).toEqual(['mops_consent=1', 'mops_ft=…', 'mops_sid=…', 'mops_vid=…']);

    await b.page.goto(`${h.site.origin}/pricing`);
    await until('the next page, tracked by the consent cookie', () => h.mops.events().length >= 2);

    await b.page.evaluate(() => (globalThis as any).mops('consent', false));
    expect((await h.mopsCookies(b)).map((c) => `${c.name}=${c.value}`)).toEqual(['mops_consent=0']);
    const sent = h.mops.attempts;
    await b.page.goto(`${h.site.origin}/landing`);
    await h.loaded(b);
    await quiet(400);
    expect(h.mops.attempts).toBe(sent);
  });

  it('still sends events, flagged cookies:false, when the browser blocks cookies', async () => {
    const b = await h.open({ blockCookies: true });
    await b.page.goto(`${h.site.origin}/pricing${LANDING_QUERY}`);
    await until('the page view', () => h.mops.events().length >= 1);
    const [batch] = h.mops.batches();
    expect(batch).toMatchObject({ cookies: false, events: [{ type: 'page_view' }] });
    expect(batch?.visitor_id).toMatch(UUID);
    expect(batch?.events[0]?.session_first_touch.utm.utm_campaign).toBe(CAMPAIGN);
    expect(await b.page.inputValue('#lead input[name=mops_visitor_id]')).toBe(batch?.visitor_id);
    expect(await b.context.cookies()).toEqual([]);
  });

  it('falls back to localStorage when only document.cookie is unusable', async () => {
    const b = await h.open();
    await b.context.addInitScript(() =>
      Object.defineProperty((globalThis as any).Document.prototype, 'cookie', {
        get: () => '',
        set: () => {},
      }),
    );
    await b.page.goto(`${h.site.origin}/landing${LANDING_QUERY}`);
    await until('the landing page view', () => h.mops.events().length >= 1);
    await b.page.goto(`${h.site.origin}/pricing`);
    await until('the pricing page view', () => h.mops.events().length >= 2);
    const [first, second] = [
      h.batchWith((e) => e.path === '/landing'),
      h.batchWith((e) => e.path === '/pricing'),
    ];
    expect(first.cookies).toBe(false);
    expect(second.visitor_id).toBe(first.visitor_id);
    expect(second.events[0]?.session_first_touch.utm.utm_source).toBe('LinkedIn');
  });

  it('fills the hidden fields of mops forms from the session first touch', async () => {
    const b = await h.open();
    await b.page.goto(`${h.site.origin}/landing${LANDING_QUERY}`);
    await until('the landing page view', () => h.mops.events().length >= 1);
    await b.page.goto(`${h.site.origin}/pricing`);
    await until('the pricing page view', () => h.mops.events().length >= 2);
    const vid = h.mops.batches()[0]?.visitor_id;
    const field = (name: string) => b.page.inputValue(`#lead input[name=${name}]`);
    expect(await field('mops_visitor_id')).toBe(vid);
    expect(await field('utm_source')).toBe('LinkedIn');
    expect(await field('utm_medium')).toBe('Paid-Social');
    expect(await field('utm_term')).toBe('set-by-page');
    expect(await field('gclid')).toBe('G-1');
    expect(await b.page.locator('#search input[type=hidden]').count()).toBe(0);

    await b.page.click('#send');
    await b.page.waitForSelector('#thanks');
    const [posted] = h.site.submissions;
    expect(Object.fromEntries(posted ?? [])).toMatchObject({
      email: 'ada@example.com',
      mops_visitor_id: vid,
      utm_source: 'LinkedIn',
      utm_medium: 'Paid-Social',
      utm_campaign: CAMPAIGN,
      utm_term: 'set-by-page',
      utm_content: '',
      gclid: 'G-1',
      fbclid: 'F-1',
      li_fat_id: 'L-1',
    });

    // A form added after load is filled when it is submitted.
    await b.page.goto(`${h.site.origin}/landing`);
    await h.loaded(b);
    await b.page.evaluate(() => {
      const doc = (globalThis as any).document;
      doc.body.insertAdjacentHTML(
        'beforeend',
        '<form data-mops-form id="late" action="/submit" method="post"><input name="email" value="b@example.com"></form>',
      );
      doc.getElementById('late').requestSubmit();
    });
    await b.page.waitForSelector('#thanks');
    expect(h.site.submissions[1]?.get('mops_visitor_id')).toBe(vid);
    expect(h.site.submissions[1]?.get('utm_campaign')).toBe(CAMPAIGN);
  });

  it('sends SPA page views and adds no global besides mops', async () => {
    const { page } = await h.open();
    await page.goto(`${h.site.origin}/plain`);
    const bare = await page.evaluate(() => Object.keys(globalThis));
    await page.goto(`${h.site.origin}/landing`);
    await until('the page view', () => h.mops.events().length >= 1);
    const withTracker = await page.evaluate(() => Object.keys(globalThis));
    expect(withTracker.filter((k) => !bare.includes(k))).toEqual(['mops']);
    await page.evaluate(() => {
      (globalThis as any).history.pushState({}, '', '/app/step-2');
      (globalThis as any).mops('page', { step: 2 });
    });
    await until('the SPA page view', () => h.mops.events().length >= 2);
    expect(h.mops.events()[1]).toMatchObject({
      type: 'page_view',
      path: '/app/step-2',
      properties: { step: 2 },
    });
  });
});
