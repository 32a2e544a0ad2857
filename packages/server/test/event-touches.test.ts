import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, createTestApp, demoRequest, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const send = (batch: unknown[]) =>
  t.request('/v1/events', { method: 'POST', headers: authHeader, json: { batch } });

describe('track events as touches', () => {
  it('an event that says where it came from is classified by the channel rules; one that does not stays a plain event', async () => {
    const person = demoRequest();
    const email = person.email as string;
    expect(
      (await t.request('/v1/forms/demo-request/submissions', { method: 'POST', json: person })).status,
    ).toBe(201);
    const response = await send([
      {
        type: 'track',
        event: 'webinar_attended',
        email,
        message_id: 'w-1',
        properties: {
          campaign: '2026-12_webinar_emea_ai-ops',
          utm_source: 'LinkedIn',
          utm_medium: 'webinar',
        },
      },
      {
        type: 'track',
        event: 'email_click',
        email,
        message_id: 'e-1',
        properties: { utm_source: 'hs_email', utm_medium: 'email' },
      },
      { type: 'track', event: 'feature_used', email, message_id: 'f-1', properties: { feature: 'exports' } },
      {
        type: 'track',
        event: 'sales_touch',
        email,
        message_id: 's-1',
        properties: { activity: 'call', utm_source: 'x' },
      },
      // A product event on an app page is not a marketing touch; a link with UTMs is.
      {
        type: 'track',
        event: 'report_viewed',
        email,
        message_id: 'u-1',
        properties: { url: 'https://app.northwind.example/reports' },
      },
      {
        type: 'track',
        event: 'link_opened',
        email,
        message_id: 'u-2',
        properties: { url: 'https://www.northwind.example/?utm_source=g2&utm_medium=referral' },
      },
    ]);
    expect(response.status).toBe(200);
    const rows = await t.database.pool.query<{
      type: string;
      channel: string | null;
      channel_rule: string | null;
      utm: Record<string, string> | null;
      utm_raw: Record<string, string> | null;
      campaign: string | null;
    }>(
      `SELECT e.type, e.channel, e.channel_rule, e.utm, e.utm_raw, c.name AS campaign
         FROM events e LEFT JOIN campaigns c ON c.id = e.campaign_id
        WHERE e.type <> 'form_submit' ORDER BY e.id`,
    );
    expect(rows.rows.map((r) => [r.type, r.channel, r.channel_rule])).toEqual([
      ['webinar_attended', 'events', 'event-touch'],
      ['email_click', 'email', 'email-touch'],
      ['feature_used', null, null],
      ['sales_touch', null, null],
      ['report_viewed', null, null],
      ['link_opened', 'review_sites', 'review-sites'],
    ]);
    // Raw values kept beside the canonical ones; the campaign linked by its name.
    expect(rows.rows[0]).toMatchObject({
      utm: { source: 'linkedin', medium: 'webinar', campaign: '2026-12_webinar_emea_ai-ops' },
      utm_raw: { source: 'LinkedIn' },
      campaign: '2026-12_webinar_emea_ai-ops',
    });
    expect(rows.rows[1]?.utm).toMatchObject({ source: 'newsletter' });
  });
});
