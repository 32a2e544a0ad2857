import { type CompiledPlaybook, type DescribedTouch, describeTouch } from '@mops/core';

// A track event sent over the API (a webinar platform's "attended", an email tool's "clicked") is
// a marketing touch when it says where it came from: its UTMs, its campaign or the page it was on.
// Such an event is classified by the playbook's channel rules like a page view, so attribution
// sees the webinar and the newsletter, not only the web visits. Events that carry no source (a
// product event, a sales event) stay plain events: calling them "direct" would invent a channel.

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);

export function eventTouch(
  playbook: CompiledPlaybook,
  eventName: string,
  properties: Readonly<Record<string, unknown>>,
): DescribedTouch | null {
  const utm = {
    source: text(properties.utm_source),
    medium: text(properties.utm_medium),
    campaign: text(properties.utm_campaign) ?? text(properties.campaign),
    term: text(properties.utm_term),
    content: text(properties.utm_content),
  };
  const url = text(properties.url);
  const tagged = Object.values(utm).some((v) => v !== null);
  if (!tagged && url === null) return null;
  const described = describeTouch(
    {
      type: eventName,
      url: url !== null && /^https?:\/\//i.test(url) ? url : null,
      referrer: text(properties.referrer),
      utm,
      // Sent by a keyed integration, not a browser: there is no user agent to judge.
      botVerdict: { bot: false, reason: null, evidence: null },
    },
    playbook,
  );
  // A URL alone (an app page a product event happened on) is a source only when it carries one
  // (UTMs, click ids): otherwise it would be classified direct, a channel nobody chose.
  if (!tagged && described.channel === 'direct') return null;
  return described;
}
