import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Browser, type BrowserPrefs, chromiumAvailable, launchBrowser } from './browser/chromium.ts';
import {
  type Batch,
  hostPage,
  type MopsServer,
  quiet,
  type SiteServer,
  startMopsServer,
  startSiteServer,
  type TrackedEvent,
  until,
} from './browser/tracking-servers.ts';

// The tracking script's behaviour and wire protocol in real headless Chromium: a host site and a
// separate mops origin (script + collector), both small node:http servers on 127.0.0.1.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SNIPPET = '<script>window.mops=window.mops||function(){(mops.q=mops.q||[]).push(arguments)};</script>';
const CAMPAIGN = '2026-11_paid-social_emea_launch';
const LANDING_QUERY = `?utm_source=LinkedIn&utm_medium=Paid-Social&utm_campaign=${CAMPAIGN}&gclid=G-1&fbclid=F-1&li_fat_id=L-1`;
const LEAD_FORM = `<form data-mops-form id="lead" action="/submit" method="post">
  <input name="email" value="ada@example.com"><input type="hidden" name="utm_source" value="">
  <input type="hidden" name="utm_term" value="set-by-page"><button id="send">Send</button></form>
  <form id="search" action="/submit" method="post"><input name="q" value="x"></form>`;

const available = chromiumAvailable('tracker-script browser test');

