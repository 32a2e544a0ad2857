import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { minifyScript } from './minify-script.ts';

/** The configuration injected into `/t.js` (wire protocol: docs/tracking-protocol.md). */
export interface TrackerConfig {
  /** Origin (or base URL) events go to; null = the origin the script itself was loaded from. */
  endpoint: string | null;
  respect_dnt: boolean;
  require_consent: boolean;
  consent_cookie: string;
  cookie_days: number;
  session_minutes: number;
  flush_ms: number;
}

export const TRACKER_DEFAULTS: Readonly<TrackerConfig> = Object.freeze({
  endpoint: null,
  respect_dnt: true,
  require_consent: false,
  consent_cookie: 'mops_consent',
  cookie_days: 365,
  session_minutes: 30,
  flush_ms: 1000,
});

export interface TrackerScript {
  body: string;
  /** Strong ETag of `body` (quoted), for `If-None-Match`. */
  etag: string;
}

const PLACEHOLDER = '__MOPS_CONFIG__';
// RFC 6265 cookie-name token: the script puts the name into document.cookie unescaped.
const COOKIE_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
// Few distinct configurations exist (one per playbook version); the bound only guards a leak.
const CACHE_LIMIT = 32;
const cache = new Map<string, TrackerScript>();
let source: string | null = null;

/** The script text for `/t.js` with `config` (merged over the defaults) injected. */
export function trackerScript(config: Partial<TrackerConfig> = {}): string {
  return trackerScriptWithEtag(config).body;
}

/** The script text and its ETag, computed once per distinct configuration. */
export function trackerScriptWithEtag(config: Partial<TrackerConfig> = {}): TrackerScript {
  const full = resolveTrackerConfig(config);
  const key = JSON.stringify(full);
  const hit = cache.get(key);
  if (hit) return hit;
  const body = renderTrackerScript(loadSource(), full);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const entry = { body, etag };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, entry);
  return entry;
}

/**
 * Merges over the defaults and checks the values. The playbook schema validates them first, so a
 * bad value here is a bug and throws.
 */
export function resolveTrackerConfig(config: Partial<TrackerConfig>): TrackerConfig {
  const full: TrackerConfig = { ...TRACKER_DEFAULTS };
  for (const key of Object.keys(TRACKER_DEFAULTS) as (keyof TrackerConfig)[]) {
    if (config[key] !== undefined) Object.assign(full, { [key]: config[key] });
  }
  if (full.endpoint !== null) {
    const url = URL.canParse(full.endpoint) ? new URL(full.endpoint) : null;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new TypeError(`tracker endpoint must be an http(s) URL, got ${JSON.stringify(full.endpoint)}`);
    }
  }
  if (!COOKIE_NAME.test(full.consent_cookie)) {
    throw new TypeError(
      `tracker consent_cookie is not a cookie name: ${JSON.stringify(full.consent_cookie)}`,
    );
  }
  for (const key of ['cookie_days', 'session_minutes', 'flush_ms'] as const) {
    if (!Number.isFinite(full[key]) || full[key] <= 0) {
      throw new TypeError(`tracker ${key} must be a positive number, got ${String(full[key])}`);
    }
  }
  for (const key of ['respect_dnt', 'require_consent'] as const) {
    if (typeof full[key] !== 'boolean') throw new TypeError(`tracker ${key} must be a boolean`);
  }
  return full;
}

/** Minifies the script source and injects the config in place of its placeholder. */
export function renderTrackerScript(text: string, config: TrackerConfig): string {
  const parts = minifyScript(text).split(PLACEHOLDER);
  if (parts.length !== 2) throw new Error(`tracker.js must contain ${PLACEHOLDER} exactly once`);
  // JSON is a JavaScript expression; escaping < and the two line separators keeps it one even if
  // the script is ever inlined into HTML.
  const json = JSON.stringify(config)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `${parts[0]}${json}${parts[1]}\n`;
}

function loadSource(): string {
  source ??= readFileSync(new URL('./tracker.js', import.meta.url), 'utf8');
  return source;
}
