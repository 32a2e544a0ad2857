import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_BODY_LIMIT } from '../src/http/routes/forms.routes.ts';
import { createTestApp, DESKTOP_USER_AGENT, demoRequest, type TestApp } from './helpers.ts';

// Body limits over a real Node server: a declared length is judged by its header (the body is then
// read straight from the socket stream), a chunked body is counted as it arrives. In-process
// requests (app.request) carry no Content-Length, so only a real socket exercises the first path.

let t: TestApp;
let server: http.Server;
let port: number;

beforeAll(async () => {
  t = await createTestApp();
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as http.Server;
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/** Sends `body`, with its length declared or in chunks of 8 KB, and reads the JSON answer. */
function post(
  path: string,
  body: string,
  how: 'declared' | 'chunked',
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...headers,
          ...(how === 'declared' ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    // A server that answers early may close the socket while the rest is still being sent.
    req.on('error', reject);
    if (how === 'declared') req.end(body);
    else {
      for (let at = 0; at < body.length; at += 8192) req.write(body.slice(at, at + 8192));
      req.end();
    }
  });
}

describe('request body limits over a socket', () => {
  for (const how of ['declared', 'chunked'] as const) {
    it(`takes a form submission whose length is ${how}`, async () => {
      const res = await post('/v1/forms/demo-request/submissions', JSON.stringify(demoRequest()), how);
      expect(res.status).toBe(201);
      expect(res.json.person_id).toEqual(expect.any(String));
    });

    it(`refuses a form submission over ${FORM_BODY_LIMIT / 1024} KB whose length is ${how}, storing nothing`, async () => {
      const before = await t.database.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const huge = JSON.stringify(demoRequest({ company: 'x'.repeat(FORM_BODY_LIMIT) }));
      const res = await post('/v1/forms/demo-request/submissions', huge, how);
      expect(res.status).toBe(413);
      expect((res.json.error as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
      const after = await t.database.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
    });
  }

  it('takes a tracking batch with a declared length and refuses one over the limit', async () => {
    const batch = (url: string) =>
      JSON.stringify({
        v: 1,
        batch_id: `b-${url.length}`,
        visitor_id: '7d3f2a9e-1b4c-4d5e-8f60-123456789abc',
        events: [{ event_id: `e-${url.length}`, type: 'page_view', url }],
      });
    const ok = await post('/v1/t', batch('https://example.com/pricing'), 'declared', {
      'user-agent': DESKTOP_USER_AGENT,
    });
    expect(ok.status).toBe(200);
    expect(ok.json.accepted).toBe(1);
    const huge = await post('/v1/t', batch(`https://example.com/${'a'.repeat(1024 * 1024)}`), 'declared');
    expect(huge.status).toBe(413);
    expect((huge.json.error as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
  });
});
