import {
  type CompiledPlaybook,
  type NonConformingUtm,
  normalizeUtm,
  reportNonConformingUtms,
  UTM_PARAMETERS,
  type UtmParameter,
} from '@mops/core';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MopsError } from '../errors.ts';

export interface ReportWindow {
  since: Date;
  until: Date;
}

/** `30d`, `12w`, `6m` or an ISO date: the start of a report's window. Default 90 days back. */
export function reportWindow(since: string | undefined, now: Date): ReportWindow {
  if (!since) return { since: new Date(now.getTime() - 90 * 86_400_000), until: now };
  const relative = /^(\d{1,4})([dwm])$/.exec(since);
  if (relative) {
    const days = Number(relative[1]) * ({ d: 1, w: 7, m: 30 } as const)[relative[2] as 'd' | 'w' | 'm'];
    return { since: new Date(now.getTime() - days * 86_400_000), until: now };
  }
  const at = new Date(since);
  if (!/^\d{4}-\d{2}-\d{2}/.test(since) || Number.isNaN(at.getTime())) {
    throw new MopsError(
      'INVALID_QUERY',
      `since must be like 30d, 12w, 6m or a date (2026-09-01), got "${since.slice(0, 40)}"`,
    );
  }
  return { since: at, until: now };
}

export interface UtmConformanceReport {
  window: ReportWindow;
  /** Touches in the window that carried any UTM (the denominator). */
  tagged_touches: number;
  /** Of those, touches with at least one non-conforming value. */
  non_conforming_touches: number;
  values: NonConformingUtm[];
}

/**
 * UTM governance's non-conformance report: which raw values arrived that are not the playbook's
 * canonical values (or, for utm_campaign, not a registered campaign), how many touches carried
 * them, which campaigns, and the alias to add. Re-normalised under the current playbook, so an
 * alias added today cleans the report at once. Bots are left out.
 */
export async function utmConformanceReport(
  db: Kysely<DB>,
  playbook: CompiledPlaybook,
  window: ReportWindow,
): Promise<UtmConformanceReport> {
  const usage = await sql<{ param: UtmParameter; raw: string; campaign: string | null; touches: number }>`
    SELECT p.param, e.utm_raw->>p.param AS raw, COALESCE(c.name, e.utm->>'campaign') AS campaign, count(*)::int AS touches
      FROM events e
      CROSS JOIN unnest(${[...UTM_PARAMETERS]}::text[]) AS p(param)
      LEFT JOIN campaigns c ON c.id = e.campaign_id
     WHERE NOT e.is_bot AND e.utm_raw ? p.param AND e.received_at >= ${window.since} AND e.received_at <= ${window.until}
     GROUP BY 1, 2, 3`.execute(db);
  const registered = new Set(
    (
      await sql<{
        utm_campaign: string;
      }>`SELECT utm_campaign FROM campaigns WHERE utm_campaign IS NOT NULL`.execute(db)
    ).rows.map((r) => r.utm_campaign),
  );
  const values = reportNonConformingUtms(usage.rows, playbook.utm, {
    isConformingCampaign: (value) => registered.has(value),
  });
  // The denominator and the count, judged like the list: under the current playbook and registry.
  const combinations = await sql<{ utm_raw: Record<string, string>; touches: number }>`
    SELECT utm_raw, count(*)::int AS touches
      FROM events e
     WHERE NOT e.is_bot AND e.utm_raw IS NOT NULL AND e.utm_raw <> '{}'::jsonb
       AND e.received_at >= ${window.since} AND e.received_at <= ${window.until}
     GROUP BY utm_raw`.execute(db);
  let tagged = 0;
  let nonConforming = 0;
  for (const { utm_raw: raw, touches } of combinations.rows) {
    tagged += touches;
    const off = UTM_PARAMETERS.some(
      (param) =>
        raw[param] !== undefined &&
        normalizeUtm(param, raw[param], playbook.utm, { isConformingCampaign: (v) => registered.has(v) })
          .conforming === false,
    );
    if (off) nonConforming += touches;
  }
  return {
    window,
    tagged_touches: tagged,
    non_conforming_touches: nonConforming,
    values,
  };
}

export interface ChannelReport {
  window: ReportWindow;
  touches: number;
  channels: { channel: string; touches: number; people: number; visitors: number; share: number }[];
  /** What the unassigned touches carried, most common first: the rules to write next. */
  unassigned: {
    source: string | null;
    medium: string | null;
    referrer_domain: string | null;
    touches: number;
  }[];
  by_rule: { channel: string; rule: string | null; touches: number }[];
}

/** Touches by channel in a window (bots left out), with what the unassigned ones carried. */
export async function channelReport(db: Kysely<DB>, window: ReportWindow): Promise<ChannelReport> {
  const inWindow = sql`received_at >= ${window.since} AND received_at <= ${window.until}`;
  const channels = await sql<{ channel: string; touches: number; people: number; visitors: number }>`
    SELECT channel, count(*)::int AS touches, count(DISTINCT person_id)::int AS people,
           count(DISTINCT visitor_id)::int AS visitors
      FROM touches WHERE channel IS NOT NULL AND ${inWindow}
     GROUP BY channel ORDER BY touches DESC, channel`.execute(db);
  const total = channels.rows.reduce((sum, row) => sum + row.touches, 0);
  const unassigned = await sql<{
    source: string | null;
    medium: string | null;
    referrer_domain: string | null;
    touches: number;
  }>`
    SELECT utm->>'source' AS source, utm->>'medium' AS medium, referrer_domain, count(*)::int AS touches
      FROM touches WHERE channel = 'unassigned' AND ${inWindow}
     GROUP BY 1, 2, 3 ORDER BY touches DESC LIMIT 50`.execute(db);
  const byRule = await sql<{ channel: string; rule: string | null; touches: number }>`
    SELECT channel, channel_rule AS rule, count(*)::int AS touches
      FROM touches WHERE channel IS NOT NULL AND ${inWindow}
     GROUP BY 1, 2 ORDER BY touches DESC`.execute(db);
  return {
    window,
    touches: total,
    channels: channels.rows.map((row) => ({ ...row, share: total === 0 ? 0 : row.touches / total })),
    unassigned: unassigned.rows,
    by_rule: byRule.rows,
  };
}
