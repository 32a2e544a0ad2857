import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/*
 * COPY's text format, for the bulk writers (tracking events, import batches). A COPY skips the
 * per-row work a statement does on a JSON document — parsing it, then building each row from it —
 * which for a 2,000-person import batch was most of its write.
 */

/** Values as a line of COPY's text format (no newline). */
export const copyLine = (values: readonly (string | null)[]) => values.map(copyField).join('\t');

/**
 * One value in COPY's text format: \N for NULL; backslash, tab, newline and carriage return
 * escaped; a raw NUL (which PostgreSQL text cannot hold) replaced — documents are sanitised
 * upstream, this is the last guard for text columns. (In a JSON value NUL is the escape \u0000,
 * which jsonb refuses: upstream validation keeps control characters out.)
 */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  // One scan for the usual value, which needs nothing done.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value
    .replaceAll('\u0000', '\uFFFD')
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters looked for
const NEEDS_ESCAPE = /[\\\t\n\r\u0000]/;

/** A JSON value as COPY text for a json/jsonb column (NULL stays NULL). */
export const copyJson = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** Runs `COPY … FROM STDIN` on `client` with `text` (complete lines, each ending in a newline). */
export function copyText(client: pg.PoolClient, sql: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(sql));
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(text);
  });
}
