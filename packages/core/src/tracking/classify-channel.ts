import { compileRegex } from '../conditions/regex.ts';
import { registrableDomain } from '../hygiene/domain.ts';
import { CLICK_IDS, findSite, REFERRER_LISTS, type ReferrerListName } from './channels.ts';
import { DEFAULT_CHANNEL_RULES } from './default-channel-rules.ts';
import { normalizeUtmText } from './normalize-utm.ts';
import type { ChannelCondition, ChannelRuleInput, Channels } from './tracking.schema.ts';
import { isSameSite } from './whatwg-url.ts';

/** One touch as the classifier sees it. UTM values should already be normalised (`normalizeUtm`). */
export interface ChannelTouch {
  source?: string | null;
  medium?: string | null;
  campaign?: string | null;
  /** Registrable domain of the referrer (`parsePageView().referrerDomain`). */
  referrerDomain?: string | null;
  /** Full referrer host, or the app id of an `android-app://` referrer; lets lists tell mail.google.com from google.com. */
  referrerHost?: string | null;
  /** When known (parsePageView). Otherwise decided from `landingHost`. */
  referrerIsInternal?: boolean;
  /** Click id names present on the landing URL (or the `clickIds` record of `parsePageView`). */
  clickIds?: readonly string[] | Readonly<Record<string, unknown>>;
  /** Host of the page the touch landed on; a referrer on the same site is internal, not a referral. */
  landingHost?: string | null;
  /** page_view, form_submit, email_click, webinar_attended, … */
  type?: string | null;
}

export interface ChannelDecision {
  channel: string;
  /** The rule that matched; null for `unassigned`. */
  ruleId: string | null;
  /** Why, in words, e.g. `rule "paid-social": source "linkedin" is a social network, medium "cpc" is paid`. */
  reason: string;
}

export interface CompiledChannelRule {
  id: string;
  channel: string;
  when: ChannelCondition;
  sources: ReadonlySet<string> | null;
  mediums: ReadonlySet<string> | null;
  mediumRegex: RegExp | null;
  campaignRegex: RegExp | null;
}

/**
 * The playbook's `channels:` section as rules in order: its own rules, or the built-in rules when
 * it has none (`DEFAULT_CHANNEL_RULES`), or its own then the built-in ones with
 * `append_default_rules`. Source and medium values are normalised like touch values, so a rule
 * written `medium: [Paid-Social]` matches `paid_social`. The playbook must have passed its checks.
 */
export function compileChannelRules(channels: Channels | undefined): CompiledChannelRule[] {
  const own = channels?.rules;
  const rules: readonly ChannelRuleInput[] =
    own === undefined
      ? DEFAULT_CHANNEL_RULES
      : channels?.append_default_rules
        ? [...own, ...DEFAULT_CHANNEL_RULES]
        : own;
  return rules.map(compileChannelRule);
}

export function compileChannelRule(rule: ChannelRuleInput): CompiledChannelRule {
  const values = (param: 'source' | 'medium', list: readonly string[] | undefined) =>
    list ? new Set(list.map((v) => normalizeUtmText(param, v) ?? '')) : null;
  const regex = (pattern: string | undefined) => {
    if (pattern === undefined) return null;
    const compiled = compileRegex(pattern);
    if (!compiled.ok) throw new Error(`compileChannelRule: unchecked playbook: ${compiled.error}`);
    return compiled.value;
  };
  return {
    id: rule.id,
    channel: rule.channel,
    when: rule.when,
    sources: values('source', rule.when.source),
    mediums: values('medium', rule.when.medium),
    mediumRegex: regex(rule.when.medium_matches),
    campaignRegex: regex(rule.when.campaign_matches),
  };
}

const LIST_WORDS: Record<ReferrerListName, string> = {
  search_engines: 'a search engine',
  social_networks: 'a social network',
  video_sites: 'a video site',
  webmail: 'webmail',
};

/**
 * The channel of one touch: the first rule whose every condition holds. A touch no rule matches
 * is `unassigned`, with what it carried, so the report can show what to add to the playbook.
 */
export function classifyChannel(touch: ChannelTouch, rules: readonly CompiledChannelRule[]): ChannelDecision {
  const facts = touchFacts(touch);
  for (const rule of rules) {
    const why = explainMatch(rule, facts);
    if (why !== null)
      return { channel: rule.channel, ruleId: rule.id, reason: `rule "${rule.id}": ${why.join(', ')}` };
  }
  return { channel: 'unassigned', ruleId: null, reason: `no channel rule matched (${describeTouch(facts)})` };
}

interface TouchFacts {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  /** External referrer only; null when absent or internal. */
  referrerHost: string | null;
  referrerDomain: string | null;
  internalReferrer: boolean;
  clickIds: string[];
  type: string | null;
}

