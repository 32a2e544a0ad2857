// CSV output: RFC 4180 quoting, one record per call, always \n-terminated.

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (values: readonly (string | number | null | undefined)[]): string =>
  `${values.map(csvField).join(',')}\n`;

/**
 * For files people open in a spreadsheet (quarantine exports): a value starting with = + - @ or a
 * tab would be run as a formula, so it gets a leading apostrophe, the usual defence.
 */
export const spreadsheetSafe = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
