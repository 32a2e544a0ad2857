import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's `chromium` package (`.ci/run` installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Lets tests use real multi-label host names (www.shop.test) for cookie-domain behaviour.
  '--host-resolver-rules=MAP *.test 127.0.0.1',
];

/**
 * Whether the browser tests can run. Missing Chromium is a CI failure (the suite would silently
 * lose its browser coverage) and a clear skip on a developer machine.
 */
export function chromiumAvailable(suite: string): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  const message = `${suite}: ${CHROMIUM_PATH} not found; install it with \`apt-get install -y --no-install-recommends chromium\``;
  if (process.env.CI) throw new Error(`${message} (required in CI)`);
  console.warn(`SKIPPED ${message}`);
  return false;
}

/** Chromium profile preferences, written to the fresh profile before launch. */
export interface BrowserPrefs {
  /** Sends DNT: 1 and sets navigator.doNotTrack = '1', as the user setting does. */
  doNotTrack?: boolean;
  /** "Block all cookies": document.cookie is inert and localStorage/sessionStorage throw. */
  blockCookies?: boolean;
  /** A desktop browser's user agent instead of HeadlessChrome's (which bot detection flags). */
  userAgent?: string;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions of every page in the context: a tracking script must never cause one. */
  pageErrors: Error[];
  close(): Promise<void>;
}

/** Real headless Chromium with a fresh `--user-data-dir`, closed and deleted by `close()`. */
export async function launchBrowser(prefs: BrowserPrefs = {}): Promise<Browser> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-chromium-'));
  const preferences: Record<string, unknown> = {};
  if (prefs.doNotTrack) preferences.enable_do_not_track = true;
  if (prefs.blockCookies) preferences.profile = { default_content_setting_values: { cookies: 2 } };
  fs.mkdirSync(path.join(dir, 'Default'));
  fs.writeFileSync(path.join(dir, 'Default', 'Preferences'), JSON.stringify(preferences));
  try {
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: FLAGS,
      ...(prefs.userAgent ? { userAgent: prefs.userAgent } : {}),
    });
    const pageErrors: Error[] = [];
    context.on('weberror', (e) => pageErrors.push(e.error()));
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      pageErrors,
      close: async () => {
        await context.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
