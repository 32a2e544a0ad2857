/**
 * Expected failures are values, not exceptions: `{ ok: false, error }` with a string code.
 * Bugs throw. The shell maps codes to HTTP statuses and CLI exit codes in one table each.
 */
export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E = AppError> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/** A user-facing error: what went wrong, where, and how to fix it. */
export interface AppError {
  code: string;
  message: string;
  /** Field-level or location-level details, e.g. one entry per invalid form field. */
  details?: ErrorDetail[];
}

export interface ErrorDetail {
  /** A field name (`email`) or a path (`routing.rules[2].pool`). */
  path: string;
  code: string;
  message: string;
  /** `file:line:column` when the error points into a file. */
  location?: string;
}
