import { boundedMemo } from '../bounded-memo.ts';
import { registrableDomain } from '../hygiene/domain.ts';
import { type AppError, err, ok, type Result } from '../result.ts';
import { CLICK_IDS } from './channels.ts';
import { CONTROL_CHARACTERS, INVISIBLE_CHARACTERS } from './invisible-characters.ts';
import { UTM_PARAMETERS, type UtmParameter } from './tracking.schema.ts';
import { decodePercent, isSameSite, parseHttpUrl, schemeOf } from './whatwg-url.ts';

/** Longer page URLs are refused: no browser sends one, so it is an attack or a bug. */
export const MAX_PAGE_URL_INPUT = 65_536;
/** The stored URL, referrer and path are cut to this; UTMs and click ids are read from the whole URL first. */
export const MAX_STORED_URL = 4_096;
const MAX_TITLE = 500;
const MAX_CLICK_ID = 500;

export interface PageViewInput {
  url: string;
  referrer?: string | null;
  title?: string | null;
  /** Further hosts of the same organisation (another domain, a landing-page service). */
  internalHosts?: readonly string[];
}

export interface PageView {
  /** The URL as the WHATWG parser serialises it (host in punycode), cut to MAX_STORED_URL. */
  url: string;
  urlTruncated: boolean;
  host: string;
  /** Percent-decoded path without control characters, e.g. `/pricing`. */
  path: string;
  title: string | null;
  /** Each UTM parameter as it was on the URL (decoded once, as any URL parser does); null if absent. */
  utm: Record<UtmParameter, string | null>;
  /** Known click ids present (lower-case names), e.g. `{ gclid: 'Cj0K…' }`. */
  clickIds: Record<string, string>;
  referrer: string | null;
  /** The referrer's host, or the app id of an `android-app://` referrer. */
  referrerHost: string | null;
  /** Registrable domain of the referrer (`www.google.co.uk` → `google.co.uk`). */
  referrerDomain: string | null;
  /** The referrer is the same site (or one of `internalHosts`): navigation, not a source. */
  referrerIsInternal: boolean;
}

/**
 * One page view from the tracking script or pixel, taken apart for storage and classification.
 * Only absolute http(s) page URLs are accepted; a referrer is advisory, so a bad one becomes null
 * rather than an error.
 */
export function parsePageView(input: PageViewInput): Result<PageView, AppError> {
  const text = typeof input.url === 'string' ? input.url.trim() : '';
  if (text === '') return err({ code: 'INVALID_URL', message: 'the page URL is missing' });
  if (text.length > MAX_PAGE_URL_INPUT) {
    return err({
      code: 'URL_TOO_LONG',
      message: `the page URL is ${text.length} characters; at most ${MAX_PAGE_URL_INPUT}`,
    });
  }
  const url = parseHttpUrl(text);
  if (url === null) {
    const scheme = schemeOf(text);
    if (scheme !== null && scheme !== 'http' && scheme !== 'https') {
      return err({
        code: 'UNSUPPORTED_URL_SCHEME',
        message: `"${scheme}:" URLs are not pages; only http and https are tracked`,
      });
    }
    return err({ code: 'INVALID_URL', message: 'the page URL is not an absolute http(s) URL' });
  }

  // A literal, not built from UTM_PARAMETERS: this runs for every page view, and a literal is
  // several times cheaper than Object.fromEntries.
  const utm: Record<UtmParameter, string | null> = {
    source: null,
    medium: null,
    campaign: null,
    term: null,
    content: null,
  };
  const clickIds: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    const name = key.toLowerCase();
    if (name.startsWith('utm_')) {
      const param = name.slice(4) as UtmParameter;
      if ((UTM_PARAMETERS as readonly string[]).includes(param) && utm[param] === null) utm[param] = value;
    } else if (Object.hasOwn(CLICK_IDS, name) && clickIds[name] === undefined && value !== '') {
      clickIds[name] = value.slice(0, MAX_CLICK_ID);
    }
  });

  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const ref = parseReferrer(input.referrer);
  let referrerIsInternal = false;
  if (ref.host !== null) {
    const refHost = ref.host;
    // The common case in one comparison: both registrable domains are known.
    const pageDomain = ref.domain === null ? null : registrableDomain(host);
    referrerIsInternal =
      pageDomain !== null ? ref.domain === pageDomain : isSameSite(refHost, host, registrableDomain);
    if (!referrerIsInternal && input.internalHosts) {
      referrerIsInternal = input.internalHosts.some((h) => isSameSite(refHost, h, registrableDomain));
    }
  }
  return ok({
    url: url.href.slice(0, MAX_STORED_URL),
    urlTruncated: url.href.length > MAX_STORED_URL,
    host,
    path: cleanText(decodePercent(url.pathname)).slice(0, MAX_STORED_URL) || '/',
    title: cleanTitle(input.title),
    utm,
    clickIds,
    referrer: ref.referrer,
    referrerHost: ref.host,
    referrerDomain: ref.domain,
    referrerIsInternal,
  });
}

interface ParsedReferrer {
  readonly referrer: string | null;
  readonly host: string | null;
  readonly domain: string | null;
}

const NO_REFERRER: ParsedReferrer = { referrer: null, host: null, domain: null };

/**
 * Referrers repeat by the thousand (the site's own pages, the search engines, the social networks),
 * so short ones are remembered; the answers are shared, hence read-only. Only short ones, and not
 * too many: the text comes from a public endpoint, and a memo of long hostile texts (whose parsed
 * form can be larger still) would hold tens of megabytes — bounded so it stays a few.
 */
const MEMO_TEXT = 256;
const parseUsualReferrer = boundedMemo(4_096, parseReferrerText);

function parseReferrer(input: string | null | undefined): ParsedReferrer {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '' || text.length > MAX_PAGE_URL_INPUT) return NO_REFERRER;
  return text.length <= MEMO_TEXT ? parseUsualReferrer(text) : parseReferrerText(text);
}

function parseReferrerText(text: string): ParsedReferrer {
  // Android apps (the Gmail or LinkedIn app) send android-app://<app id>/ as the referrer.
  const app = /^android-app:\/\/([a-z0-9_.]{1,200})/i.exec(text);
  if (app)
    return { referrer: text.slice(0, MAX_STORED_URL), host: (app[1] as string).toLowerCase(), domain: null };
  const url = parseHttpUrl(text);
  if (url === null) return NO_REFERRER;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return { referrer: url.href.slice(0, MAX_STORED_URL), host, domain: registrableDomain(host) };
}

function cleanText(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '').replace(INVISIBLE_CHARACTERS, '');
}

/** A page's title comes back with every view of it: short ones are cleaned once (bounded as above). */
const cleanUsualTitle = boundedMemo(4_096, cleanTitleText);

function cleanTitle(title: string | null | undefined): string | null {
  if (typeof title !== 'string') return null;
  return title.length <= MEMO_TEXT ? cleanUsualTitle(title) : cleanTitleText(title);
}

function cleanTitleText(title: string): string | null {
  const text = title
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(INVISIBLE_CHARACTERS, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : text.slice(0, MAX_TITLE);
}
