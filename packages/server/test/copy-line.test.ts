import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyLine } from '../src/db/copy-text.ts';
import { createTestDatabase } from './helpers.ts';

// The tracking ingest writes events in COPY's text format; a value it escapes wrongly either fails
// the whole batch or, worse, lands shifted into the next column. Each awkward value goes through a
// real COPY and must come back as it went in (NUL, which PostgreSQL text cannot hold, as U+FFFD).

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const AWKWARD: (string | null)[] = [
  'plain',
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\t literally',
  'nul\u0000inside',
  'all\t\n\r\\\u0000 at once',
  '',
  null,
  'ünïcödé — ✓',
];

describe('copyLine', () => {
  it('round-trips every awkward value through a real COPY, each in its own column', async () => {
    const client = await database.pool.connect();
    try {
      const columns = AWKWARD.map((_, i) => `c${i} text`).join(', ');
      await client.query(`CREATE TEMP TABLE copied (${columns})`);
      const line = copyLine(AWKWARD);
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyFrom('COPY copied FROM STDIN'));
        stream.on('finish', resolve);
        stream.on('error', reject);
        stream.end(`${line}\n${line}\n`);
      });
      const { rows } = await client.query<Record<string, string | null>>('SELECT * FROM copied');
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(AWKWARD.map((_, i) => row[`c${i}`])).toEqual(
          AWKWARD.map((v) => (v === null ? null : v.replaceAll('\u0000', '\uFFFD'))),
        );
      }
    } finally {
      client.release();
    }
  });
});
