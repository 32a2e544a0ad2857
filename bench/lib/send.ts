// One HTTP request over a shared keep-alive agent, with the body read to the end so that the
// socket goes back to the pool and the timing includes the whole response.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export type RequestSpec = {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
};

export type Target = {
  hostname: string;
  port: number;
  /** Path prefix from the base URL, without a trailing slash ('' for a bare origin). */
  basePath: string;
};

/** Either the server answered (any status) or the transport failed (code like ECONNRESET). */
export type Outcome =
  | { kind: 'response'; status: number; errorBody: string; sentAt: number; doneAt: number }
  | { kind: 'failure'; code: string; message: string; sentAt: number; doneAt: number };

// Non-2xx bodies are kept only this far: enough to read an error message, never a memory risk
// when an overloaded server answers thousands of 503s.
const ERROR_BODY_BYTES = 512;

export function parseBaseUrl(baseUrl: string): Target {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') throw new Error(`only http: base URLs are supported, got ${baseUrl}`);
  return {
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? 80 : Number(url.port),
    basePath: url.pathname.replace(/\/+$/, ''),
  };
}

export function createAgent(maxSockets: number): http.Agent {
  // maxFreeSockets = maxSockets: otherwise the agent closes sockets above the default 256 idle
  // after a burst, and the next burst pays for new TCP connections.
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

export function isOk(outcome: Outcome): boolean {
  return outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300;
}

/** Never rejects: every failure is an Outcome, so load loops need no try/catch per request. */
export function send(
  agent: http.Agent,
  target: Target,
  spec: RequestSpec,
  timeoutMs: number,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const sentAt = performance.now();
    let settled = false;
    const fail = (err: NodeJS.ErrnoException): void => {
      if (settled) return;
      settled = true;
      resolve({
        kind: 'failure',
        code: err.code ?? err.name,
        message: err.message,
        sentAt,
        doneAt: performance.now(),
      });
    };

    const headers: Record<string, string | number> = { ...spec.headers };
    if (spec.body !== undefined) headers['content-length'] = Buffer.byteLength(spec.body);

    let req: http.ClientRequest;
    try {
      req = http.request(
        {
          agent,
          hostname: target.hostname,
          port: target.port,
          method: spec.method,
          path: target.basePath + spec.path,
          headers,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const keep = status < 200 || status >= 300;
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (keep && kept < ERROR_BODY_BYTES) {
              chunks.push(chunk);
              kept += chunk.length;
            }
          });
          res.on('error', fail);
          // Belt and braces: if the socket closes mid-body without an 'error', still settle.
          res.on('close', () => {
            const err: NodeJS.ErrnoException = new Error('response closed before its end');
            err.code = 'ECONNRESET';
            fail(err);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            const errorBody = keep ? Buffer.concat(chunks).toString('utf8', 0, ERROR_BODY_BYTES) : '';
            resolve({ kind: 'response', status, errorBody, sentAt, doneAt: performance.now() });
          });
        },
      );
    } catch (err) {
      // Invalid method or header characters throw synchronously; report them like any failure.
      fail(err as NodeJS.ErrnoException);
      return;
    }
    req.on('error', fail);
    // Idle timeout on the socket: a hung server shows up as ETIMEDOUT instead of stalling the run.
    req.setTimeout(timeoutMs, () => {
      const err: NodeJS.ErrnoException = new Error(`no activity for ${timeoutMs} ms`);
      err.code = 'ETIMEDOUT';
      req.destroy(err);
    });
    req.end(spec.body);
  });
}
