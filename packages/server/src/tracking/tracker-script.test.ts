import { gzipSync } from 'node:zlib';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import {
  renderTrackerScript,
  resolveTrackerConfig,
  TRACKER_DEFAULTS,
  type TrackerConfig,
  trackerScript,
  trackerScriptWithEtag,
} from './tracker-script.ts';

/** The config object the served script hands to its IIFE (the JSON on its last line). */
function injectedConfig(script: string): unknown {
  const match = /\}\)\(window,document,(\{.*\})\);\s*$/.exec(script);
  if (!match?.[1]) throw new Error('config not found at the end of the script');
  return JSON.parse(match[1]);
}

describe('trackerScript', () => {
  it('injects the defaults', () => {
    const script = trackerScript();
    expect(script).not.toContain('__MOPS_CONFIG__');
    expect(injectedConfig(script)).toEqual(TRACKER_DEFAULTS);
  });

  it('merges a partial config over the defaults and ignores unknown keys', () => {
    const script = trackerScript({
      require_consent: true,
      flush_ms: 250,
      nonsense: 1,
    } as Partial<TrackerConfig>);
    expect(injectedConfig(script)).toEqual({ ...TRACKER_DEFAULTS, require_consent: true, flush_ms: 250 });
  });

  it('caches per configuration and gives each configuration its own ETag', () => {
    const a = trackerScriptWithEtag({ session_minutes: 45 });
    expect(trackerScriptWithEtag({ session_minutes: 45 })).toBe(a);
    const b = trackerScriptWithEtag({ session_minutes: 46 });
    expect(b.etag).not.toBe(a.etag);
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    // An explicit default is the same configuration as an omitted one.
    expect(trackerScriptWithEtag({ flush_ms: 1000 })).toBe(trackerScriptWithEtag({}));
  });

  it.each([
    [{ endpoint: 'javascript:alert(1)' }, /endpoint/],
    [{ endpoint: 'not a url' }, /endpoint/],
    [{ consent_cookie: 'a;b' }, /consent_cookie/],
    [{ consent_cookie: '' }, /consent_cookie/],
    [{ cookie_days: 0 }, /cookie_days/],
    [{ session_minutes: Number.NaN }, /session_minutes/],
    [{ flush_ms: -1 }, /flush_ms/],
    [{ respect_dnt: 'yes' as unknown as boolean }, /respect_dnt/],
  ] as [Partial<TrackerConfig>, RegExp][])('rejects the bad config %j', (config, message) => {
    expect(() => resolveTrackerConfig(config)).toThrow(message);
  });

  it('keeps injected JSON inert inside HTML and JavaScript', () => {
    const script = renderTrackerScript('x(__MOPS_CONFIG__);', {
      ...TRACKER_DEFAULTS,
      endpoint: 'https://m.example/</script>\u2028',
    });
    expect(script).not.toContain('</script>');
    expect(script).not.toContain('\u2028');
    expect(script).toContain('\\u003c/script>\\u2028');
  });

  it('refuses a source without exactly one placeholder', () => {
    expect(() => renderTrackerScript('x();', TRACKER_DEFAULTS)).toThrow(/exactly once/);
    expect(() => renderTrackerScript('__MOPS_CONFIG__;__MOPS_CONFIG__', TRACKER_DEFAULTS)).toThrow(
      /exactly once/,
    );
  });

  it('serves a comment-free classic script that parses as ES2017', () => {
    const script = trackerScript();
    expect(script).not.toMatch(/^\s*\/\//m);
    expect(script).not.toContain('/*');
    const messages = new Linter().verify(script, [
      { languageOptions: { ecmaVersion: 2017, sourceType: 'script' } },
    ]);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    // An ES2020 construct would fail that parse: proof the check can fail.
    const newer = new Linter().verify('a?.b;', [
      { languageOptions: { ecmaVersion: 2017, sourceType: 'script' } },
    ]);
    expect(newer.some((m) => m.fatal)).toBe(true);
  });

  it('stays small: under 4 KB gzipped (and 10 KB raw)', () => {
    const script = trackerScript();
    const raw = Buffer.byteLength(script);
    const gzip = gzipSync(script, { level: 9 }).length;
    expect(raw).toBeLessThan(10 * 1024);
    expect(gzip).toBeLessThan(4 * 1024);
  });
});
