import type { AppError, ErrorDetail, Result } from '@mops/core';

// The header, separators and step checks of a path file (see parse-path-table.ts).

export const PATH_COLUMNS = ['path', 'total_conversions', 'total_conversion_value', 'total_null'] as const;
export const COLUMN_SEPARATORS = [',', ';', '\t', '|'];
/** What people separate steps with, to name the right --path-sep when the given one never occurs. */
const PATH_SEPARATOR_GUESSES = ['>', '->', '→', '»', '|', ',', ';', '/', '<', ' - '];

export type Fail = { ok: false; error: AppError };
export const fail = (code: string, message: string, details?: ErrorDetail[]): Fail => ({
  ok: false,
  error: { code, message, ...(details ? { details } : {}) },
});

export function chooseSeparator(headerLine: string, given: string | undefined): Result<string> {
  const fits = (s: string) => {
    const names = headerLine.split(s).map((n) => n.trim().replace(/^"|"$/g, '').toLowerCase());
    return names.includes('path') && names.includes('total_conversions');
  };
  if (given !== undefined) {
    if (fits(given)) return { ok: true, value: given };
    const other = COLUMN_SEPARATORS.find(fits);
    if (other)
      return fail(
        'UNKNOWN_SEPARATOR',
        `the header is not separated by ${JSON.stringify(given)} but by ${JSON.stringify(other)}: pass --sep '${other}' (or leave --sep out)`,
      );
  } else {
    const found = COLUMN_SEPARATORS.find(fits);
    if (found) return { ok: true, value: found };
  }
  const shown = headerLine.length > 80 ? `${headerLine.slice(0, 80)}…` : headerLine;
  return fail(
    'PATHS_NO_HEADER',
    `line 1 must be the header naming the columns path and total_conversions (and total_conversion_value, total_null), separated by , ; tab or |; it reads "${shown}"`,
  );
}

export function stepProblem(parts: string[]): string | null {
  if (parts.length === 1 && parts[0]!.trim() === '') return 'the path is empty';
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]!.trim() === '')
      return `step ${i + 1} of ${parts.length} is empty (two separators in a row, or one at an end)`;
  }
  return null;
}

export function guessPathSeparator(
  channels: readonly string[],
  given: string,
): { sep: string; channel: string } | null {
  for (const sep of PATH_SEPARATOR_GUESSES) {
    if (sep === given) continue;
    const channel = channels.find((c) => c.includes(sep));
    if (channel) return { sep, channel };
  }
  return null;
}