describe.skipIf(!available)('the /t.js tracker in real Chromium', () => {
  let site: SiteServer;
  let mops: MopsServer;
  let browser: Browser | null = null;
  let script = '';

  beforeAll(async () => {
    site = await startSiteServer();
    mops = await startMopsServer();
    script = `${mops.origin}/t.js`;
  });
  afterAll(async () => {
    await site?.close();
    await mops?.close();
  });
  beforeEach(() => {
    mops.config = { flush_ms: 150 };
    mops.requests.length = 0;
    mops.dropped.length = 0;
    mops.dropNext = 0;
    mops.attempts = 0;
    site.submissions.length = 0;
    site.pages.clear();
    site.pages.set(
      '/landing',
      hostPage({ scriptSrc: script, title: 'Landing', body: '<a id="next" href="/pricing">Pricing</a>' }),
    );
    site.pages.set('/pricing', hostPage({ scriptSrc: script, title: 'Pricing', body: LEAD_FORM }));
    site.pages.set('/plain', hostPage({ title: 'No tracker here' }));
  });
  afterEach(async () => {
    // A tracker must never raise in the host page, whatever the test did.
    const errors = browser?.pageErrors ?? [];
    await browser?.close();
    browser = null;
    expect(errors.map(String)).toEqual([]);
  });

  async function open(prefs?: BrowserPrefs): Promise<Browser> {
    browser = await launchBrowser(prefs);
    return browser;
  }
  const loaded = (b: Browser) => b.page.waitForFunction(() => (globalThis as any).mops?.loaded === true);
  const batchWith = (pred: (e: TrackedEvent) => boolean): Batch => {
    const batch = mops.batches().find((b) => b.events.some(pred));
    if (!batch) throw new Error('no batch with such an event');
    return batch;
  };
  const mopsCookies = async (b: Browser) =>
    (await b.context.cookies()).filter((c) => c.name.startsWith('mops_'));

  it('sends a page view with raw UTMs and click ids as a text/plain simple request', async () => {
    const { page, context } = await open();
    const before = Date.now();
    await page.goto(`${site.origin}/landing${LANDING_QUERY}`);
    await until('the landing page view', () => mops.events().length >= 1);
    const [request] = mops.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/t', contentType: 'text/plain;charset=UTF-8' });
    expect(request?.origin).toBe(site.origin);
    const [batch] = mops.batches();
    expect(batch).toMatchObject({ v: 1, cookies: true });
    for (const id of [batch?.batch_id, batch?.visitor_id, batch?.session_id]) expect(id).toMatch(UUID);
    expect(batch?.sent_at).toBeGreaterThanOrEqual(before);
    const url = `${site.origin}/landing${LANDING_QUERY}`;
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
    const vid = (await context.cookies(site.origin)).find((c) => c.name === 'mops_vid');
    expect(vid).toMatchObject({ value: batch?.visitor_id, path: '/', sameSite: 'Lax', httpOnly: false });
    expect((vid?.expires ?? 0) - Date.now() / 1000).toBeGreaterThan(364 * 86400);
  });

  it('keeps the visitor and the session first touch when navigating to a page without UTMs', async () => {
    const { page } = await open();
    await page.goto(`${site.origin}/landing${LANDING_QUERY}`);
    await until('the landing page view', () => mops.events().length >= 1);
    await page.click('#next');
    await until('the pricing page view', () => mops.events().some((e) => e.path === '/pricing'));
    const first = batchWith((e) => e.path === '/landing');
    const second = batchWith((e) => e.path === '/pricing');
    expect(second.batch_id).not.toBe(first.batch_id);
    expect(second.visitor_id).toBe(first.visitor_id);
    expect(second.session_id).toBe(first.session_id);
    const pricing = second.events.find((e) => e.path === '/pricing');
    expect(pricing?.url).toBe(`${site.origin}/pricing`);
    expect(pricing?.referrer).toBe(`${site.origin}/landing${LANDING_QUERY}`);
    expect(pricing?.session_first_touch).toEqual(first.events[0]?.session_first_touch);
  });

  it('starts a new session with a new first touch after session_minutes of inactivity', async () => {
    mops.config = { flush_ms: 100, session_minutes: 0.02 };
    const { page } = await open();
    await page.goto(`${site.origin}/landing${LANDING_QUERY}`);
    await until('the landing page view', () => mops.events().length >= 1);
    await quiet(1500);
    await page.goto(`${site.origin}/pricing`);
    await until('the pricing page view', () => mops.events().some((e) => e.path === '/pricing'));
    const first = batchWith((e) => e.path === '/landing');
    const second = batchWith((e) => e.path === '/pricing');
    expect(second.visitor_id).toBe(first.visitor_id);
    expect(second.session_id).not.toBe(first.session_id);
    expect(second.events[0]?.session_first_touch).toMatchObject({
      utm: {},
      click_ids: {},
      landing_url: `${site.origin}/pricing`,
    });
  });

  it('shares one visitor id across subdomains through a cookie on the registrable domain', async () => {
    const { page, context } = await open();
    await page.goto(`${site.at('www.shop.test')}/landing${LANDING_QUERY}`);
    await until('the www page view', () => mops.events().length >= 1);
    await page.goto(`${site.at('app.shop.test')}/pricing`);
    await until('the app page view', () => mops.events().some((e) => e.path === '/pricing'));
    const [www, app] = [batchWith((e) => e.path === '/landing'), batchWith((e) => e.path === '/pricing')];
    expect(app.visitor_id).toBe(www.visitor_id);
    expect(app.events[0]?.session_first_touch.utm.utm_source).toBe('LinkedIn');
    const vid = (await context.cookies()).find((c) => c.name === 'mops_vid');
    expect(vid?.domain).toBe('.shop.test');
  });

  it('flushes the batch on pagehide', async () => {
    mops.config = { flush_ms: 60_000 };
    site.pages.set(
      '/landing',
      hostPage({ scriptSrc: script, head: `${SNIPPET}<script>mops('track', 'read')</script>` }),
    );
    const b = await open();
    await b.page.goto(`${site.origin}/landing`);
    await loaded(b);
    await quiet(400);
    expect(mops.requests).toEqual([]);
    await b.page.goto(`${site.origin}/plain`);
    await until('the batch sent on pagehide', () => mops.events().length >= 2);
    expect(mops.events().map((e) => e.type)).toEqual(['page_view', 'track']);
  });

  it('sends commands queued before the script loaded, after the page view', async () => {
    const head = `${SNIPPET}<script>mops('track', 'cta_click', { plan: 'pro' });
      mops('identify', { email: 'ada@example.com' });</script>`;
    site.pages.set('/landing', hostPage({ scriptSrc: script, head }));
    const { page } = await open();
    await page.goto(`${site.origin}/landing`);
    await until('three events', () => mops.events().length >= 3);
    const events = mops.events();
    expect(events.map((e) => [e.type, e.name])).toEqual([
      ['page_view', undefined],
      ['track', 'cta_click'],
      ['identify', undefined],
    ]);
    expect(events[1]?.properties).toEqual({ plan: 'pro' });
    expect(events[2]?.traits).toEqual({ email: 'ada@example.com' });
  });

  it('sends nothing and sets no cookie under Do-Not-Track (and does when respect_dnt is off)', async () => {
    const b = await open({ doNotTrack: true });
    expect(await b.page.evaluate(() => (globalThis as any).navigator.doNotTrack)).toBe('1');
    await b.page.goto(`${site.origin}/pricing${LANDING_QUERY}`);
    await loaded(b);
    await b.page.evaluate(() => (globalThis as any).mops('track', 'clicked'));
    expect(await b.page.locator('#lead input[name=mops_visitor_id]').count()).toBe(0);
    await b.page.goto(`${site.origin}/plain`);
    await quiet(500);
    expect(mops.attempts).toBe(0);
    expect(await mopsCookies(b)).toEqual([]);

    mops.config = { flush_ms: 100, respect_dnt: false };
    await b.page.goto(`${site.origin}/landing`);
    await until('the page view with respect_dnt off', () => mops.events().length >= 1);
  });

  it('treats Global Privacy Control like Do-Not-Track', async () => {
    const b = await open();
    await b.context.addInitScript(() =>
      Object.defineProperty((globalThis as any).Navigator.prototype, 'globalPrivacyControl', {
        get: () => true,
      }),
    );
    await b.page.goto(`${site.origin}/landing`);
    await loaded(b);
    await quiet(400);
    expect(mops.attempts).toBe(0);
    expect(await mopsCookies(b)).toEqual([]);
  });

  it('with require_consent sends nothing until consent, then keeps it; consent false forgets', async () => {
    mops.config = { flush_ms: 100, require_consent: true };
    const b = await open();
    await b.page.goto(`${site.origin}/landing${LANDING_QUERY}`);
    await loaded(b);
    await quiet(400);
    expect(mops.attempts).toBe(0);
    expect(await mopsCookies(b)).toEqual([]);

    await b.page.evaluate(() => (globalThis as any).mops('consent', true));
    await until('the page view held until consent', () => mops.events().length >= 1);
    expect(mops.events()[0]?.session_first_touch.utm.utm_source).toBe('LinkedIn');
    const names = (await mopsCookies(b)).map((c) => `${c.name}=${c.value.length > 1 ? '…' : c.value}`);
    expect(names.sort()).toEqual(['mops_consent=1', 'mops_ft=…', 'mops_sid=…', 'mops_vid=…']);

    await b.page.goto(`${site.origin}/pricing`);
    await until('the next page, tracked by the consent cookie', () => mops.events().length >= 2);

    await b.page.evaluate(() => (globalThis as any).mops('consent', false));
    expect((await mopsCookies(b)).map((c) => `${c.name}=${c.value}`)).toEqual(['mops_consent=0']);
    const sent = mops.attempts;
    await b.page.goto(`${site.origin}/landing`);
    await loaded(b);
    await quiet(400);
    expect(mops.attempts).toBe(sent);
  });

  it('still sends events, flagged cookies:false, when the browser blocks cookies', async () => {
    const b = await open({ blockCookies: true });
    await b.page.goto(`${site.origin}/pricing${LANDING_QUERY}`);
    await until('the page view', () => mops.events().length >= 1);
    const [batch] = mops.batches();
    expect(batch).toMatchObject({ cookies: false, events: [{ type: 'page_view' }] });
    expect(batch?.visitor_id).toMatch(UUID);
    expect(batch?.events[0]?.session_first_touch.utm.utm_campaign).toBe(CAMPAIGN);
    expect(await b.page.inputValue('#lead input[name=mops_visitor_id]')).toBe(batch?.visitor_id);
    expect(await b.context.cookies()).toEqual([]);
  });

  it('falls back to localStorage when only document.cookie is unusable', async () => {
    const b = await open();
    await b.context.addInitScript(() =>
      Object.defineProperty((globalThis as any).Document.prototype, 'cookie', {
        get: () => '',
        set: () => {},
      }),
    );
    await b.page.goto(`${site.origin}/landing${LANDING_QUERY}`);
    await until('the landing page view', () => mops.events().length >= 1);
    await b.page.goto(`${site.origin}/pricing`);
    await until('the pricing page view', () => mops.events().length >= 2);
    const [first, second] = [
      batchWith((e) => e.path === '/landing'),
      batchWith((e) => e.path === '/pricing'),
    ];
    expect(first.cookies).toBe(false);
    expect(second.visitor_id).toBe(first.visitor_id);
    expect(second.events[0]?.session_first_touch.utm.utm_source).toBe('LinkedIn');
  });

  it('fills the hidden fields of mops forms from the session first touch', async () => {
    const b = await open();
    await b.page.goto(`${site.origin}/landing${LANDING_QUERY}`);
    await until('the landing page view', () => mops.events().length >= 1);
    await b.page.goto(`${site.origin}/pricing`);
    await until('the pricing page view', () => mops.events().length >= 2);
    const vid = mops.batches()[0]?.visitor_id;
    const field = (name: string) => b.page.inputValue(`#lead input[name=${name}]`);
    expect(await field('mops_visitor_id')).toBe(vid);
    expect(await field('utm_source')).toBe('LinkedIn');
    expect(await field('utm_medium')).toBe('Paid-Social');
    expect(await field('utm_term')).toBe('set-by-page');
    expect(await field('gclid')).toBe('G-1');
    expect(await b.page.locator('#search input[type=hidden]').count()).toBe(0);

    await b.page.click('#send');
    await b.page.waitForSelector('#thanks');
    const [posted] = site.submissions;
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
    await b.page.goto(`${site.origin}/landing`);
    await loaded(b);
    await b.page.evaluate(() => {
      const doc = (globalThis as any).document;
      doc.body.insertAdjacentHTML(
        'beforeend',
        '<form data-mops-form id="late" action="/submit" method="post"><input name="email" value="b@example.com"></form>',
      );
      doc.getElementById('late').requestSubmit();
    });
    await b.page.waitForSelector('#thanks');
    expect(site.submissions[1]?.get('mops_visitor_id')).toBe(vid);
    expect(site.submissions[1]?.get('utm_campaign')).toBe(CAMPAIGN);
  });

  it.each([
    ['the collector refuses connections', 'endpoint'],
    ['the script itself cannot be loaded', 'script'],
  ])('keeps the host page working when %s', async (_label, down) => {
    const closed = await startSiteServer();
    const deadOrigin = closed.origin;
    await closed.close();
    mops.config = down === 'endpoint' ? { flush_ms: 100, endpoint: deadOrigin } : { flush_ms: 100 };
    const src = down === 'script' ? `${deadOrigin}/t.js` : script;
    const head = `${SNIPPET}<script>mops('track', 'early')</script><script async src="/host.js"></script>`;
    site.pages.set('/host.js', 'window.hostAsync = true;');
    const body = `${LEAD_FORM}<script>window.hostInline = true; mops('identify', { email: 'x@example.com' });</script>`;
    site.pages.set('/down', hostPage({ scriptSrc: src, head, body }));
    const b = await open();
    // Without sendBeacon the script uses fetch, whose failures reach the page as rejections.
    await b.context.addInitScript(() =>
      Object.defineProperty((globalThis as any).Navigator.prototype, 'sendBeacon', { value: undefined }),
    );
    await b.page.goto(`${site.origin}/down`);
    await b.page.waitForFunction(() => (globalThis as any).hostAsync && (globalThis as any).hostInline);
    await quiet(500);
    await b.page.click('#send');
    await b.page.waitForSelector('#thanks');
    expect(site.submissions[0]?.get('email')).toBe('ada@example.com');
    if (down === 'endpoint') expect(site.submissions[0]?.get('mops_visitor_id')).toMatch(UUID);
    expect(mops.attempts).toBe(0);
  });

  it('retries a failed batch once with the same batch_id, then drops it', async () => {
    const b = await open();
    await b.context.addInitScript(() =>
      Object.defineProperty((globalThis as any).Navigator.prototype, 'sendBeacon', { value: undefined }),
    );
    mops.dropNext = 1;
    await b.page.goto(`${site.origin}/landing`);
    await until('the retried page view', () => mops.requests.length >= 1);
    expect(mops.dropped).toHaveLength(1);
    expect(mops.batches()[0]?.batch_id).toBe((JSON.parse(mops.dropped[0]?.body ?? '{}') as Batch).batch_id);

    mops.dropNext = 100;
    await b.page.evaluate(() => (globalThis as any).mops('track', 'lost'));
    await until('the retry', () => mops.dropped.length >= 3);
    await quiet(800);
    expect(mops.dropped).toHaveLength(3);
    expect(new Set(mops.dropped.slice(1).map((r) => (JSON.parse(r.body) as Batch).batch_id)).size).toBe(1);
  });

  it('uses XMLHttpRequest when neither sendBeacon nor fetch exists', async () => {
    const b = await open();
    await b.context.addInitScript(() => {
      Object.defineProperty((globalThis as any).Navigator.prototype, 'sendBeacon', { value: undefined });
      Object.defineProperty(globalThis, 'fetch', { value: undefined });
    });
    await b.page.goto(`${site.origin}/landing`);
    await until('the page view', () => mops.events().length >= 1);
    expect(mops.requests[0]?.contentType).toBe('text/plain;charset=UTF-8');
  });

  it('flushes at 20 events and keeps every body under 60 KB', async () => {
    mops.config = { flush_ms: 60_000 };
    const b = await open();
    await b.page.goto(`${site.origin}/landing`);
    await loaded(b);
    await b.page.evaluate(() => {
      for (let i = 0; i < 45; i++) (globalThis as any).mops('track', `e${i}`);
    });
    await until('two full batches', () => mops.requests.length >= 2);
    expect(mops.batches().map((x) => x.events.length)).toEqual([20, 20]);
    await b.page.evaluate(() => {
      for (let i = 0; i < 10; i++) (globalThis as any).mops('track', 'big', { blob: 'y'.repeat(9000) });
    });
    await b.page.goto(`${site.origin}/plain`);
    await until('all 56 events', () => mops.events().length >= 56);
    expect(new Set(mops.events().map((e) => e.event_id)).size).toBe(56);
    for (const r of mops.requests) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(60_000);
    for (const x of mops.batches()) expect(x.events.length).toBeLessThanOrEqual(20);
  });

  it('survives a hostile page: HTML in the title, a 20 KB URL, bad arguments', async () => {
    const title = `</title><script>alert("x")</script> "quoted" \u2028 ${'é'.repeat(3000)}`;
    const head = `${SNIPPET}<script>document.title = ${JSON.stringify(title).replace(/</g, '\\u003c')};
      const loop = {}; loop.self = loop;
      mops(); mops(null); mops('track'); mops('track', {}, 5); mops('identify', 'nope');
      mops('track', 'circular', loop); mops('track', 'huge', { blob: 'z'.repeat(100000) });</script>`;
    site.pages.set('/hostile', hostPage({ scriptSrc: script, head }));
    const source = '<b>"LinkedIn"</b>'.repeat(400);
    const url = `${site.origin}/hostile?utm_source=${encodeURIComponent(source)}&junk=${'x'.repeat(20_000)}`;
    const { page } = await open();
    await page.goto(url);
    await until('the page view and the huge event', () => mops.events().length >= 2);
    const [view, huge] = mops.events();
    expect(view?.title).toBe((await page.title()).slice(0, 1000));
    expect(view?.url).toBe(url.slice(0, 16384));
    expect(view?.session_first_touch.utm.utm_source).toBe(source.slice(0, 200));
    expect(huge).toMatchObject({ name: 'huge', truncated: true });
    expect(huge?.properties).toBeUndefined();
    expect(mops.events()).toHaveLength(2);
  });

  it('sends SPA page views and adds no global besides mops', async () => {
    const { page } = await open();
    await page.goto(`${site.origin}/plain`);
    const bare = await page.evaluate(() => Object.keys(globalThis));
    await page.goto(`${site.origin}/landing`);
    await until('the page view', () => mops.events().length >= 1);
    const withTracker = await page.evaluate(() => Object.keys(globalThis));
    expect(withTracker.filter((k) => !bare.includes(k))).toEqual(['mops']);
    await page.evaluate(() => {
      (globalThis as any).history.pushState({}, '', '/app/step-2');
      (globalThis as any).mops('page', { step: 2 });
    });
    await until('the SPA page view', () => mops.events().length >= 2);
    expect(mops.events()[1]).toMatchObject({
      type: 'page_view',
      path: '/app/step-2',
      properties: { step: 2 },
    });
  });
});
