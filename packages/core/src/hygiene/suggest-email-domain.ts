import { parse } from 'tldts';
import { levenshtein } from '../text/suggest.ts';

// "Did you mean gmail.com?" for mistyped mail domains. A wrong suggestion is worse than none
// (people accept it and the real address is lost), so this only ever points at a short list of
// big consumer providers, and only from domains that are close to one and not themselves real.

// The consumer mailbox providers that dominate sign-up forms. Hand-picked (facts, not a copied
// list); typos of anything else are too rare to be worth a guess.
const POPULAR: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.co.in',
  'yahoo.com.au',
  'yahoo.com.br',
  'yahoo.ca',
  'yahoo.fr',
  'yahoo.de',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'hotmail.de',
  'hotmail.it',
  'hotmail.es',
  'outlook.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'protonmail.com',
  'proton.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
  'yandex.ru',
  'mail.ru',
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  'bellsouth.net',
  'cox.net',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'btinternet.com',
  'sky.com',
  'shaw.ca',
  'rogers.com',
  'qq.com',
  '163.com',
  'naver.com',
  'rediffmail.com',
  'zoho.com',
  'fastmail.com',
];

// Real providers one or two edits away from a popular one: never "corrected".
const REAL_LOOKALIKES: readonly string[] = [
  'mail.com',
  'email.com',
  'ymail.com',
  'gmx.us',
  'gmx.at',
  'gmx.ch',
  'live.co.uk',
  'live.fr',
  'outlook.fr',
  'outlook.de',
  'hotmail.ca',
  'yahoo.es',
  'yahoo.it',
  'rocketmail.com',
  'pm.me',
  'hey.com',
  'tuta.com',
];

// Real country TLDs that are also the usual slips for ".com"/".net": only corrected after the
// name of a popular provider ("gmail.co"), never on their own ("acme.co" is a real company).
const TLD_SLIPS = new Set(['co', 'cm', 'om', 'ne']);
// Generic TLDs a typo in an unknown TLD most likely meant ("acme.con" → "acme.com").
const COMMON_TLDS: readonly string[] = ['com', 'net', 'org'];

const MAX_DOMAIN = 253;
const DOMAIN_SHAPE = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;

let known: { real: ReadonlySet<string>; bySld: ReadonlyMap<string, string> } | undefined;

function tables() {
  if (known === undefined) {
    const bySld = new Map<string, string>();
    // First listed wins: "yahoo" alone means yahoo.com, not yahoo.co.uk.
    for (const domain of POPULAR) {
      const sld = domain.slice(0, domain.indexOf('.'));
      if (!bySld.has(sld)) bySld.set(sld, domain);
    }
    known = { real: new Set([...POPULAR, ...REAL_LOOKALIKES]), bySld };
  }
  return known;
}

function isKnownSuffix(tld: string): boolean {
  const result = parse(`example.${tld}`);
  return result.isIcann === true && result.publicSuffix === tld;
}

// How far a name may be from a provider's: none for short names ("aol", "live": "hive.com" is
// a company), one edit (transposition included) for most, two for long ones ("googlemial").
function allowedEdits(providerName: string): number {
  if (providerName.length <= 4) return 0;
  return providerName.length >= 9 ? 2 : 1;
}

function tldMatches(typed: string, wanted: string): boolean {
  if (typed === wanted) return true;
  if (levenshtein(typed, wanted) > 1) return false;
  return TLD_SLIPS.has(typed) || !isKnownSuffix(typed);
}

function suggestProvider(sld: string, tld: string): string | null {
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  let tied = false;
  for (const provider of POPULAR) {
    const dot = provider.indexOf('.');
    const providerSld = provider.slice(0, dot);
    const providerTld = provider.slice(dot + 1);
    if (Math.abs(providerSld.length - sld.length) > 2) continue;
    const edits = sld === providerSld ? 0 : levenshtein(sld, providerSld);
    if (edits > allowedEdits(providerSld) || !tldMatches(tld, providerTld)) continue;
    const score = edits + (tld === providerTld ? 0 : 1);
    if (score < bestScore) {
      best = provider;
      bestScore = score;
      tied = false;
    } else if (score === bestScore && provider !== best) {
      tied = true;
    }
  }
  return tied ? null : best;
}

function fixUnknownTld(labels: readonly string[]): string | null {
  const last = labels[labels.length - 1] ?? '';
  if (last.length > 4 || isKnownSuffix(last)) return null;
  const near = COMMON_TLDS.filter((tld) => levenshtein(last, tld) === 1);
  if (near.length !== 1) return null;
  return [...labels.slice(0, -1), near[0]].join('.');
}

/**
 * Suggests the intended domain for a mistyped one ("gmial.com" → "gmail.com", "hotmail.con" →
 * "hotmail.com", "acme.cmo" → "acme.com"), or null when the domain looks intended: a popular or
 * otherwise real provider (gmx.com, ymail.com), a company domain not within one edit of a big
 * provider, or a real top-level domain. Accepts a bare domain, "@domain" or a whole address.
 */
export function suggestEmailDomain(domain: string): string | null {
  const input = domain.trim().toLowerCase();
  const clean = input.slice(input.lastIndexOf('@') + 1).replace(/\.+$/, '');
  if (clean === '' || clean.length > MAX_DOMAIN || !DOMAIN_SHAPE.test(clean)) return null;
  const { real, bySld } = tables();
  if (real.has(clean)) return null;
  const labels = clean.split('.');
  const sld = labels[0] ?? '';
  // "jane@gmail": the provider's name without any TLD.
  if (labels.length === 1) return bySld.get(sld) ?? null;
  const suggestion = suggestProvider(sld, labels.slice(1).join('.')) ?? fixUnknownTld(labels);
  return suggestion === clean ? null : suggestion;
}
