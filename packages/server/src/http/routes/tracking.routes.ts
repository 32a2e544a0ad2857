import { randomUUID } from 'node:crypto';
import type { CompiledPlaybook } from '@mops/core';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { MopsError } from '../../errors.ts';
import { ingestTracking } from '../../tracking/ingest-tracking.ts';
import { TouchDescriber } from '../../tracking/touch-describer.ts';
import { browserId } from '../../tracking/touch-document.ts';
import { trackerScriptWithEtag } from '../../tracking/tracker-script.ts';
import { limitBody } from '../body-limit.ts';
import type { AppDeps, AppEnv } from '../context.ts';

/** The browser sends ≤ 60 KB; a server-side sender may batch up to 1,000 events. */
export const TRACKING_BODY_LIMIT = 1024 * 1024;

// A transparent 1×1 GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * First-party tracking: the script (`/t.js`, configured from the playbook's `tracking:` section),
 * the batch endpoint it sends to (`/v1/t`), and a pixel (`/t.gif`) for email and no-JS pages.
 * All public and CORS-open: they take touches, never give data back.
 */
export function trackingRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const describer = new TouchDescriber();

  app.get('/t.js', (c) => {
    const { body, etag } = trackerScriptWithEtag(trackerConfigOf(deps.playbooks.current()));
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(body);
  });

  app.use(
    '/v1/t',
    cors({ origin: '*', allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type'], maxAge: 86_400 }),
  );
  app.post(
    '/v1/t',
    limitBody(TRACKING_BODY_LIMIT, `a tracking batch is at most ${TRACKING_BODY_LIMIT / 1024} KB`),
    async (c) => {
      const playbook = deps.playbooks.current();
      checkOrigin(playbook, c.req.header('origin') ?? null);
      // The browser said "do not track" (or Global Privacy Control) and the playbook respects it:
      // nothing is stored. The script already stays quiet; this covers other senders.
      if (doNotTrack(playbook, c.req.header('dnt'), c.req.header('sec-gpc'))) {
        return c.json({ accepted: 0, duplicates: 0, rejected: [], do_not_track: true }, 200);
      }
      const text = await c.req.text();
      const receivedAt = deps.clock();
      const userAgent = c.req.header('user-agent')?.slice(0, 1_000) ?? null;
      const result = await ingestTracking(
        deps,
        playbook,
        { body: null, userAgent, receivedAt },
        deps.clock,
        () => describer.describe(playbook, { text, userAgent, receivedAt }),
      );
      if (result.accepted > 0) deps.onJobsEnqueued();
      return c.json(result, 200);
    },
  );

  // Never fails: a broken pixel must not show in an email or a page. What went wrong is logged.
  app.get('/t.gif', async (c) => {
    const playbook = deps.playbooks.current();
    const respond = () => {
      c.header('Cache-Control', 'no-store');
      c.header('Content-Type', 'image/gif');
      return c.body(PIXEL);
    };
    if (doNotTrack(playbook, c.req.header('dnt'), c.req.header('sec-gpc'))) return respond();
    const query = c.req.query();
    const name = (query.e ?? 'pixel_view').slice(0, 100);
    try {
      await ingestTracking(
        deps,
        playbook,
        {
          body: {
            v: 1,
            // An email pixel fetched again (a mail client re-rendering) with the same id counts once.
            batch_id: query.id?.slice(0, 100) || randomUUID(),
            visitor_id: browserId(query.vid) ?? randomUUID(),
            events: [
              {
                event_id: query.id?.slice(0, 100) || randomUUID(),
                type: 'track',
                name: /^[A-Za-z][\w .:-]{0,99}$/.test(name) ? name : 'pixel_view',
                url: query.u ?? c.req.header('referer') ?? null,
                properties: { via: 'pixel', ...(query.c ? { utm_campaign: query.c.slice(0, 200) } : {}) },
              },
            ],
          },
          userAgent: c.req.header('user-agent')?.slice(0, 1_000) ?? null,
          receivedAt: deps.clock(),
          personId: browserId(query.pid),
        },
        deps.clock,
      );
    } catch (error) {
      deps.log('pixel not stored', { error: (error as Error).message });
    }
    return respond();
  });
  return app;
}

function trackerConfigOf(playbook: CompiledPlaybook) {
  const t = playbook.tracking;
  return {
    respect_dnt: t.respect_do_not_track,
    require_consent: t.require_consent,
    consent_cookie: t.consent_cookie,
    cookie_days: t.cookie_days,
    session_minutes: t.session_minutes,
  };
}

function doNotTrack(playbook: CompiledPlaybook, dnt: string | undefined, gpc: string | undefined): boolean {
  return playbook.tracking.respect_do_not_track && (dnt === '1' || gpc === '1');
}

/** `tracking.allowed_origins`: exact hosts or `*.domain` wildcards; empty = any site may send. */
function checkOrigin(playbook: CompiledPlaybook, origin: string | null): void {
  const allowed = playbook.tracking.allowed_origins;
  if (allowed.length === 0 || origin === null) return;
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    throw new MopsError('FORBIDDEN', 'the Origin header is not a URL');
  }
  const ok = allowed.some((pattern) =>
    pattern.startsWith('*.')
      ? host.endsWith(pattern.slice(1)) || host === pattern.slice(2)
      : host === pattern.toLowerCase(),
  );
  if (!ok)
    throw new MopsError(
      'FORBIDDEN',
      `${host} may not send tracking events; add it to tracking.allowed_origins`,
    );
}
