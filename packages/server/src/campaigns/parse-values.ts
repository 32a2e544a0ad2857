import type { ErrorDetail } from '@mops/core';
import { MopsError } from '../errors.ts';

/**
 * Field readers shared by the campaign and opportunity API bodies and their CSV imports. Each
 * returns the clean value or pushes a detail that says what was wrong with what was sent, so one
 * response lists every problem at once.
 */
export class FieldErrors {
  readonly details: ErrorDetail[] = [];

  add(path: string, code: string, message: string): undefined {
    this.details.push({ path, code, message });
    return undefined;
  }

  get empty(): boolean {
    return this.details.length === 0;
  }

  /** Throws VALIDATION_FAILED (422 / exit 1) when anything was wrong. */
  throwIfAny(what: string): void {
    if (this.empty) return;
    const first = this.details[0] as ErrorDetail;
    const more = this.details.length > 1 ? ` (and ${this.details.length - 1} more)` : '';
    throw new MopsError('VALIDATION_FAILED', `${what}: ${first.path}: ${first.message}${more}`, this.details);
  }
}

const quote = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${(text ?? String(value)).slice(0, 80)}${(text?.length ?? 0) > 80 ? '…' : ''}"`;
};

export function readText(
  errors: FieldErrors,
  path: string,
  value: unknown,
  opts: { required?: boolean; max?: number } = {},
): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return opts.required ? errors.add(path, 'REQUIRED', `${path} is required`) : undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    return errors.add(
      path,
      'INVALID_TYPE',
      `${path} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`,
    );
  }
  const text = String(value).trim();
  const max = opts.max ?? 200;
  if (text.length > max)
    return errors.add(path, 'TOO_LONG', `${path} is ${text.length} characters; at most ${max}`);
  // Control characters have no business in a name or note and break terminals and CSV exports.
  if (/\p{Cc}/u.test(text.replace(/[\t]/g, ''))) {
    return errors.add(path, 'INVALID_CHARACTERS', `${path} contains control characters`);
  }
  return text;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as `YYYY-MM-DD` (a YAML date arrives as a Date at UTC midnight). */
export function readDate(
  errors: FieldErrors,
  path: string,
  value: unknown,
  opts: { required?: boolean } = {},
): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  const text = readText(errors, path, value, { ...opts, max: 40 });
  if (text === undefined) return undefined;
  const match = ISO_DATE.exec(text);
  if (!match) {
    return errors.add(
      path,
      'INVALID_DATE',
      `${path} ${quote(text)} is not a date in the form YYYY-MM-DD${/^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/.test(text) ? ' (day/month order is ambiguous; write 2026-11-01)' : ''}`,
    );
  }
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900) {
    return errors.add(path, 'INVALID_DATE', `${path} ${quote(text)} is not a real calendar date`);
  }
  return text;
}

/** A moment in time: ISO 8601 with a zone (or a bare date, taken as UTC midnight). */
export function readTimestamp(
  errors: FieldErrors,
  path: string,
  value: unknown,
  opts: { required?: boolean; notAfter?: Date } = {},
): Date | undefined {
  if (value instanceof Date) return value;
  const text = readText(errors, path, value, { ...opts, max: 40 });
  if (text === undefined) return undefined;
  const date = ISO_DATE.test(text)
    ? readDate(errors, path, text) && new Date(`${text}T00:00:00Z`)
    : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)
      ? new Date(text.replace(' ', 'T'))
      : null;
  if (date === undefined) return undefined;
  if (!date || Number.isNaN(date.getTime())) {
    return errors.add(
      path,
      'INVALID_TIMESTAMP',
      `${path} ${quote(text)} is not a timestamp such as 2026-11-23T15:00:00Z (the zone is required)`,
    );
  }
  if (opts.notAfter && date.getTime() > opts.notAfter.getTime()) {
    return errors.add(path, 'IN_THE_FUTURE', `${path} ${quote(text)} is in the future`);
  }
  return date;
}

const MONEY = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const MAX_MONEY = 1e13;

/** A non-negative amount of money: `25000`, `25,000.50`, `$1,200`. Rounded to cents. */
export function readMoney(
  errors: FieldErrors,
  path: string,
  value: unknown,
  opts: { required?: boolean } = {},
): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return errors.add(path, 'INVALID_AMOUNT', `${path} must be a finite number`);
    return checkAmount(errors, path, value, String(value));
  }
  const text = readText(errors, path, value, { ...opts, max: 40 });
  if (text === undefined) return undefined;
  const bare = text.replace(/^[$€£¥]\s*|\s*(?:USD|EUR|GBP)$/gi, '');
  if (/^[-−(]/.test(bare)) {
    return errors.add(path, 'NEGATIVE_AMOUNT', `${path} ${quote(text)} is negative; amounts are 0 or more`);
  }
  if (!MONEY.test(bare)) {
    return errors.add(
      path,
      'INVALID_AMOUNT',
      `${path} ${quote(text)} is not an amount such as 1200 or 1,200.50`,
    );
  }
  return checkAmount(errors, path, Number(bare.replace(/,/g, '')), text);
}

function checkAmount(errors: FieldErrors, path: string, amount: number, text: string): number | undefined {
  if (amount < 0)
    return errors.add(path, 'NEGATIVE_AMOUNT', `${path} ${quote(text)} is negative; amounts are 0 or more`);
  if (amount >= MAX_MONEY) return errors.add(path, 'INVALID_AMOUNT', `${path} ${quote(text)} is too large`);
  return Math.round(amount * 100) / 100;
}

export function readCurrency(errors: FieldErrors, path: string, value: unknown): string | undefined {
  const text = readText(errors, path, value, { max: 10 });
  if (text === undefined) return undefined;
  const upper = text.toUpperCase();
  if (!/^[A-Z]{3}$/.test(upper)) {
    return errors.add(
      path,
      'INVALID_CURRENCY',
      `${path} ${quote(text)} is not a three-letter currency code such as USD`,
    );
  }
  return upper;
}

export function readEnum<T extends string>(
  errors: FieldErrors,
  path: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  const text = readText(errors, path, value, { max: 40 });
  if (text === undefined) return undefined;
  const lower = text.toLowerCase() as T;
  if (!allowed.includes(lower)) {
    return errors.add(path, 'INVALID_VALUE', `${path} ${quote(text)} is not one of ${allowed.join(', ')}`);
  }
  return lower;
}

export function readBoolean(errors: FieldErrors, path: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'won'].includes(text)) return true;
  if (['false', 'no', 'n', '0', 'lost'].includes(text)) return false;
  return errors.add(path, 'INVALID_BOOLEAN', `${path} ${quote(value)} is not true or false`);
}

/** A machine-ish label (channel, type, stage keys): lower case, letters, digits, _ and -. */
export function readKey(
  errors: FieldErrors,
  path: string,
  value: unknown,
  opts: { required?: boolean } = {},
): string | undefined {
  const text = readText(errors, path, value, { ...opts, max: 60 });
  if (text === undefined) return undefined;
  const key = text.toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(key)) {
    return errors.add(
      path,
      'INVALID_KEY',
      `${path} ${quote(text)} may contain only letters, digits, _ and - (e.g. paid_social)`,
    );
  }
  return key;
}
