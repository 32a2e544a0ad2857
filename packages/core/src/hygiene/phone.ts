import {
  type CountryCode,
  isSupportedCountry,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js';
import { normalizeCountry } from './countries.ts';

// Phone numbers → E.164, using the person's country as the hint for numbers written in national
// form ("020 7946 0958" is London only if we know the person is in GB).
//
// Metadata: the package's default ("min") set. It validates by number length and leading
// digits, which is what washing needs: it rejects impossible area codes and lengths, and it
// detects the country behind a shared calling code (+1 416 … is CA). The "max" set adds
// per-type patterns (mobile vs fixed line) at twice the size; we never ask for the type, and
// its stricter patterns age faster, rejecting newly opened ranges until the dependency updates.

export type NormalizedPhone = {
  /** "+14155550100": the number without extension. */
  e164: string;
  /** Digits of the extension ("x23", "ext. 23", "#23" → "23"), or null. */
  extension: string | null;
  /** ISO 3166-1 alpha-2 the number belongs to (may differ from the hint), or null for
   * non-geographic numbers (+800) and calling codes whose area the metadata cannot place. */
  country: string | null;
  /** National significant number as digits ("4155550100"): no trunk prefix, no formatting. */
  national: string;
};

// Anything longer is pasted text, not a phone number: libphonenumber itself stops at 250.
const MAX_INPUT = 250;
// International access codes written instead of "+": "00" (most of the world), "011" (NANP).
// Tried only when the hint's own dialling rules did not already understand the number.
const ACCESS_CODE = /^(?:00|011)(?=[1-9])/;

function hintCountry(hint: string | null | undefined): CountryCode | undefined {
  if (hint === null || hint === undefined) return undefined;
  // Accept what people store in a country field: "GB", "GBR", "United Kingdom", "England".
  const code = normalizeCountry(hint)?.code;
  return code !== undefined && isSupportedCountry(code) ? code : undefined;
}

function tryParse(text: string, country: CountryCode | undefined): PhoneNumber | undefined {
  try {
    const parsed = parsePhoneNumberFromString(
      text,
      country === undefined ? undefined : { defaultCountry: country },
    );
    return parsed?.isValid() ? parsed : undefined;
  } catch {
    // The library documents no throws for this call; a metadata bug must still not take a form
    // submission down with it.
    return undefined;
  }
}

function digitsOnly(text: string): string {
  return text.replace(/\D+/g, '');
}

/**
 * Parses a phone number typed by a person into E.164 plus extension. `countryHint` (ISO-2,
 * ISO-3 or a country name) supplies the country for national-format numbers; numbers written
 * with "+" or an international access code ("0049 …", "011 44 …") ignore it. Returns null for
 * empty input, text without a number, and numbers that are too short, too long or not valid in
 * any numbering plan the metadata knows.
 */
export function normalizePhone(raw: string, countryHint?: string | null): NormalizedPhone | null {
  if (raw.length > MAX_INPUT) return null;
  // Fold full-width and other Unicode digits to ASCII; strip NULs and other controls.
  const text = raw
    .normalize('NFKC')
    .replace(/\p{Cc}+/gu, ' ')
    .trim();
  if (text === '' || digitsOnly(text).length < 3) return null;
  const country = hintCountry(countryHint);
  const parsed =
    tryParse(text, country) ??
    (ACCESS_CODE.test(text.replace(/^[\s(]+/, ''))
      ? tryParse(`+${text.replace(/^[\s(]*(?:00|011)/, '')}`, undefined)
      : undefined);
  if (parsed === undefined) return null;
  return {
    e164: parsed.number,
    extension: parsed.ext === undefined || parsed.ext === '' ? null : digitsOnly(parsed.ext) || null,
    country: parsed.country ?? null,
    national: parsed.nationalNumber,
  };
}

// An unparseable number keeps at most its last 10 digits: that drops the country code, trunk
// prefix or access code people sometimes add, so "(415) 555-0100" and "+1 415 555 0100" written
// without a usable hint still agree with each other. Fewer than 7 digits is not a phone number.
const FALLBACK_MIN_DIGITS = 7;
const FALLBACK_MAX_DIGITS = 10;

/**
 * A key for comparing phone numbers across records: the E.164 digits without "+" when the
 * number parses ("14155550100"), otherwise the last 7–10 digits of what was typed, otherwise
 * null. The extension is left out on purpose: records of one person often differ only in
 * whether the extension was typed, and a shared switchboard is a matcher concern (colleagues
 * share it), not something a key can decide. Compare keys with `phoneKeysMatch`, which also
 * lets a fallback key match the tail of a parsed one.
 */
export function phoneMatchKey(raw: string, countryHint?: string | null): string | null {
  const parsed = normalizePhone(raw, countryHint);
  if (parsed !== null) return parsed.e164.slice(1);
  if (raw.length > MAX_INPUT) return null;
  // Drop an extension before collecting digits, or "555-0100 x23" would end in 23.
  const withoutExtension = raw.normalize('NFKC').replace(/\s*(?:#|x|ext\.?|extension)\s*\d{1,7}\s*$/i, '');
  const digits = digitsOnly(withoutExtension);
  if (digits.length < FALLBACK_MIN_DIGITS) return null;
  return digits.slice(-FALLBACK_MAX_DIGITS);
}

/**
 * True when two phone match keys denote the same number: equal, or one is a fallback key (at
 * most 10 digits) that the other ends with — "4155550100" typed without a country matches
 * "14155550100". Null keys never match.
 */
export function phoneKeysMatch(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a === '' || b === '') return false;
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return (
    shorter.length >= FALLBACK_MIN_DIGITS && shorter.length <= FALLBACK_MAX_DIGITS && longer.endsWith(shorter)
  );
}
