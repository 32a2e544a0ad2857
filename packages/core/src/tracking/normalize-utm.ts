import { boundedMemo } from '../bounded-memo.ts';
import { normalizeUtmCampaign } from '../campaigns/normalize-utm-campaign.ts';
import { CONTROL_CHARACTERS, INVISIBLE_CHARACTERS } from './invisible-characters.ts';
import { UTM_PARAMETERS, type Utm, type UtmParameter } from './tracking.schema.ts';
import { decodePercent } from './whatwg-url.ts';

/**
 * UTM values arrive from hand-written links, broken link builders and copy-paste: mixed case,
 * encoded twice, with HTML or control characters, thousands of characters long. Each value is
 * kept as it came (capped) beside one clean form that reports and channel rules can trust.
 */

/** The longest normalised value; longer ones are cut and flagged `too_long`. */
export const MAX_UTM_LENGTH = 200;
/** The longest raw value kept. */
export const MAX_RAW_UTM_LENGTH = 2_000;
/** Percent-decoding rounds before giving up (a value encoded 5 times is garbage anyway). */
const MAX_DECODE_ROUNDS = 5;

/** `cleanUtmValue`'s answers by `param:text`. */
const cleanedUtm = boundedMemo(10_000, (key) => {
  const colon = key.indexOf(':');
  return cleanUtmText(key.slice(0, colon) as UtmParameter, key.slice(colon + 1));
});

export type UtmIssue =
  /** The value was still percent-encoded (encoded twice or more); decoded. */
  | 'percent_encoded'
  /** HTML tags, entities or angle brackets removed. */
  | 'html'
  /** Control, zero-width or bidi characters removed. */
  | 'control_characters'
  /** The normalised value was cut to MAX_UTM_LENGTH. */
  | 'too_long'
  /** The raw value was cut to MAX_RAW_UTM_LENGTH. */
  | 'raw_too_long'
  /** Nothing was left after cleaning. */
  | 'empty'
  /** The value was an alias and became its canonical value. */
  | 'aliased'
  /** The parameter is governed and the value is not one of its canonical values. */
  | 'not_canonical';

export interface NormalizedUtm {
  /** The value as received, capped at MAX_RAW_UTM_LENGTH; null when the parameter was absent. */
  raw: string | null;
  /** The clean value (canonical when an alias matched); null when absent or empty. */
  value: string | null;
  /** Whether `value` differs from `raw`. */
  changed: boolean;
  issues: UtmIssue[];
  /** The normalised alias that matched, e.g. `linkedin.com` for `LinkedIn.com`; null if none. */
  alias: string | null;
  /**
   * true/false when the parameter is governed (the playbook lists canonical values, or — for
   * utm_campaign — a campaign check was given); null when it is not governed or the value is absent.
   */
  conforming: boolean | null;
}

export interface CompiledUtmParameter {
  /** Canonical values in playbook order; empty = not governed. */
  canonical: readonly string[];
  canonicalSet: ReadonlySet<string>;
  /** Normalised alias → canonical value. */
  aliases: ReadonlyMap<string, string>;
}
export type CompiledUtm = Readonly<Record<UtmParameter, CompiledUtmParameter>>;

export interface NormalizeUtmOptions {
  /** Decides utm_campaign conformance (the campaign registry and naming convention live elsewhere). */
  isConformingCampaign?: (value: string) => boolean;
}

/** The playbook's `utm:` section as lookups; aliases are normalised like the values they catch. */
export function compileUtm(utm: Utm | undefined): CompiledUtm {
  const compiled = {} as Record<UtmParameter, CompiledUtmParameter>;
  for (const param of UTM_PARAMETERS) {
    const policy = utm?.parameters[param];
    const aliases = new Map<string, string>();
    for (const [canonical, spellings] of Object.entries(policy?.aliases ?? {})) {
      for (const spelling of spellings) {
        const key = cleanUtmValue(param, spelling).value;
        if (key !== null && !aliases.has(key)) aliases.set(key, canonical);
      }
    }
    const canonical = policy?.canonical ?? [];
    compiled[param] = { canonical, canonicalSet: new Set(canonical), aliases };
  }
  return compiled;
}

/** No governance at all: every value is only cleaned. */
export const UNGOVERNED_UTM: CompiledUtm = compileUtm(undefined);

/**
 * Normalises one raw UTM value: percent-decoded until stable (`%252F` → `/`), `+` as space, HTML
 * and control characters removed, trimmed, lower case, runs of whitespace → `_` (and, for source
 * and medium, hyphens too: `Paid-Social` → `paid_social`), cut at 200 characters, then mapped
 * through the playbook's aliases. utm_campaign keeps hyphens and spaces the way the campaign
 * registry matches names (`normalizeUtmCampaign`): its naming convention uses `-` inside parts.
 */
