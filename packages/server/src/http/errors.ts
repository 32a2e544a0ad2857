import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { httpStatusOf, MopsError } from '../errors.ts';

/** The one place errors become HTTP responses: `{ error: { code, message, details? } }`. */
export function errorResponse(
  c: Context,
  error: unknown,
  log: (msg: string, extra: Record<string, unknown>) => void,
): Response {
  if (error instanceof MopsError) {
    const status = httpStatusOf(error.code) as ContentfulStatusCode;
    if (error.code === 'RATE_LIMITED') c.header('Retry-After', '60');
    if (error.code === 'BUSY') c.header('Retry-After', '5');
    return c.json({ error: error.toJSON() }, status);
  }
  if (isPoolExhausted(error)) {
    // Every database connection stayed busy for 10 s: say "try again", not "bug".
    c.header('Retry-After', '5');
    return c.json(
      { error: { code: 'BUSY', message: 'mops is at capacity right now; retry in a few seconds' } },
      503,
    );
  }
  const requestId = c.get('requestId' as never) as string | undefined;
  log('unhandled error', { requestId, path: c.req.path, error: (error as Error)?.stack ?? String(error) });
  return c.json(
    {
      error: {
        code: 'INTERNAL',
        message: `unexpected error; reference ${requestId ?? 'n/a'} in the server log`,
      },
    },
    500,
  );
}

const isPoolExhausted = (error: unknown) =>
  /timeout exceeded when trying to connect/i.test((error as Error)?.message ?? '');
