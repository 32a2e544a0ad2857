import { registrableDomain } from '../hygiene/domain.ts';
import { suggest } from '../text/suggest.ts';
import { findSite, REFERRER_LISTS } from './channels.ts';
import { type CompiledUtm, cleanUtmValue } from './normalize-utm.ts';
import type { UtmParameter } from './tracking.schema.ts';

export type UtmSuggestionReason =
  /** The value is one of the playbook's aliases (already mapped on normalisation). */
  | 'alias'
  /** The value is a domain or app of a known site, or a common short name of it (`lnkd.in`, `fb`). */
  | 'known_site'
  /** The same letters without separators (`paidsocial` → `paid_social`). */
  | 'separators'
  /** A small edit away from a canonical value or alias (`linkdin` → `linkedin`). */
  | 'similar'
  /** Starts with, or has as one of its words, a canonical value (`newsletter_nov` → `newsletter`). */
  | 'contains';

export interface UtmSuggestion {
  /** The canonical value suggested. */
  value: string;
  reason: UtmSuggestionReason;
  /** One sentence for the non-conformance report and the link builder. */
  message: string;
}

/**
 * The most likely canonical value for a value that is not canonical, with the reason — for the
 * non-conformance report ("map `lnkd.in` → `linkedin`?") and the link builder's errors. Tried in
 * order of confidence: playbook alias, known site, separators, edit distance, prefix/word.
 * Deterministic: ties go to the canonical value listed first in the playbook. Null when the
 * parameter is not governed, the value is already canonical, or nothing is close enough.
 */
export function suggestUtmMapping(
  param: UtmParameter,
  value: string,
  utm: CompiledUtm,
): UtmSuggestion | null {
  const policy = utm[param];
  if (policy.canonical.length === 0) return null;
  const v = cleanUtmValue(param, value).value;
  if (v === null || policy.canonicalSet.has(v)) return null;
  const say = (to: string, reason: UtmSuggestionReason, why: string): UtmSuggestion => ({
    value: to,
    reason,
    message: `"${v}" ${why}; use "${to}"`,
  });

  const alias = policy.aliases.get(v);
  if (alias !== undefined) return say(alias, 'alias', 'is an alias in the playbook');

  const site = knownSite(v, policy.canonicalSet, policy.aliases);
  if (site) return say(site.value, 'known_site', site.why);

  const bare = (s: string) => s.replace(/[\s._-]+/g, '');
  const squeezed = bare(v);
  const sameLetters = policy.canonical.find((c) => bare(c) === squeezed);
  if (sameLetters !== undefined) return say(sameLetters, 'separators', 'has the same letters');

  const candidates = [...policy.canonical, ...policy.aliases.keys()];
  const close = suggest(v, candidates);
  if (close !== null) {
    const to = policy.canonicalSet.has(close) ? close : (policy.aliases.get(close) as string);
    return say(to, 'similar', close === to ? `looks like a misspelling of "${to}"` : `looks like "${close}"`);
  }

  const words = v.split(/[\s._-]+/);
  let best: string | null = null;
  for (const c of policy.canonical) {
    const hit = (c.length >= 3 && v.startsWith(c)) || words.includes(c) || (v.length >= 3 && c.startsWith(v));
    if (hit && (best === null || c.length > best.length)) best = c;
  }
  if (best !== null)
    return say(best, 'contains', v.startsWith(best) ? `starts with "${best}"` : `contains "${best}"`);
  return null;
}

function knownSite(
  v: string,
  canonical: ReadonlySet<string>,
  aliases: ReadonlyMap<string, string>,
): { value: string; why: string } | null {
  const pick = (name: string): string | null => (canonical.has(name) ? name : (aliases.get(name) ?? null));
  const looksLikeHost = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(v);
  const domain = looksLikeHost ? registrableDomain(v) : null;
  if (domain !== null && domain !== v) {
    const to = pick(domain);
    if (to !== null) return { value: to, why: `is a subdomain of ${domain}` };
  }
  if (domain !== null) {
    const label = domain.slice(0, domain.indexOf('.'));
    const to = pick(label);
    if (to !== null) return { value: to, why: `is the domain of ${label}` };
  }
  for (const list of Object.values(REFERRER_LISTS)) {
    const site = findSite(list, looksLikeHost ? { host: v, domain } : { source: v });
    if (site === null) continue;
    for (const name of [site.name, ...(site.aliases ?? [])]) {
      const to = pick(name);
      if (to !== null)
        return {
          value: to,
          why: looksLikeHost ? `is a ${site.name} domain` : `is a short name of ${site.name}`,
        };
    }
  }
  return null;
}
