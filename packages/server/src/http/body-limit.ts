import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MopsError } from '../errors.ts';

/**
 * Refuses a request body over `maxBytes` with 413 PAYLOAD_TOO_LARGE and `message`.
 *
 * A request that declares its length (browsers' fetch, form posts and beacons, and our SDK-style
 * senders all do) is judged by the header alone, which Node's HTTP parser holds the body to; the
 * route then reads the body straight from Node's socket stream. hono's own middleware reads
 * `req.raw.body` first, which builds a web Request and stream around every request: measured at
 * ~8 % of the server's CPU per form submission. A body without a declared length (chunked) is
 * counted as it streams, by hono's middleware.
 */
export function limitBody(maxBytes: number, message: string): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new MopsError('PAYLOAD_TOO_LARGE', message);
  };
  const counting = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxBytes) tooLarge();
      return next();
    }
    return counting(c, next);
  };
}
