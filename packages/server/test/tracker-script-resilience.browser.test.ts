import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser/chromium.ts';
import { LEAD_FORM, SNIPPET, UUID, useTrackingHarness } from './browser/tracking-harness.ts';
import { type Batch, hostPage, quiet, startSiteServer, until } from './browser/tracking-servers.ts';

// The tracking script when things go wrong, in real headless Chromium: mops unreachable, failed
// sends, old browsers, many or large events, hostile host pages.

const available = chromiumAvailable('tracker-script resilience browser test');

describe.skipIf(!available)('the /t.js tracker in real Chromium, when things go wrong', () => {
  const h = useTrackingHarness();
  it.each([
    ['the collector refuses connections', 'endpoint'],
    ['the script itself cannot be loaded', 'script'],
  ])('keeps the host page working when %s', async (_label, down) => {
    const closed = await startSiteServer();
    const deadOrigin = closed.origin;
    await closed.close();
    h.mops.config = down === 'endpoint' ? { flush_ms: 100, endpoint: deadOrigin } : { flush_ms: 100 };
    const src = down === 'script' ? `${deadOrigin}/t.js` : h.script;
    const head = `${SNIPPET}<script>mops('track', 'early')</script><script async src="/host.js"></script>`;
    h.site.pages.set('/host.js', 'window.hostAsync = true;');
    const body = `${LEAD_FORM}<script>window.hostInline = true; mops('identify', { email: 'x@example.com' });</script>`;
    h.site.pages.set('/down', hostPage({ scriptSrc: src, head, body }));
    const b = await h.open();
    // Without sendBeacon the script uses fetch, whose failures reach the page as rejections.
    await b.context.addInitScript(() =>
      Object.defineProperty((globalThis as any).Navigator.prototype, 'sendBeacon', { value: undefined }),
    );
    await b.page.goto(`${h.site.origin}/down`);
    await b.page.waitForFunction(() => (globalThis as any).hostAsync && (globalThis as any).hostInline);
    await quiet(500);
    await b.page.click('#send');
    await b.page.waitForSelector('#thanks');
    expect(h.site.submissions[0]?.get('email')).toBe('ada@example.com');
    if (down === 'endpoint') expect(h.site.submissions[0]?.get('mops_visitor_id')).toMatch(UUID);
    expect(h.mops.attempts).toBe(0);
  });

  it('retries a failed batch once with the same batch_id, then drops it', async () => {
    const b = await h.open();
    await b.context.addInitScript(() =>
      Object.defineProperty((globalThis as any).Navigator.prototype, 'sendBeacon', { value: undefined }),
    );
    h.mops.dropNext = 1;
    await b.page.goto(`${h.site.origin}/landing`);
    await until('the retried page view', () => h.mops.requests.length >= 1);
    expect(h.mops.dropped).toHaveLength(1);
    expect(h.mops.batches()[0]?.batch_id).toBe(
      (JSON.parse(h.mops.dropped[0]?.body ?? '{}') as Batch).batch_id,
    );

    h.mops.dropNext = 100;
    await b.page.evaluate(() => (globalThis as any).mops('track', 'lost'));
    await until('the retry', () => h.mops.dropped.length >= 3);
    await quiet(800);
    expect(h.mops.dropped).toHaveLength(3);
    expect(new Set(h.mops.dropped.slice(1).map((r) => (JSON.parse(r.body) as Batch).batch_id)).size).toBe(1);
  });

  it('uses XMLHttpRequest when neither sendBeacon nor fetch exists', async () => {
    const b = await h.open();
    await b.context.addInitScript(() => {
      Object.defineProperty((globalThis as any).Navigator.prototype, 'sendBeacon', { value: undefined });
      Object.defineProperty(globalThis, 'fetch', { value: undefined });
    });
    await b.page.goto(`${h.site.origin}/landing`);
    await until('the page view', () => h.mops.events().length >= 1);
    expect(h.mops.requests[0]?.contentType).toBe('text/plain;charset=UTF-8');
  });

  it('flushes at 20 events and keeps every body under 60 KB', async () => {
    h.mops.config = { flush_ms: 60_000 };
    const b = await h.open();
    await b.page.goto(`${h.site.origin}/landing`);
    await h.loaded(b);
    await b.page.evaluate(() => {
      for (let i = 0; i < 45; i++) (globalThis as any).mops('track', `e${i}`);
    });
    await until('two full batches', () => h.mops.requests.length >= 2);
    expect(h.mops.batches().map((x) => x.events.length)).toEqual([20, 20]);
    await b.page.evaluate(() => {
      for (let i = 0; i < 10; i++) (globalThis as any).mops('track', 'big', { blob: 'y'.repeat(9000) });
    });
    await b.page.goto(`${h.site.origin}/plain`);
    await until('all 56 events', () => h.mops.events().length >= 56);
    expect(new Set(h.mops.events().map((e) => e.event_id)).size).toBe(56);
    for (const r of h.mops.requests) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(60_000);
    for (const x of h.mops.batches()) expect(x.events.length).toBeLessThanOrEqual(20);
  });

  it('survives a hostile page: HTML in the title, a 20 KB URL, bad arguments', async () => {
    const title = `</title><script>alert("x")</script> "quoted" \u2028 ${'é'.repeat(3000)}`;
    const head = `${SNIPPET}<script>document.title = ${JSON.stringify(title).replace(/</g, '\\u003c')};
      const loop = {}; loop.self = loop;
      mops(); mops(null); mops('track'); mops('track', {}, 5); mops('identify', 'nope');
      mops('track', 'circular', loop); mops('track', 'huge', { blob: 'z'.repeat(100000) });</script>`;
    h.site.pages.set('/hostile', hostPage({ scriptSrc: h.script, head }));
    const source = '<b>"LinkedIn"</b>'.repeat(400);
    const url = `${h.site.origin}/hostile?utm_source=${encodeURIComponent(source)}&junk=${'x'.repeat(20_000)}`;
    const { page } = await h.open();
    await page.goto(url);
    await until('the page view and the huge event', () => h.mops.events().length >= 2);
    const [view, huge] = h.mops.events();
    expect(view?.title).toBe((await page.title()).slice(0, 1000));
    expect(view?.url).toBe(url.slice(0, 16384));
    expect(view?.session_first_touch.utm.utm_source).toBe(source.slice(0, 200));
    expect(huge).toMatchObject({ name: 'huge', truncated: true });
    expect(huge?.properties).toBeUndefined();
    expect(h.mops.events()).toHaveLength(2);
  });
});
