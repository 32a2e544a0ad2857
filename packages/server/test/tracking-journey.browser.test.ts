import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser } from './browser/chromium.ts';
import { startMopsProcess } from './cli-helpers.ts';
import { createTestDatabase, DESKTOP_USER_AGENT } from './helpers.ts';

// The journey in a real browser against a real `mops start`: a LinkedIn ad click lands on
// /p/demo, the visitor reads /p/pricing, comes back and submits the form; the person's timeline
// then holds both page views stitched, with source, medium, channel, campaign and first touch.
const CAMPAIGN = '2026-11_paid_social_na_demo-push';
const KEY = 'mops_journey_test_key_0123456789abcdef';

describe.runIf(chromiumAvailable('tracking journey'))('a visitor from a LinkedIn ad, in Chromium', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let mops: Awaited<ReturnType<typeof startMopsProcess>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    mops = await startMopsProcess({ DATABASE_URL: database.url, MOPS_API_KEY: KEY });
  }, 120_000);
  afterAll(async () => {
    mops?.child.kill('SIGTERM');
    await new Promise((resolve) => mops?.child.once('exit', resolve));
    await database?.drop();
  });

  it('is stitched to the person on submit: page views, source, medium, channel, campaign, first touch', async () => {
    const browser = await launchBrowser({ userAgent: DESKTOP_USER_AGENT });
    try {
      const { page } = browser;
      const tracked = () => page.waitForRequest((r) => r.url().endsWith('/v1/t') && r.method() === 'POST');
      await page.goto(
        `${mops.url}/p/demo?utm_source=LinkedIn&utm_medium=Paid-Social&utm_campaign=${CAMPAIGN}`,
      );
      await tracked();
      await Promise.all([page.waitForURL(/\/p\/pricing$/), page.click('nav a[href="/p/pricing"]')]);
      await tracked();
      await page.goBack();
      await page.waitForURL(/\/p\/demo\?/);
      await page.fill('#f-email', 'ada.journey@initech.example');
      await page.fill('#f-first_name', 'Ada');
      await page.fill('#f-last_name', 'Lovelace');
      await page.fill('#f-company', 'Initech');
      await page.fill('#f-title', 'VP Marketing');
      await page.fill('#f-country', 'United States');
      await page.fill('#f-state', 'California');
      await page.fill('#f-phone', '+1 415 555 0100');
      await page.click('button[type=submit]');
      // (A locator, not an evaluated string: the page's Content-Security-Policy forbids eval, as it should.)
      await page.locator('#mops-result', { hasText: 'Thank you' }).waitFor();
      const personId = await page.getAttribute('#mops-result', 'data-person-id');
      expect(personId).toMatch(/^[0-9a-f-]{36}$/);
      // The host page never threw.
      expect(browser.pageErrors).toEqual([]);

      const api = (path: string) =>
        fetch(`${mops.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } }).then((r) => r.json());
      // Page views still in flight when the form was sent arrive a moment later; they find the person too.
      let events: {
        type: string;
        path: string | null;
        channel: string;
        utm: Record<string, string>;
        campaign: string;
      }[] = [];
      for (let i = 0; i < 50 && events.filter((e) => e.type === 'page_view').length < 3; i++) {
        const timeline = (await api(`/v1/people/${personId}/timeline`)) as {
          items: { kind: string; data: never }[];
        };
        events = timeline.items.filter((item) => item.kind === 'event').map((item) => item.data);
        if (events.filter((e) => e.type === 'page_view').length < 3)
          await new Promise((r) => setTimeout(r, 100));
      }
      const views = events.filter((e) => e.type === 'page_view');
      expect(views.map((e) => e.path)).toEqual(['/p/demo', '/p/pricing', '/p/demo']);
      for (const event of [...views, ...events.filter((e) => e.type === 'form_submit')]) {
        expect(event).toMatchObject({
          channel: 'paid_social',
          utm: { source: 'linkedin', medium: 'paid_social', campaign: CAMPAIGN },
          campaign: CAMPAIGN,
        });
      }
      const person = (await api(`/v1/people/${personId}`)) as {
        attribution: { first_touch: { type: string; url: string }; original_source: Record<string, unknown> };
      };
      expect(person.attribution.first_touch.type).toBe('page_view');
      expect(person.attribution.first_touch.url).toContain('/p/demo?utm_source=LinkedIn');
      expect(person.attribution.original_source).toMatchObject({
        source: 'linkedin',
        medium: 'paid_social',
        channel: 'paid_social',
        campaign: CAMPAIGN,
      });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
