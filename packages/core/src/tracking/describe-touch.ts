import type { CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { classifyChannel } from './classify-channel.ts';
import { type BotVerdict, detectBot } from './detect-bot.ts';
import { normalizeUtms } from './normalize-utm.ts';
import { parsePageView } from './parse-page-view.ts';
import { UTM_PARAMETERS, type UtmParameter } from './tracking.schema.ts';

/** What the browser (or a form's hidden fields) said about where a touch came from. */
export interface TouchSighting {
  /** page_view, form_submit, track event name, email_open… */
  type: string;
  /** The page the touch happened on (absolute http(s) URL), if known. */
  url?: string | null;
  referrer?: string | null;
  title?: string | null;
  /** UTMs as sent, when they do not come from the URL (a form's hidden fields). */
  utm?: Partial<Record<UtmParameter, string | null>>;
  /** Click ids as sent (gclid, fbclid, li_fat_id…), when not on the URL. */
  clickIds?: Record<string, string>;
  /** The session's first touch as the tracking script kept it: where the visit came from. */
  sessionFirstTouch?: {
    utm?: Partial<Record<UtmParameter, string | null>>;
    click_ids?: Record<string, string>;
    referrer?: string | null;
    landing_url?: string | null;
  } | null;
  userAgent?: string | null;
  /** The user agent's verdict when already known (one per batch of events from one browser). */
  botVerdict?: BotVerdict;
}

/** A touch ready to store: normalised beside raw, classified, explained. */
export interface DescribedTouch {
  url: string | null;
  path: string | null;
  title: string | null;
  referrerDomain: string | null;
  /** Normalised values (aliases applied); null where absent. */
  utm: Record<UtmParameter, string | null>;
  /** As received, for the non-conformance report and audits. */
  utmRaw: Partial<Record<UtmParameter, string>>;
  /** Parameters whose value is not one of the playbook's canonical values. */
  nonConforming: UtmParameter[];
  clickIds: Record<string, string>;
  channel: string;
  channelRule: string | null;
  channelReason: string;
  /** Where the source facts came from: this touch itself, or the session that led to it. */
  attributedFrom: 'touch' | 'session' | 'none';
  /** The normalised utm_campaign, to link the touch to a registered campaign. */
  utmCampaign: string | null;
  bot: boolean;
  botReason: string | null;
  /** Problems with the input that did not stop the touch (a bad URL is kept out, not fatal). */
  warnings: string[];
}

/**
 * Takes one sighting apart the way the playbook says: page URL and referrer parsed, UTMs cleaned
 * and aliased (raw kept), channel by the playbook's ordered rules, bots flagged. A touch without
 * its own source facts — internal navigation, a form on the second page — takes the session's
 * first touch (the visit's source), as session-scoped analytics do; with neither it is direct.
 */
export function describeTouch(sighting: TouchSighting, playbook: CompiledPlaybook): DescribedTouch {
  const warnings: string[] = [];
  const page = sighting.url
    ? parsePageView({ url: sighting.url, referrer: sighting.referrer, title: sighting.title })
    : null;
  if (page && !page.ok) warnings.push(`url: ${page.error.message}`);
  const view = page?.ok ? page.value : null;

  const ownUtm = pick(sighting.utm) ?? (view ? pick(view.utm) : null);
  const ownClickIds = { ...(view?.clickIds ?? {}), ...(sighting.clickIds ?? {}) };
  const externalReferrer = view ? view.referrerDomain !== null && !view.referrerIsInternal : false;
  const hasOwnSource = ownUtm !== null || Object.keys(ownClickIds).length > 0 || externalReferrer;

  const session = sighting.sessionFirstTouch ?? null;
  const sessionView =
    !hasOwnSource && session?.landing_url
      ? parsePageView({ url: session.landing_url, referrer: session.referrer ?? null })
      : null;
  const sessionUtm = !hasOwnSource
    ? (pick(session?.utm) ?? (sessionView?.ok ? pick(sessionView.value.utm) : null))
    : null;
  const sessionClickIds = !hasOwnSource
    ? { ...(sessionView?.ok ? sessionView.value.clickIds : {}), ...(session?.click_ids ?? {}) }
    : {};
  const sessionHasSource =
    sessionUtm !== null ||
    Object.keys(sessionClickIds).length > 0 ||
    (sessionView?.ok === true &&
      sessionView.value.referrerDomain !== null &&
      !sessionView.value.referrerIsInternal);

  const attributedFrom = hasOwnSource ? 'touch' : sessionHasSource ? 'session' : 'none';
  const rawUtm = (attributedFrom === 'session' ? sessionUtm : ownUtm) ?? {};
  const clickIds = attributedFrom === 'session' ? sessionClickIds : ownClickIds;
  const referrerView = attributedFrom === 'session' && sessionView?.ok ? sessionView.value : view;

  const normalized = normalizeUtms(rawUtm, playbook.utm, {
    isConformingCampaign: (value) => playbook.campaigns.byUtmCampaign.has(value),
  });
  // Spelled out rather than built from UTM_PARAMETERS: this runs for every page view.
  const utm: Record<UtmParameter, string | null> = {
    source: normalized.source.value,
    medium: normalized.medium.value,
    campaign: normalized.campaign.value,
    term: normalized.term.value,
    content: normalized.content.value,
  };
  const utmRaw: Partial<Record<UtmParameter, string>> = {};
  for (const p of UTM_PARAMETERS) {
    const raw = normalized[p].raw;
    if (raw !== null) utmRaw[p] = raw;
  }
  const nonConforming = UTM_PARAMETERS.filter((p) => normalized[p].conforming === false);
  const decision = classifyChannel(
    {
      source: utm.source,
      medium: utm.medium,
      campaign: utm.campaign,
      referrerDomain: referrerView?.referrerDomain ?? null,
      referrerHost: referrerView?.referrerHost ?? null,
      referrerIsInternal: referrerView?.referrerIsInternal ?? false,
      clickIds,
      landingHost: referrerView?.host ?? null,
      type: sighting.type,
    },
    playbook.channelRules,
  );
  const bot = sighting.botVerdict ?? detectBot(sighting.userAgent ?? null);
  return {
    url: view?.url ?? null,
    path: view?.path ?? null,
    title: view?.title ?? null,
    referrerDomain: view?.referrerIsInternal ? null : (view?.referrerDomain ?? null),
    utm,
    utmRaw,
    nonConforming,
    clickIds,
    channel: decision.channel,
    channelRule: decision.ruleId,
    channelReason:
      attributedFrom === 'session' ? `${decision.reason} (from the session's first touch)` : decision.reason,
    attributedFrom,
    utmCampaign: utm.campaign,
    bot: bot.bot,
    botReason: bot.reason,
    warnings,
  };
}

/** The UTMs that are actually there, or null when none is. */
function pick(
  utm: Partial<Record<UtmParameter, string | null>> | null | undefined,
): Partial<Record<UtmParameter, string>> | null {
  if (!utm) return null;
  const present: Partial<Record<UtmParameter, string>> = {};
  for (const p of UTM_PARAMETERS) {
    const value = utm[p];
    if (typeof value === 'string' && value.trim() !== '') present[p] = value;
  }
  return Object.keys(present).length > 0 ? present : null;
}
