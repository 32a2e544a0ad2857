import { type DescribedTouch, isoUtc } from '@mops/core';
import { UUID_PATTERN } from '../ids.ts';
import { sanitizeForJson } from '../pipeline/sanitize.ts';

/** What RECORD and the tracking ingest store about a touch (the `touch` object of an event). */
export interface TouchDocument {
  visitor_id: string | null;
  session_id: string | null;
  client_at: string | null;
  url: string | null;
  referrer_domain: string | null;
  utm: Record<string, string>;
  utm_raw: Record<string, string>;
  click_ids: Record<string, string>;
  channel: string;
  channel_rule: string | null;
  utm_campaign: string | null;
  is_bot: boolean;
}

/** A visitor or session id from the browser: a UUID, or nothing (a bad id is never stored). */
export function browserId(value: unknown): string | null {
  return typeof value === 'string' && UUID_PATTERN.test(value) ? value.toLowerCase() : null;
}

/** Client clocks outside this range are not clocks (and would not fit a timestamp column). */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/**
 * The touch as stored. Everything in it came from a browser or a link, so it is made storable
 * whatever it holds: a `%00` in a URL decodes to a NUL that PostgreSQL refuses in text and jsonb,
 * which would otherwise sink the whole batch (or a form's lead).
 */
export function touchDocument(
  touch: DescribedTouch,
  ids: { visitorId: string | null; sessionId?: string | null; clientAt?: Date | null },
): TouchDocument {
  const at = ids.clientAt?.getTime();
  return sanitizeForJson(
    {
      visitor_id: ids.visitorId,
      session_id: ids.sessionId ?? null,
      client_at: at !== undefined && at >= EARLIEST && at < LATEST ? isoUtc(at) : null,
      url: touch.url,
      referrer_domain: touch.referrerDomain,
      utm: present(touch.utm),
      utm_raw: touch.utmRaw,
      click_ids: touch.clickIds,
      channel: touch.channel,
      channel_rule: touch.channelRule,
      utm_campaign: touch.utmCampaign,
      is_bot: touch.bot,
    },
    16_384,
  ) as TouchDocument;
}

/** The parameters that are there (an absent one reads as null all the same, and costs nothing). */
function present(utm: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in utm) {
    const value = utm[key];
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * The touch's explanation, kept in the event's properties: why this channel, where its source came
 * from, which parameters were off. `compact` (page views, by the thousand) leaves out what the row
 * already says — the channel rule names the reason, and a touch's own source is the default —
 * and returns null when nothing is left.
 */
export function touchExplanation(
  touch: DescribedTouch,
  options: { compact?: boolean } = {},
): Record<string, unknown> | null {
  const compact = options.compact === true;
  const explanation: Record<string, unknown> = {};
  if (!compact) explanation.channel_reason = touch.channelReason;
  if (!compact || touch.attributedFrom !== 'touch') explanation.attributed_from = touch.attributedFrom;
  if (touch.nonConforming.length > 0) explanation.non_conforming_utm = touch.nonConforming;
  if (touch.bot) explanation.bot_reason = touch.botReason;
  if (touch.warnings.length > 0) explanation.warnings = touch.warnings;
  return Object.keys(explanation).length > 0 ? explanation : null;
}