export function normalizeUtm(
  param: UtmParameter,
  raw: string | null | undefined,
  utm: CompiledUtm = UNGOVERNED_UTM,
  options: NormalizeUtmOptions = {},
): NormalizedUtm {
  if (raw === null || raw === undefined) {
    return { raw: null, value: null, changed: false, issues: [], alias: null, conforming: null };
  }
  const kept = raw.length > MAX_RAW_UTM_LENGTH ? raw.slice(0, MAX_RAW_UTM_LENGTH) : raw;
  const cleaned = cleanUtmValue(param, kept);
  const issues = cleaned.issues;
  if (raw.length > MAX_RAW_UTM_LENGTH) issues.unshift('raw_too_long');
  let value = cleaned.value;
  let alias: string | null = null;
  const policy = utm[param];
  if (value !== null && !policy.canonicalSet.has(value)) {
    const canonical = policy.aliases.get(value);
    if (canonical !== undefined) {
      alias = value;
      value = canonical;
      issues.push('aliased');
    }
  }
  let conforming: boolean | null = null;
  if (value !== null) {
    if (policy.canonical.length > 0) conforming = policy.canonicalSet.has(value);
    else if (param === 'campaign' && options.isConformingCampaign)
      conforming = options.isConformingCampaign(value);
  }
  if (conforming === false) issues.push('not_canonical');
  return { raw: kept, value, changed: value !== kept, issues, alias, conforming };
}

/** All five parameters at once; absent ones come back with `raw: null`. */
export function normalizeUtms(
  raw: Partial<Record<UtmParameter, string | null | undefined>>,
  utm: CompiledUtm = UNGOVERNED_UTM,
  options: NormalizeUtmOptions = {},
): Record<UtmParameter, NormalizedUtm> {
  const out = {} as Record<UtmParameter, NormalizedUtm>;
  for (const param of UTM_PARAMETERS) out[param] = normalizeUtm(param, raw[param], utm, options);
  return out;
}

/** The cleaning part of `normalizeUtm`, without aliases: also how aliases and rule values are keyed. */
export function cleanUtmValue(
  param: UtmParameter,
  text: string,
): { value: string | null; issues: UtmIssue[] } {
  // A campaign's links repeat the same few values on every click: each is cleaned once.
  // Long (hostile) values are not kept, so the memo stays small.
  if (text.length > MAX_UTM_LENGTH) return cleanUtmText(param, text);
  const cleaned = cleanedUtm(`${param}:${text}`);
  return { value: cleaned.value, issues: [...cleaned.issues] };
}

function cleanUtmText(param: UtmParameter, text: string): { value: string | null; issues: UtmIssue[] } {
  const issues: UtmIssue[] = [];
  let s = text.replace(/\+/g, ' ');
  for (let round = 0; round < MAX_DECODE_ROUNDS && /%[0-9a-f]{2}/i.test(s); round++) {
    const decoded = decodePercent(s).replace(/\+/g, ' ');
    if (decoded === s) break;
    s = decoded;
    if (!issues.includes('percent_encoded')) issues.push('percent_encoded');
  }
  const withoutHtml = stripHtml(s);
  if (withoutHtml !== s) issues.push('html');
  s = withoutHtml;
  const withoutControls = s
    .replace(/[\t\n\v\f\r]/g, ' ')
    .replace(CONTROL_CHARACTERS, '')
    .replace(INVISIBLE_CHARACTERS, '');
  if (withoutControls !== s) issues.push('control_characters');
  s = withoutControls.normalize('NFKC');

  let value: string;
  let fullLength: number;
  if (param === 'campaign') {
    fullLength = s.trim().replace(/\s+/g, ' ').length;
    value = normalizeUtmCampaign(s) ?? '';
  } else {
    const separators = param === 'source' || param === 'medium' ? /[\s_-]+/g : /\s+/g;
    s = s.trim().toLowerCase().replace(separators, '_');
    if (param === 'source' || param === 'medium') s = s.replace(/^_+|_+$/g, '');
    fullLength = s.length;
    value = s.slice(0, MAX_UTM_LENGTH);
  }
  if (fullLength > MAX_UTM_LENGTH) issues.push('too_long');
  if (value === '') {
    issues.push('empty');
    return { value: null, issues };
  }
  return { value, issues };
}

/** Shorthand: the cleaned value only. */
export function normalizeUtmText(param: UtmParameter, text: string): string | null {
  return cleanUtmValue(param, text).value;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function stripHtml(text: string): string {
  if (!/[<>&"`]/.test(text)) return text;
  return text
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (entity, body: string) => {
      const lower = body.toLowerCase();
      if (lower.startsWith('#x')) return safeCodePoint(Number.parseInt(lower.slice(2), 16)) ?? entity;
      if (lower.startsWith('#')) return safeCodePoint(Number.parseInt(lower.slice(1), 10)) ?? entity;
      return ENTITIES[lower] ?? entity;
    })
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?[a-z!?][^>]*>/gi, ' ')
    .replace(/[<>"`]/g, '');
}

function safeCodePoint(code: number): string | null {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}
