import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type TrackerConfig, trackerScriptWithEtag } from '../../src/tracking/tracker-script.ts';

/** One request the browser made to the collector (`/v1/t`) or to the site's form target. */
export interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  origin: string | undefined;
  body: string;
}

/** A batch as the tracker sends it (docs/tracking-protocol.md). */
export interface Batch {
  v: number;
  batch_id: string;
  visitor_id: string;
  session_id: string;
  sent_at: number;
  cookies: boolean;
  events: TrackedEvent[];
}

export interface TrackedEvent {
  event_id: string;
  type: 'page_view' | 'track' | 'identify';
  name?: string;
  ts: number;
  url: string;
  path: string;
  title: string;
  referrer: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  truncated?: boolean;
  session_first_touch: {
    utm: Record<string, string>;
    click_ids: Record<string, string>;
    referrer: string;
    landing_url: string;
    ts: number;
  };
}

export interface Listening {
  origin: string;
  port: number;
  close(): Promise<void>;
}

async function listen(handler: http.RequestListener, host = '127.0.0.1'): Promise<Listening> {
  // Room for the 20 KB URLs of the hostile-page test (Node's default header limit is 16 KB).
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function record(req: http.IncomingMessage, body: string): Received {
  return {
    method: req.method ?? '',
    path: req.url ?? '',
    contentType: req.headers['content-type'],
    origin: req.headers.origin,
    body,
  };
}

/**
 * The mops side: `/t.js` rendered by `trackerScriptWithEtag` with `config`, and a collector that
 * records what arrives at `/v1/t`. `dropNext` makes the next N collector requests fail at the
 * network level (socket destroyed), as a crashed or unreachable server would.
 */
export interface MopsServer extends Listening {
  config: Partial<TrackerConfig>;
  requests: Received[];
  /** Requests that arrived while `dropNext` was positive and were answered by a dropped connection. */
  dropped: Received[];
  dropNext: number;
  attempts: number;
  batches(): Batch[];
  events(): TrackedEvent[];
}

export async function startMopsServer(config: Partial<TrackerConfig> = {}): Promise<MopsServer> {
  const state = { config, requests: [] as Received[], dropped: [] as Received[], dropNext: 0, attempts: 0 };
  const listening = await listen((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET' && url.pathname === '/t.js') {
        const script = trackerScriptWithEtag(state.config);
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', etag: script.etag });
        res.end(script.body);
        return;
      }
      if (url.pathname === '/v1/t') {
        state.attempts++;
        if (state.dropNext > 0 && req.method === 'POST') {
          state.dropNext--;
          state.dropped.push(record(req, await readBody(req)));
          req.socket.destroy();
          return;
        }
        state.requests.push(record(req, await readBody(req)));
        // No keep-alive: Chromium silently re-sends a request whose reused socket is reset, which
        // would blur how many attempts the script itself made.
        res.writeHead(204, { 'access-control-allow-origin': '*', connection: 'close' });
        res.end();
        return;
      }
      res.writeHead(404).end();
    })();
  });
  return Object.assign(state, listening, {
    batches: () => state.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Batch),
    events: () =>
      state.requests.filter((r) => r.method === 'POST').flatMap((r) => (JSON.parse(r.body) as Batch).events),
  });
}

/**
 * The customer's website: pages registered by path (the query string is ignored for lookup) and
 * a form target `/submit` that records urlencoded submissions.
 */
export interface SiteServer extends Listening {
  /** Path → HTML (or JavaScript for a path ending in .js). */
  pages: Map<string, string>;
  submissions: URLSearchParams[];
  /** The same site under a multi-label host name (resolved to 127.0.0.1 by the browser flags). */
  at(host: string): string;
}

export async function startSiteServer(): Promise<SiteServer> {
  const pages = new Map<string, string>();
  const submissions: URLSearchParams[] = [];
  const listening = await listen((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'POST' && url.pathname === '/submit') {
        submissions.push(new URLSearchParams(await readBody(req)));
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>Thanks</title><p id="thanks">Thanks</p>');
        return;
      }
      const html = pages.get(url.pathname);
      if (html === undefined) {
        res.writeHead(404).end();
        return;
      }
      const type = url.pathname.endsWith('.js') ? 'text/javascript' : 'text/html';
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
      res.end(html);
    })();
  });
  return Object.assign(listening, {
    pages,
    submissions,
    at: (host: string) => `http://${host}:${listening.port}`,
  });
}

/** A host page embedding the tracker the documented way, with optional extra markup. */
export function hostPage(opts: { scriptSrc?: string; title?: string; head?: string; body?: string }): string {
  const script = opts.scriptSrc ? `<script async src="${opts.scriptSrc}"></script>` : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${opts.title ?? 'Host page'}</title>${opts.head ?? ''}${script}</head><body>${opts.body ?? ''}</body></html>`;
}

/** Polls until `check` holds (the browser sends asynchronously), failing with `what` on timeout. */
export async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits a fixed time: only to prove that something does NOT happen. */
export function quiet(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