function touchFacts(touch: ChannelTouch): TouchFacts {
  const host = touch.referrerHost?.toLowerCase() || null;
  const domain = touch.referrerDomain?.toLowerCase() || null;
  let internal = touch.referrerIsInternal ?? false;
  if (touch.referrerIsInternal === undefined && touch.landingHost && (host || domain)) {
    const landing = touch.landingHost.toLowerCase();
    internal = isSameSite(host ?? (domain as string), landing, registrableDomain);
  }
  const ids = touch.clickIds ?? [];
  const clickIds = (Array.isArray(ids) ? ids : Object.keys(ids)).map((id) => id.toLowerCase());
  return {
    source: touch.source || null,
    medium: touch.medium || null,
    campaign: touch.campaign || null,
    referrerHost: internal ? null : host,
    referrerDomain: internal ? null : domain,
    internalReferrer: internal && (host !== null || domain !== null),
    clickIds: clickIds.filter((id) => Object.hasOwn(CLICK_IDS, id)),
    type: touch.type?.toLowerCase() || null,
  };
}

/** The phrases saying why each condition holds, or null as soon as one does not. */
function explainMatch(rule: CompiledChannelRule, t: TouchFacts): string[] | null {
  const w = rule.when;
  const why: string[] = [];
  if (w.type) {
    if (t.type === null || !w.type.includes(t.type)) return null;
    why.push(`touch type "${t.type}"`);
  }
  if (w.has_utm !== undefined) {
    const has = t.source !== null || t.medium !== null || t.campaign !== null;
    if (has !== w.has_utm) return null;
    why.push(has ? 'UTM parameters present' : 'no UTM parameters');
  }
  if (w.has_click_id !== undefined) {
    const has = t.clickIds.length > 0;
    if (has !== w.has_click_id) return null;
    why.push(has ? `click id ${t.clickIds.join(', ')}` : 'no click id');
  }
  if (w.has_referrer !== undefined) {
    const has = t.referrerHost !== null || t.referrerDomain !== null;
    if (has !== w.has_referrer) return null;
    why.push(
      has
        ? `referrer ${t.referrerHost ?? t.referrerDomain}`
        : t.internalReferrer
          ? 'only an internal referrer'
          : 'no referrer',
    );
  }
  if (rule.sources) {
    if (t.source === null || !rule.sources.has(t.source)) return null;
    why.push(`source "${t.source}"`);
  }
  if (w.source_list) {
    const hit = t.source === null ? null : firstListHit(w.source_list, { source: t.source });
    if (!hit) return null;
    why.push(`source "${t.source}" is ${LIST_WORDS[hit.list]} (${hit.site})`);
  }
  if (rule.mediums) {
    if (t.medium === null || !rule.mediums.has(t.medium)) return null;
    why.push(`medium "${t.medium}"`);
  }
  if (rule.mediumRegex) {
    if (t.medium === null || !rule.mediumRegex.test(t.medium)) return null;
    why.push(`medium "${t.medium}" matches ${w.medium_matches}`);
  }
  if (rule.campaignRegex) {
    if (t.campaign === null || !rule.campaignRegex.test(t.campaign)) return null;
    why.push(`campaign "${t.campaign}" matches ${w.campaign_matches}`);
  }
  if (w.referrer_domain) {
    const host = t.referrerHost ?? t.referrerDomain;
    const hit =
      host === null ? undefined : w.referrer_domain.find((d) => sameOrSubdomain(host, d.toLowerCase()));
    if (hit === undefined) return null;
    why.push(`referrer ${host}`);
  }
  if (w.referrer_list) {
    const hit =
      t.referrerHost === null && t.referrerDomain === null
        ? null
        : firstListHit(w.referrer_list, { host: t.referrerHost, domain: t.referrerDomain });
    if (!hit) return null;
    why.push(`referrer ${t.referrerHost ?? t.referrerDomain} is ${LIST_WORDS[hit.list]} (${hit.site})`);
  }
  if (w.click_id) {
    const hit = w.click_id.find((id) => t.clickIds.includes(id.toLowerCase()));
    if (hit === undefined) return null;
    why.push(`click id ${hit}`);
  }
  return why;
}

function firstListHit(
  lists: readonly ReferrerListName[],
  probe: { host?: string | null; domain?: string | null; source?: string },
): { list: ReferrerListName; site: string } | null {
  for (const list of lists) {
    const site = findSite(REFERRER_LISTS[list], probe);
    if (site) return { list, site: site.name };
  }
  return null;
}

function sameOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function describeTouch(t: TouchFacts): string {
  const parts = [
    `source ${t.source === null ? 'none' : `"${t.source}"`}`,
    `medium ${t.medium === null ? 'none' : `"${t.medium}"`}`,
    `referrer ${t.referrerHost ?? t.referrerDomain ?? (t.internalReferrer ? 'internal' : 'none')}`,
  ];
  if (t.clickIds.length > 0) parts.push(`click ids ${t.clickIds.join(', ')}`);
  if (t.type !== null) parts.push(`type ${t.type}`);
  return parts.join(', ');
}
