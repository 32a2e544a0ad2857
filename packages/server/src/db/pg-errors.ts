/**
 * SQLSTATE of an error PostgreSQL reported, undefined for anything else — in particular a broken
 * socket (ECONNRESET, EPIPE, ETIMEDOUT also carry a `code`, but the server may or may not have
 * committed, so callers must never retry a write on them as if it had failed cleanly).
 */
export const pgCode = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; severity?: unknown } | null;
  return typeof e?.code === 'string' && typeof e.severity === 'string' && /^[0-9A-Z]{5}$/.test(e.code)
    ? e.code
    : undefined;
};
export const pgConstraint = (error: unknown): string | undefined =>
  (error as { constraint?: string } | null)?.constraint;
