import type { ORIGINAL_SOURCE_RULES } from './tracking.schema.ts';

export type OriginalSourceRule = (typeof ORIGINAL_SOURCE_RULES)[number];

/** What the summary needs of a touch; callers pass their own richer rows and get them back. */
export interface SummaryTouch {
  /** When it happened (server time), as a Date or epoch milliseconds. */
  at: Date | number;
  channel: string;
  source?: string | null;
  medium?: string | null;
  campaign?: string | null;
  campaignId?: string | number | null;
  type?: string | null;
  /** Touches from bots are stored but never count. */
  bot?: boolean;
}

export interface OriginalSource<T> {
  source: string | null;
  medium: string | null;
  channel: string;
  campaign: string | null;
  campaignId: string | number | null;
  touch: T;
  reason: string;
}

export interface TouchSummary<T> {
  firstTouch: T | null;
  lastTouch: T | null;
  /** The most recent touch that is not direct (the usual "last non-direct click"). */
  lastNonDirectTouch: T | null;
  original: OriginalSource<T> | null;
  /** Touches considered (bots and undated touches left out). */
  counted: number;
  ignored: number;
}

/**
 * First touch, last touch and original source of one person's stitched history.
 *
 * The rule for the original source is the playbook's `tracking.original_source`:
 * - `first_touch` (default): the first touch, whatever its channel. Simple and stable: it never
 *   changes once set, which is what a CRM "original source" field promises.
 * - `first_non_direct`: when the first touch is direct (a typed URL, a bookmark, a stripped
 *   referrer), the first later touch that is not direct explains better how the person found
 *   us, so it wins; with no such touch the direct first touch stays.
 * `unassigned` touches are not direct: they carried UTMs or a referrer, only not a known one.
 * Touches are ordered by time; equal times keep the order given.
 */
export function computeFirstTouch<T extends SummaryTouch>(
  touches: readonly T[],
  rule: OriginalSourceRule = 'first_touch',
): TouchSummary<T> {
  const dated: { touch: T; at: number }[] = [];
  let ignored = 0;
  for (const touch of touches) {
    const at = typeof touch.at === 'number' ? touch.at : touch.at.getTime();
    if (touch.bot === true || !Number.isFinite(at)) ignored++;
    else dated.push({ touch, at });
  }
  dated.sort((a, b) => a.at - b.at);
  const ordered = dated.map((d) => d.touch);
  const first = ordered[0] ?? null;
  const last = ordered.at(-1) ?? null;
  const lastNonDirect = ordered.findLast((t) => t.channel !== 'direct') ?? null;

  let original: OriginalSource<T> | null = null;
  if (first !== null) {
    let touch = first;
    let reason = 'the first touch';
    if (first.channel === 'direct' && rule === 'first_non_direct') {
      const firstNonDirect = ordered.find((t) => t.channel !== 'direct');
      if (firstNonDirect) {
        touch = firstNonDirect;
        reason = 'the first touch that is not direct (the first touch was direct; rule first_non_direct)';
      } else {
        reason = 'the first touch (every touch is direct)';
      }
    }
    original = {
      source: touch.source ?? null,
      medium: touch.medium ?? null,
      channel: touch.channel,
      campaign: touch.campaign ?? null,
      campaignId: touch.campaignId ?? null,
      touch,
      reason,
    };
  }
  return {
    firstTouch: first,
    lastTouch: last,
    lastNonDirectTouch: lastNonDirect,
    original,
    counted: ordered.length,
    ignored,
  };
}
