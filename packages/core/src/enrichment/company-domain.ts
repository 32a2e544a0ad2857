import type { FieldValue } from '../model.ts';

/**
 * The domain a company is looked up by: lowercase host name without scheme, "www.", port, path or
 * trailing dot. Returns null for anything that is not a plausible host name (an IP address, a
 * single label, spaces), so a sloppy CSV cell or website field never becomes a lookup key.
 */
export function normalizeDomainKey(input: string): string | null {
  // The common case — already a clean lowercase host — costs one test.
  if (CLEAN_HOST.test(input) && !input.startsWith('www.') && !ALL_DIGITS.test(input)) return input;
  let text = input.trim().toLowerCase();
  if (text === '' || text.length > 2048) return null;
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  text = text.slice(text.lastIndexOf('@') + 1);
  text = (text.split(/[/?#]/)[0] ?? '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  return CLEAN_HOST.test(text) && !ALL_DIGITS.test(text) ? text : null;
}

// Labels of 1–63 letters, digits and inner hyphens, at least two of them, at most 253 characters.
const CLEAN_HOST =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const ALL_DIGITS = /^[\d.]+$/;

/**
 * Keys to try in a domain map, most specific first: "eu.mail.acme.com" → itself, "mail.acme.com",
 * "acme.com". Stops at two labels, so "acme.co.uk" is tried but "co.uk" never is.
 */
export function lookupDomains(domain: string): string[] {
  const labels = domain.split('.');
  const keys: string[] = [];
  for (let i = 0; i + 2 <= labels.length; i++) keys.push(labels.slice(i).join('.'));
  return keys;
}

/**
 * The company domain of a person: their account's domain, else their work email's domain, else
 * the website they gave. A free-mail address says nothing about an employer.
 */
export function companyDomainOf(
  fields: Record<string, FieldValue | undefined>,
  accountDomain: string | null,
): string | null {
  if (accountDomain) return normalizeDomainKey(accountDomain);
  if (fields.is_free_mail !== true && typeof fields.email_domain === 'string') {
    const domain = normalizeDomainKey(fields.email_domain);
    if (domain) return domain;
  }
  return typeof fields.website === 'string' ? normalizeDomainKey(fields.website) : null;
}
