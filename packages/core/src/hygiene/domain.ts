import { parse } from 'tldts';
import { boundedMemo } from '../bounded-memo.ts';

// Registrable domain ("eTLD+1") of whatever people put in a website or email field, from the
// Public Suffix List bundled with tldts: "https://www.Acme.co.uk/about" → "acme.co.uk". This is
// the company-domain key for account matching; a plain "last two labels" rule would make every
// .co.uk company "co.uk".
//
// Private PSL entries count too, so "acme.github.io" and "other.github.io" stay two domains
// rather than both becoming "github.io".

// A URL longer than this is pasted text; browsers cap around 2k–8k, hosts at 253.
const MAX_INPUT = 2_048;

/** The longest host name DNS allows. */
const MAX_HOST = 253;

function domainOfHostText(text: string): string | null {
  const result = parse(text.toLowerCase(), { allowPrivateDomains: true });
  if (result.isIp || result.domain === null || result.domain === '') return null;
  if (result.isIcann !== true && result.isPrivate !== true) return null;
  return result.domain.replace(/\.$/, '');
}

// Hosts repeat by the thousand: every page view of one site, every colleague at one company.
const domainOfHost = boundedMemo(20_000, domainOfHostText);

/**
 * Returns the registrable domain, lowercase, of a URL, bare host name (with or without
 * "www.", port, path or trailing dot), or email address. Returns null for IP addresses,
 * single-label hosts ("localhost"), bare public suffixes ("co.uk"), hosts under a top-level
 * domain the Public Suffix List does not know ("acme.local"), and anything that is not a host.
 * Internationalized names come back in the form given (Unicode or punycode): core has no IDN
 * converter, so "münchen.de" and "xn--mnchen-3ya.de" are two keys.
 */
export function registrableDomain(input: string): string | null {
  if (input.length > MAX_INPUT) return null;
  let text = input.trim();
  if (text === '') return null;
  // "Jane <jane@acme.com>" and plain addresses: the domain is after the last "@", unless the
  // "@" belongs to the userinfo of a URL, which tldts already understands.
  if (!text.includes('://')) {
    text = text.replace(/^mailto:/i, '');
    text = text.slice(text.lastIndexOf('@') + 1).replace(/>+$/, '');
  }
  // Only host-sized text is remembered: long (pasted, hostile) input would bloat the memo.
  return text.length <= MAX_HOST ? domainOfHost(text) : domainOfHostText(text);
}
