import type { AppError, ErrorDetail } from '@mops/core';

/**
 * An expected failure crossing the shell: carries a stable code, a message that says what went
 * wrong and how to fix it, and optional per-field details. HTTP statuses and CLI exit codes are
 * derived from the code in one place each (below).
 */
export class MopsError extends Error {
  override name = 'MopsError';
  readonly code: string;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: string, message: string, details?: ErrorDetail[]) {
    super(message);
    this.code = code;
    this.details = details;
  }

  static from(error: AppError): MopsError {
    return new MopsError(error.code, error.message, error.details);
  }

  toJSON(): AppError {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

const HTTP_STATUS: Record<string, number> = {
  VALIDATION_FAILED: 422,
  INVALID_JSON: 400,
  INVALID_BODY: 400,
  INVALID_QUERY: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  FORM_NOT_FOUND: 404,
  PERSON_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  BUSY: 503,
  IDEMPOTENCY_KEY_REUSED: 422,
  PLAYBOOK_INVALID: 422,
  DATABASE_UNAVAILABLE: 503,
  NO_PLAYBOOK: 503,
  IMPORT_MAPPING_INVALID: 422,
  MERGE_INVALID: 409,
  MERGE_NOT_FOUND: 404,
  REVIEW_NOT_FOUND: 404,
  IMPORT_NOT_FOUND: 404,
  CSV_EMPTY: 422,
  CSV_BINARY: 422,
  CSV_NO_HEADER: 422,
  CSV_DUPLICATE_HEADER: 422,
  CSV_UNREADABLE: 422,
  CAMPAIGN_NAME_INVALID: 422,
  CAMPAIGN_NOT_FOUND: 404,
  CAMPAIGN_EXISTS: 409,
  OPPORTUNITY_NOT_FOUND: 404,
  NON_CONFORMING_UTM: 422,
  INVALID_URL: 422,
  UNSUPPORTED_URL_SCHEME: 422,
  URL_TOO_LONG: 422,
  NO_CONVERSIONS: 422,
  NO_JOURNEY_CREDIT: 422,
  PLAN_IMPOSSIBLE: 422,
  DEMO_NOT_EMPTY: 409,
};

export const httpStatusOf = (code: string): number => HTTP_STATUS[code] ?? 500;

/** CLI exit codes: 1 = the input was wrong, 2 = usage, 3 = environment (database, files), 70 = bug. */
const EXIT_CODE: Record<string, number> = {
  PLAYBOOK_INVALID: 1,
  VALIDATION_FAILED: 1,
  PERSON_NOT_FOUND: 1,
  NOT_FOUND: 1,
  USAGE: 2,
  IMPORT_MAPPING_INVALID: 1,
  INVALID_QUERY: 1,
  MERGE_INVALID: 1,
  MERGE_NOT_FOUND: 1,
  REVIEW_NOT_FOUND: 1,
  IMPORT_NOT_FOUND: 1,
  IMPORT_FILE_MISSING: 3,
  CSV_EMPTY: 1,
  CSV_BINARY: 1,
  CSV_NO_HEADER: 1,
  CSV_DUPLICATE_HEADER: 1,
  CSV_UNREADABLE: 3,
  FILE_NOT_FOUND: 3,
  DATABASE_UNAVAILABLE: 3,
  EMBEDDED_POSTGRES_FAILED: 3,
  NO_PLAYBOOK: 3,
  CONFIG_INVALID: 3,
  PORT_IN_USE: 3,
  MIGRATION_FAILED: 3,
  MIGRATION_CHANGED: 3,
  CAMPAIGN_NAME_INVALID: 1,
  CAMPAIGN_NOT_FOUND: 1,
  CAMPAIGN_EXISTS: 1,
  OPPORTUNITY_NOT_FOUND: 1,
  NON_CONFORMING_UTM: 1,
  INVALID_URL: 1,
  NO_CONVERSIONS: 1,
  NO_JOURNEY_CREDIT: 1,
  PLAN_IMPOSSIBLE: 1,
  DEMO_NOT_EMPTY: 1,
  UNSUPPORTED_URL_SCHEME: 1,
  URL_TOO_LONG: 1,
};

export const exitCodeOf = (code: string): number => EXIT_CODE[code] ?? 70;
