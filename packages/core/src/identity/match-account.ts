// Which account a person belongs to, and why: the registrable domain of a work email first (the
// strongest evidence: mail.uk.acme.co.uk → acme.co.uk; a new domain makes a new account), then —
// for personal addresses — the company website they gave, then the company name's match key; those
// two only find accounts that exist (a typed website is weaker evidence than a mailbox).

import { companyMatchKey } from '../hygiene/company.ts';
import { registrableDomain } from '../hygiene/domain.ts';
import { isFreeMailDomain } from '../hygiene/email-domains.ts';

/** Sites where anyone has a page: a "website" there is a person's profile, not their company. */
const SHARED_PLATFORMS = new Set([
  'linkedin.com',
  'facebook.com',
  'instagram.com',
  'twitter.com',
  'x.com',
  'github.com',
  'gitlab.com',
  'medium.com',
  'substack.com',
  'wordpress.com',
  'blogspot.com',
  'wixsite.com',
  'squarespace.com',
  'google.com',
  'youtube.com',
  'tiktok.com',
  'about.me',
  'linktr.ee',
  'notion.site',
  'carrd.co',
  'behance.net',
  'dribbble.com',
  'angel.co',
  'crunchbase.com',
  'xing.com',
  'yelp.com',
  'github.io',
  'netlify.app',
  'vercel.app',
  'herokuapp.com',
]);

export type AccountKey =
  | { by: 'email_domain'; domain: string; from: string }
  | { by: 'website'; domain: string; from: string }
  | { by: 'company_name'; nameKey: string; from: string };

/** The key to look the account up by, or null when nothing says where the person works. */
export function accountKeyOf(input: {
  emailDomain: string;
  isFreeMail: boolean;
  website?: string | null;
  company?: string | null;
}): AccountKey | null {
  if (!input.isFreeMail) {
    const domain = registrableDomain(input.emailDomain) ?? input.emailDomain;
    return { by: 'email_domain', domain, from: input.emailDomain };
  }
  const website = input.website?.trim();
  if (website) {
    const domain = registrableDomain(website);
    // A profile or a page on a shared platform says nothing about the employer.
    if (domain && !isFreeMailDomain(domain) && !SHARED_PLATFORMS.has(domain)) {
      return { by: 'website', domain, from: website };
    }
  }
  const company = input.company?.trim();
  if (company) {
    const nameKey = companyMatchKey(company);
    // A key of one or two letters ("AB", "X") would match unrelated companies.
    if (nameKey.replace(/\s/g, '').length >= 3) return { by: 'company_name', nameKey, from: company };
  }
  return null;
}

export function describeAccountKey(key: AccountKey): string {
  switch (key.by) {
    case 'email_domain':
      return key.domain === key.from
        ? `email domain ${key.domain}`
        : `email domain ${key.from} (registrable ${key.domain})`;
    case 'website':
      return `personal email; company website ${key.from} (${key.domain})`;
    case 'company_name':
      return `personal email; company name "${key.from}" (match key "${key.nameKey}")`;
  }
}
