// Practical email syntax check for marketing data: stricter than RFC 5322 where the RFC allows
// things no mailbox provider issues (quoted local parts, IP-literal domains, single-label
// domains), and explicit about what is wrong so the person fixing a form or import knows what to
// change.

export type EmailErrorCode = 'EMAIL_REQUIRED' | 'EMAIL_INVALID' | 'EMAIL_TOO_LONG';
export type EmailError = { code: EmailErrorCode; message: string };
export type ParsedEmail = { email: string; local: string; domain: string };
export type ParseEmailResult = { ok: true; value: ParsedEmail } | { ok: false; error: EmailError };

// RFC 5321 limits: the path (address) is at most 254 octets once the angle brackets are taken
// off, the local part 64, each DNS label 63. The domain's own 253 limit needs no check: with a
// local part and an @ it cannot exceed 253 without the whole address exceeding 254.
const MAX_EMAIL = 254;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;

// RFC 5322 "atext" plus the dot, which is checked separately for placement.
const LOCAL_CHAR = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]$/;
const LABEL = /^[a-z0-9-]+$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function fail(code: EmailErrorCode, message: string): ParseEmailResult {
  return { ok: false, error: { code, message } };
}

function invalid(message: string): ParseEmailResult {
  return fail('EMAIL_INVALID', message);
}

function describeChar(ch: string): string {
  if (ch === ' ') return 'a space';
  if (/\s/.test(ch)) return 'a whitespace character';
  return `"${ch}"`;
}

function checkLocal(local: string): ParseEmailResult | null {
  if (local === '')
    return invalid('The part before the @ is empty. Enter the full address, like name@example.com.');
  if (local.length > MAX_LOCAL) {
    return fail(
      'EMAIL_TOO_LONG',
      `The part before the @ is ${local.length} characters; the limit is ${MAX_LOCAL}. Check for pasted extra text.`,
    );
  }
  if (local.startsWith('.') || local.endsWith('.')) {
    return invalid('The part before the @ cannot start or end with a dot. Remove the dot.');
  }
  if (local.includes('..')) {
    return invalid('The part before the @ has two dots in a row. Remove one of them.');
  }
  for (const ch of local) {
    if (!LOCAL_CHAR.test(ch)) {
      return invalid(
        `The part before the @ contains ${describeChar(ch)}, which is not allowed. ` +
          "Use letters, digits and . _ % + - (and the rarer !#$&'*/=?^`{|}~).",
      );
    }
  }
  return null;
}

function checkDomain(domain: string): ParseEmailResult | null {
  if (domain === '') return invalid('The part after the @ is empty. Add the domain, like example.com.');
  if (domain.startsWith('[')) {
    return invalid('IP-address domains like [192.0.2.1] are not accepted. Use the mail domain name instead.');
  }
  // Core has no IDN converter (no node:url), so ask for the ASCII form rather than guess.
  if ([...domain].some((ch) => (ch.codePointAt(0) ?? 0) > 0x7f)) {
    return invalid(
      'The domain contains non-ASCII characters. Enter its punycode form instead ' +
        '(for example "münchen.de" is "xn--mnchen-3ya.de").',
    );
  }
  if (domain.startsWith('.') || domain.endsWith('.')) {
    return invalid('The domain cannot start or end with a dot. Remove the dot.');
  }
  const labels = domain.split('.');
  if (labels.some((label) => label === '')) {
    return invalid('The domain has two dots in a row. Remove one of them.');
  }
  for (const label of labels) {
    if (label.length > MAX_LABEL) {
      return fail(
        'EMAIL_TOO_LONG',
        `A part of the domain is ${label.length} characters between dots; the limit is ${MAX_LABEL}.`,
      );
    }
    if (!LABEL.test(label)) {
      const bad = [...label].find((ch) => !/[a-z0-9-]/.test(ch)) ?? '';
      return invalid(
        `The domain contains ${describeChar(bad)}, which is not allowed. Use letters, digits, hyphens and dots.`,
      );
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      return invalid(`The domain part "${label}" starts or ends with a hyphen. Remove the hyphen.`);
    }
  }
  if (labels.length < 2) {
    return invalid(`The domain "${domain}" has no top-level domain. Add it, for example "${domain}.com".`);
  }
  const tld = labels[labels.length - 1] ?? '';
  if (!TLD.test(tld)) {
    return invalid(
      `The domain ends in ".${tld}", which is not a valid top-level domain. It should be letters, like .com or .de.`,
    );
  }
  return null;
}

/**
 * Validates and normalizes an email address. The result is trimmed and lowercased as a whole:
 * we treat addresses case-insensitively, as every major provider does, so the lowercase form is
 * the identity used for matching and deduplication.
 */
export function parseEmail(raw: string): ParseEmailResult {
  const email = raw.trim().toLowerCase();
  if (email === '') return fail('EMAIL_REQUIRED', 'An email address is required.');
  if (email.startsWith('"')) {
    return invalid(
      'Quoted addresses like "john smith"@example.com are not supported. Use an address without quotes.',
    );
  }
  const at = email.split('@');
  if (at.length === 1) return invalid('The address has no @. It should look like name@example.com.');
  if (at.length > 2) {
    return invalid('The address has more than one @. Keep a single @ between the name and the domain.');
  }
  if (email.length > MAX_EMAIL) {
    return fail(
      'EMAIL_TOO_LONG',
      `The address is ${email.length} characters; the limit is ${MAX_EMAIL}. Check for pasted extra text.`,
    );
  }
  const [local = '', domain = ''] = at;
  const problem = checkLocal(local) ?? checkDomain(domain);
  return problem ?? { ok: true, value: { email, local, domain } };
}

// Providers that ignore dots in the local part: "jane.doe@" and "janedoe@" are one Gmail
// mailbox. Other providers treat dots as significant, so there they stay.
const DOT_BLIND_DOMAINS: Readonly<Record<string, string>> = {
  'gmail.com': 'gmail.com',
  'googlemail.com': 'gmail.com',
};

/**
 * The form of an address used to decide whether two records share a mailbox: lowercase, the
 * "+tag" removed ("jane+news@acme.com" → "jane@acme.com"), and for Gmail the dots removed and
 * googlemail.com folded into gmail.com. Only for matching: the stored address keeps its tag,
 * because the tag is how the person chose to route our mail. Null when the address is invalid.
 */
export function emailMatchKey(email: string): string | null {
  const parsed = parseEmail(email);
  if (!parsed.ok) return null;
  const { local, domain } = parsed.value;
  // A local part that starts with "+" has no tag to strip: it is all tag, keep it whole.
  const plus = local.indexOf('+');
  let mailbox = plus > 0 ? local.slice(0, plus) : local;
  const dotBlind = DOT_BLIND_DOMAINS[domain];
  if (dotBlind !== undefined) {
    const undotted = mailbox.replace(/\./g, '');
    mailbox = undotted === '' ? mailbox : undotted;
    return `${mailbox}@${dotBlind}`;
  }
  return `${mailbox}@${domain}`;
}
