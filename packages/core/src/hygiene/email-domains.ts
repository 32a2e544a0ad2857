import { DISPOSABLE_DOMAINS } from './disposable-domains.data.ts';
import { FREE_MAIL_DOMAINS } from './free-mail-domains.data.ts';

// The big consumer providers, kept here as well as in the vendored list so that a regenerated
// list that happens to lose one can never turn gmail.com into a "company" domain.
const EXTRA_FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'yahoo.es',
  'yahoo.it',
  'yahoo.ca',
  'yahoo.com.au',
  'yahoo.com.br',
  'yahoo.co.in',
  'yahoo.co.jp',
  'ymail.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'hotmail.de',
  'hotmail.es',
  'hotmail.it',
  'outlook.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'gmx.ch',
  'web.de',
  'yandex.com',
  'yandex.ru',
  'ya.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  // Missing from the vendored list as of its last regeneration.
  'tutanota.com',
  'tuta.com',
  'hey.com',
];

// Public suffixes that slipped into the free-mail list: they match exactly, never as a parent,
// or every company under .net.ua would count as free mail.
const FREE_MAIL_EXACT_ONLY = new Set(['net.ua']);

let freeMail: ReadonlySet<string> | undefined;
let disposable: ReadonlySet<string> | undefined;

// Parsed on first use: splitting the ~14k-line constants costs a few milliseconds that callers
// which never check domains should not pay at import.
function freeMailSet(): ReadonlySet<string> {
  freeMail ??= new Set([...FREE_MAIL_DOMAINS.split('\n'), ...EXTRA_FREE_MAIL_DOMAINS]);
  return freeMail;
}

function disposableSet(): ReadonlySet<string> {
  disposable ??= new Set(DISPOSABLE_DOMAINS.split('\n'));
  return disposable;
}

// Accepts "Example.COM", "example.com.", "@example.com" or a whole address.
function cleanDomain(input: string): string {
  const trimmed = input.trim().toLowerCase();
  const afterAt = trimmed.slice(trimmed.lastIndexOf('@') + 1);
  return afterAt.replace(/\.+$/, '');
}

// The domain itself, then each parent down to two labels: a.b.mailinator.com, b.mailinator.com,
// mailinator.com. A bare TLD is never a candidate.
function* selfAndParents(domain: string): Generator<string> {
  const labels = domain.split('.');
  for (let i = 0; i <= labels.length - 2; i++) yield labels.slice(i).join('.');
}

/** True for consumer mailbox providers (gmail.com, yahoo.co.uk, …) and their subdomains. */
export function isFreeMailDomain(domain: string): boolean {
  const clean = cleanDomain(domain);
  if (clean === '') return false;
  const set = freeMailSet();
  if (set.has(clean)) return true;
  for (const candidate of selfAndParents(clean)) {
    if (set.has(candidate) && !FREE_MAIL_EXACT_ONLY.has(candidate)) return true;
  }
  return false;
}

/** True for throwaway-inbox services (mailinator.com, …) and any of their subdomains. */
export function isDisposableDomain(domain: string): boolean {
  const clean = cleanDomain(domain);
  if (clean === '') return false;
  const set = disposableSet();
  for (const candidate of selfAndParents(clean)) {
    if (set.has(candidate)) return true;
  }
  return false;
}
