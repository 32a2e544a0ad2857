import { boundedMemo } from '../bounded-memo.ts';
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

/**
 * A rule ready to run. Every condition is a field (null = not used), so all rules share one shape
 * and matching stays fast (the classifier runs on every ingested event).
 */
export interface CompiledChannelRule {
  id: string;
  channel: string;
  /** The rule as written, for explanations and the console. */
  when: ChannelCondition;
  types: ReadonlySet<string> | null;
  hasUtm: boolean | null;
  hasClickId: boolean | null;
  hasReferrer: boolean | null;
  sources: ReadonlySet<string> | null;
  sourceLists: readonly ReferrerListName[] | null;
  mediums: ReadonlySet<string> | null;
  mediumRegex: RegExp | null;
  campaignRegex: RegExp | null;
  referrerDomains: readonly string[] | null;
  referrerLists: readonly ReferrerListName[] | null;
  clickIds: readonly string[] | null;
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
  const w = rule.when;
  return {
    id: rule.id,
    channel: rule.channel,
    when: w,
    types: w.type ? new Set(w.type.map((t) => t.toLowerCase())) : null,
    hasUtm: w.has_utm ?? null,
    hasClickId: w.has_click_id ?? null,
    hasReferrer: w.has_referrer ?? null,
    sources: values('source', w.source),
    sourceLists: w.source_list ?? null,
    mediums: values('medium', w.medium),
    mediumRegex: regex(w.medium_matches),
    campaignRegex: regex(w.campaign_matches),
    referrerDomains: w.referrer_domain?.map((d) => d.toLowerCase()) ?? null,
    referrerLists: w.referrer_list ?? null,
    clickIds: w.click_id?.map((id) => id.toLowerCase()) ?? null,
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
  let decide = decisions.get(rules);
  if (!decide) {
    // Touches of one campaign or one referrer carry the same facts: each set is decided once.
    decide = boundedMemo(10_000, (key) => decideChannel(JSON.parse(key) as TouchFacts, rules));
    decisions.set(rules, decide);
  }
  return decide(JSON.stringify(facts));
}

/** Per set of rules (one per playbook version), the decisions by the facts they were made on. */
const decisions = new WeakMap<readonly CompiledChannelRule[], (facts: string) => ChannelDecision>();

function decideChannel(facts: TouchFacts, rules: readonly CompiledChannelRule[]): ChannelDecision {
  for (const rule of rules) {
    if (matches(rule, facts))
      return {
        channel: rule.channel,
        ruleId: rule.id,
        reason: `rule "${rule.id}": ${explain(rule, facts).join(', ')}`,
      };
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

/** Whether every condition of the rule holds; cheap checks first. */
function matches(rule: CompiledChannelRule, t: TouchFacts): boolean {
  if (rule.types !== null && (t.type === null || !rule.types.has(t.type))) return false;
  if (rule.hasUtm !== null && rule.hasUtm !== (t.source !== null || t.medium !== null || t.campaign !== null))
    return false;
  if (rule.hasClickId !== null && rule.hasClickId !== t.clickIds.length > 0) return false;
  if (
    rule.hasReferrer !== null &&
    rule.hasReferrer !== (t.referrerHost !== null || t.referrerDomain !== null)
  )
    return false;
  if (rule.sources !== null && (t.source === null || !rule.sources.has(t.source))) return false;
  if (rule.mediums !== null && (t.medium === null || !rule.mediums.has(t.medium))) return false;
  if (rule.clickIds !== null && !rule.clickIds.some((id) => t.clickIds.includes(id))) return false;
  if (rule.mediumRegex !== null && (t.medium === null || !rule.mediumRegex.test(t.medium))) return false;
  if (rule.campaignRegex !== null && (t.campaign === null || !rule.campaignRegex.test(t.campaign)))
    return false;
  if (rule.sourceLists !== null && (t.source === null || sourceListHit(rule.sourceLists, t.source) === null))
    return false;
  if (rule.referrerDomains !== null && referrerDomainHit(rule.referrerDomains, t) === null) return false;
  if (rule.referrerLists !== null && referrerListHit(rule.referrerLists, t) === null) return false;
  return true;
}

/** The phrases saying why each condition of a matching rule holds. */
function explain(rule: CompiledChannelRule, t: TouchFacts): string[] {
  const w = rule.when;
  const why: string[] = [];
  if (rule.types !== null) why.push(`touch type "${t.type}"`);
  if (rule.hasUtm !== null) why.push(rule.hasUtm ? 'UTM parameters present' : 'no UTM parameters');
  if (rule.hasClickId !== null)
    why.push(rule.hasClickId ? `click id ${t.clickIds.join(', ')}` : 'no click id');
  if (rule.hasReferrer !== null) {
    why.push(
      rule.hasReferrer
        ? `referrer ${t.referrerHost ?? t.referrerDomain}`
        : t.internalReferrer
          ? 'only an internal referrer'
          : 'no referrer',
    );
  }
  if (rule.sources !== null) why.push(`source "${t.source}"`);
  if (rule.sourceLists !== null && t.source !== null) {
    const hit = sourceListHit(rule.sourceLists, t.source);
    if (hit) why.push(`source "${t.source}" is ${LIST_WORDS[hit.list]} (${hit.site})`);
  }
  if (rule.mediums !== null) why.push(`medium "${t.medium}"`);
  if (rule.mediumRegex !== null) why.push(`medium "${t.medium}" matches ${w.medium_matches}`);
  if (rule.campaignRegex !== null) why.push(`campaign "${t.campaign}" matches ${w.campaign_matches}`);
  if (rule.referrerDomains !== null) why.push(`referrer ${referrerDomainHit(rule.referrerDomains, t)}`);
  if (rule.referrerLists !== null) {
    const hit = referrerListHit(rule.referrerLists, t);
    if (hit)
      why.push(`referrer ${t.referrerHost ?? t.referrerDomain} is ${LIST_WORDS[hit.list]} (${hit.site})`);
  }
  if (rule.clickIds !== null) why.push(`click id ${rule.clickIds.find((id) => t.clickIds.includes(id))}`);
  return why;
}

function sourceListHit(lists: readonly ReferrerListName[], source: string) {
  return firstListHit(lists, { source });
}

function referrerListHit(lists: readonly ReferrerListName[], t: TouchFacts) {
  if (t.referrerHost === null && t.referrerDomain === null) return null;
  return firstListHit(lists, { host: t.referrerHost, domain: t.referrerDomain });
}

/** The referrer host when it is one of the domains or under one; null otherwise. */
function referrerDomainHit(domains: readonly string[], t: TouchFacts): string | null {
  const host = t.referrerHost ?? t.referrerDomain;
  if (host === null) return null;
  return domains.some((d) => sameOrSubdomain(host, d)) ? host : null;
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
