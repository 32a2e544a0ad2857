import { normalizeCountry } from '../hygiene/countries.ts';
import { parseEmail } from '../hygiene/email.ts';
import { isDisposableDomain, isFreeMailDomain } from '../hygiene/email-domains.ts';
import { normalizeState } from '../hygiene/states.ts';
import type { CompiledForm, CompiledPlaybook } from '../playbook/compile-playbook.ts';
import { TRACKING_FIELD_MAX_LENGTH, TRACKING_FIELDS } from '../playbook/person-fields.ts';
import { type AppError, type ErrorDetail, err, ok, type Result } from '../result.ts';

export interface ValidSubmission {
  email: string;
  emailDomain: string;
  isFreeMail: boolean;
  /** Trimmed values of the form's own fields (email included), not yet washed. */
  fields: Record<string, string>;
  /** utm_*, click ids, page and visitor: kept on the event for attribution, never on the person. */
  tracking: Record<string, string>;
  /** Names the form does not collect. Their values stay in the stored raw payload, not on the person. */
  ignoredFields: string[];
}

export type SubmissionError = AppError & { code: 'VALIDATION_FAILED' | 'SPAM_HONEYPOT' };

// Postgres text cannot hold NUL; other C0 controls (except tab/newline) are never legitimate input.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Entry validation, the first layer of hygiene: every problem with the submission is reported at
 * once, per field, in words the person filling in the form can act on.
 */
export function validateSubmission(
  form: CompiledForm,
  input: Record<string, unknown>,
  playbook: CompiledPlaybook,
  options: { channel: 'form' | 'api' | 'import' } = { channel: 'form' },
): Result<ValidSubmission, SubmissionError> {
  const honeypot = input[form.honeypot];
  if (honeypot !== undefined && honeypot !== null && String(honeypot).trim() !== '') {
    return err({ code: 'SPAM_HONEYPOT', message: 'honeypot field was filled in' });
  }
  const details: ErrorDetail[] = [];
  const fail = (path: string, code: string, message: string) => details.push({ path, code, message });
  const fields: Record<string, string> = {};
  const known = new Set<string>([form.honeypot]);

  for (const field of form.compiledFields) {
    known.add(field.name);
    const raw = input[field.name];
    const text = asText(raw);
    if (text === undefined) {
      fail(
        field.name,
        'FIELD_INVALID_TYPE',
        `${field.name} must be text, not ${Array.isArray(raw) ? 'a list' : 'an object'}`,
      );
      continue;
    }
    const value = text.trim().replace(/\s+/g, ' ');
    if (value === '') {
      if (field.required) fail(field.name, 'FIELD_REQUIRED', `${label(field.name)} is required`);
      continue;
    }
    // Lone UTF-16 surrogates are not text PostgreSQL (or any reader) can store.
    if (CONTROL_CHARACTERS.test(value) || !value.isWellFormed()) {
      fail(
        field.name,
        'FIELD_INVALID_CHARACTERS',
        `${label(field.name)} contains control characters; remove them`,
      );
      continue;
    }
    if (value.length > field.maxLength) {
      fail(
        field.name,
        'FIELD_TOO_LONG',
        `${label(field.name)} is ${value.length} characters; the limit is ${field.maxLength}`,
      );
      continue;
    }
    fields[field.name] = value;
  }

  let email = '';
  let emailDomain = '';
  let isFreeMail = false;
  if (fields.email !== undefined) {
    const parsed = parseEmail(fields.email);
    if (!parsed.ok) fail('email', parsed.error.code, parsed.error.message);
    else {
      ({ email, domain: emailDomain } = parsed.value);
      isFreeMail = isFreeMailDomain(emailDomain);
      // Server-side API calls are trusted sources: free-mail and disposable checks guard public
      // forms. Imports are lists of unknown quality: a disposable address is junk there too, but a
      // trade-show list full of personal addresses is normal.
      const guard = options.channel === 'form';
      const guardDisposable = options.channel !== 'api';
      const rejectFree = playbook.source.hygiene.free_mail.reject_on;
      if (
        guard &&
        isFreeMail &&
        (rejectFree.includes('all_forms') || (form.b2b && rejectFree.includes('b2b_forms')))
      ) {
        fail(
          'email',
          'EMAIL_FREE_MAIL',
          `please use your work email address: ${emailDomain} is a personal email provider`,
        );
      } else if (
        guardDisposable &&
        playbook.source.hygiene.disposable === 'reject' &&
        isDisposableDomain(emailDomain)
      ) {
        fail(
          'email',
          'EMAIL_DISPOSABLE',
          `${emailDomain} is a disposable email service; please use a permanent address`,
        );
      }
    }
  }
  const country = fields.country !== undefined ? normalizeCountry(fields.country) : null;
  if (fields.country !== undefined && !country) {
    fail(
      'country',
      'COUNTRY_UNKNOWN',
      `"${fields.country}" is not a country we recognise; use its name or ISO code (e.g. Germany, DE)`,
    );
  }
  if (
    fields.state !== undefined &&
    (country?.code === 'US' || country?.code === 'CA') &&
    !normalizeState(fields.state, country.code)
  ) {
    fail(
      'state',
      'STATE_UNKNOWN',
      `"${fields.state}" is not a ${country.code === 'US' ? 'US state' : 'Canadian province'}; use its name or code (e.g. ${country.code === 'US' ? 'California, CA' : 'Ontario, ON'})`,
    );
  }

  const tracking: Record<string, string> = {};
  for (const name of TRACKING_FIELDS) {
    known.add(name);
    const raw = input[name];
    // A tracking value sent twice (?utm_source=a&utm_source=b) is kept whole, not dropped.
    const text = (
      Array.isArray(raw) ? raw.map((v) => asText(v) ?? '').join(',') : asText(raw)
    )?.toWellFormed();
    if (text === undefined || text.trim() === '') continue;
    // Tracking values are not shown to anyone; stripping junk is safer than rejecting a real lead.
    tracking[name] = text
      .replace(new RegExp(CONTROL_CHARACTERS.source, 'g'), '')
      .trim()
      .slice(0, TRACKING_FIELD_MAX_LENGTH);
  }
  if (details.length > 0) {
    return err({
      code: 'VALIDATION_FAILED',
      message: `the submission has ${details.length} invalid field${details.length === 1 ? '' : 's'}: ${details.map((d) => d.path).join(', ')}`,
      details,
    });
  }
  return ok({
    email,
    emailDomain,
    isFreeMail,
    fields,
    tracking,
    ignoredFields: Object.keys(input).filter((name) => !known.has(name)),
  });
}

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

const label = (name: string) => {
  const text = name.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
