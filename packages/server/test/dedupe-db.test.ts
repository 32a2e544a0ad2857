import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImport } from '../src/imports/import.store.ts';
import { runImport } from '../src/imports/run-import.ts';
import { scheduleDedupeSweep } from '../src/jobs/tasks/dedupe-sweep.task.ts';
import { dedupeDatabase } from '../src/merges/dedupe-database.ts';
import { runMops } from './cli-helpers.ts';
import { createTestApp, type TestApp } from './helpers.ts';

const FIRST = [
  'Ann',
  'Ben',
  'Cara',
  'Dev',
  'Eli',
  'Fay',
  'Gus',
  'Hana',
  'Ivan',
  'Jo',
  'Kai',
  'Lena',
  'Max',
  'Nia',
  'Omar',
  'Pia',
];
const LAST = [
  'Smith',
  'Jones',
  'Garcia',
  'Chen',
  'Okafor',
  'Novak',
  'Silva',
  'Kim',
  'Patel',
  'Muller',
  'Rossi',
  'Dubois',
];

let t: TestApp;

const TITLES = [
  'Marketing Manager',
  'VP Sales',
  'Software Engineer',
  'CFO',
  'Director of Operations',
  'HR Generalist',
];

/** 192 distinct people at 24 companies (colleagues share a domain), each with a direct line, plus `extra` rows. */
async function seed(app: TestApp, extra: string[]): Promise<void> {
  const lines = ['email,first_name,last_name,company,title,phone,country'];
  let n = 0;
  for (const first of FIRST) {
    for (const last of LAST) {
      const company = n % 24;
      lines.push(
        `${first.toLowerCase()}.${last.toLowerCase()}@co${company}.com,${first},${last},Company ${company} Inc,${TITLES[n % TITLES.length]},+1 212 555 ${1000 + n},US`,
      );
      n += 1;
    }
  }
  lines.push(...extra);
  await importPeople(app, lines);
}

/** Submits the demo-request form as a prospect would, and checks it was taken. */
async function submitProspect(app: TestApp, fields: Record<string, string>): Promise<void> {
  const res = await app.request('/v1/forms/demo-request/submissions', { method: 'POST', json: fields });
  expect(res.status).toBe(201);
}

/** Imports CSV lines (header first) through the import pipeline, at the app's clock. */
async function importPeople(app: TestApp, lines: string[]): Promise<void> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mops-dedupe-db-')), 'people.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const id = await createImport(app.database.db, {
    kind: 'people',
    source: 'test',
    fileName: 'people.csv',
    storedPath: file,
    fileBytes: 1,
    fileSha256: 'x',
    options: {},
    playbookVersionId: app.runtime.current().version.id,
    createdBy: 'test',
    now: app.clock(),
  });
  await runImport(
    { db: app.database.db, pool: app.database.pool, playbook: app.runtime.current(), clock: app.clock },
    id,
  );
}

beforeAll(async () => {
  t = await createTestApp();
  // Duplicates of three of them, as people really produce them.
  await seed(t, [
    'ann.smith.home@gmail.com,Ann,Smith,Company 0 Inc.,Marketing Manager,+1 212 555 1000,US',
    'bsmith@co1.com,Benjamin,Smith,Company 12,VP Sales,+12125551012,US',
    'c.smith@co2.com,Cara,Smith,Company 0 Incorporated,Software Engineer,(212) 555-1024,US',
  ]);
});
afterAll(async () => {
  await t.close();
});

describe('mops dedupe --db', () => {
  it('a dry run finds the duplicates and writes nothing', async () => {
    const summary = await dedupeDatabase(t.database.db, t.database.pool, t.runtime.current(), {
      dryRun: true,
      actor: 'test',
      now: t.clock,
    });
    expect(summary.people).toBe(195);
    expect(summary.merged + summary.queued_for_review).toBeGreaterThanOrEqual(1);
    const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM person_merges');
    expect(rows[0].n).toBe(0);
  });

  it('merges sure pairs, queues unsure ones, never merges colleagues, and a second run finds nothing new', async () => {
    const summary = await dedupeDatabase(t.database.db, t.database.pool, t.runtime.current(), {
      dryRun: false,
      actor: 'mops dedupe --db',
      now: t.clock,
    });
    const pairs = [
      ...summary.merges.map((m) => [m.survivor, m.merged]),
      ...summary.reviews.map((r) => [r.a, r.b]),
    ];
    const sameName = (a: string, b: string) => a.split('@')[0]?.split('.')[0]?.[0] === b.split('@')[0]?.[0];
    for (const [a, b] of pairs) expect(sameName(a as string, b as string)).toBe(true);
    expect(pairs).toEqual(
      expect.arrayContaining([expect.arrayContaining(['ann.smith@co0.com', 'ann.smith.home@gmail.com'])]),
    );
    const { rows } = await t.database.pool.query(
      'SELECT m.evidence, s.email AS survivor FROM person_merges m JOIN people s ON s.id = m.survivor_id',
    );
    expect(rows.length).toBe(summary.merged);
    for (const row of rows) expect(row.evidence.fields.length).toBeGreaterThan(3);
    const drift = await t.database.pool.query('SELECT * FROM score_ledger_drift');
    expect(drift.rows).toEqual([]);

    const again = await dedupeDatabase(t.database.db, t.database.pool, t.runtime.current(), {
      dryRun: false,
      actor: 'mops dedupe --db',
      now: t.clock,
    });
    expect(again.merged).toBe(0);
    expect(again.queued_for_review).toBe(0);
  });
});

describe('mops dedupe --db (CLI)', () => {
  it('reports a dry run as JSON, and refuses a file together with --db', async () => {
    const env = { DATABASE_URL: t.database.url };
    const dry = await runMops(['dedupe', '--db', '--dry-run', '--json'], env);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dry_run: true, merged: 0 });
    const both = await runMops(['dedupe', 'people.csv', '--db'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give no input file');
    const neither = await runMops(['dedupe'], env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('needs an input and --out');
  });
});

describe('duplicates on entry (the dedupe sweep)', () => {
  it('checks newcomers against the people who share a key with them, and merges a sure match', async () => {
    const app = await createTestApp();
    try {
      await seed(app, []);
      // Later than the 30 s a sweep looks back over, so the second sweep sees only the newcomer.
      app.clock.advance(60_000);
      await scheduleDedupeSweep(app.database.db);
      await app.drain();
      const first = await app.database.pool.query('SELECT checked, merged, elapsed_ms FROM dedupe_sweeps');
      expect(first.rows).toEqual([{ checked: 192, merged: 0, elapsed_ms: expect.any(Number) }]);

      app.clock.advance(5 * 60_000); // past the overlap a sweep looks back over
      await submitProspect(app, {
        email: 'a.smith@co0.com',
        first_name: 'Ann',
        last_name: 'Smith',
        company: 'Company 0 Inc.',
        title: 'Marketing Manager',
        country: 'US',
        phone: '+1 212 555 1000',
      });
      app.clock.advance(10_000);
      await scheduleDedupeSweep(app.database.db);
      await app.drain();
      const sweeps = await app.database.pool.query(
        'SELECT checked, merged, queued FROM dedupe_sweeps ORDER BY id',
      );
      expect(sweeps.rows[1]).toMatchObject({ checked: 1 });
      const { rows } = await app.database.pool.query(
        `SELECT s.email AS survivor, d.email AS merged, m.actor FROM person_merges m
           JOIN people s ON s.id = m.survivor_id JOIN people d ON d.id = m.merged_id`,
      );
      const { rows: reviews } = await app.database.pool.query('SELECT count(*)::int AS n FROM merge_reviews');
      expect(rows.length + reviews[0].n).toBe(1);
      if (rows.length === 1) {
        expect(rows[0]).toEqual({
          survivor: 'ann.smith@co0.com',
          merged: 'a.smith@co0.com',
          actor: 'on entry (dedupe sweep)',
        });
      }
    } finally {
      await app.close();
    }
  });

  it('finds a newcomer among the newest of a surname and a number shared by more people than it reads', async () => {
    const app = await createTestApp();
    try {
      const header = 'email,first_name,last_name,company,title,phone,country';
      // 80 Garcias at 80 companies, all reached through one switchboard: more than the 51 newest
      // holders a sweep reads per key.
      const garcias = FIRST.flatMap((first, i) =>
        ['a', 'b', 'c', 'd', 'e'].map(
          (suffix, j) =>
            `${first.toLowerCase()}.garcia@firm${i * 5 + j}.com,${first},Garcia,Firm ${i * 5 + j} ${suffix.toUpperCase()} LLC,Analyst,+1 305 555 0100,US`,
        ),
      );
      await importPeople(app, [header, ...garcias]);
      app.clock.advance(30_000);
      await importPeople(app, [
        header,
        'maria.garcia@initrode.com,Maria,Garcia,Initrode Inc,VP Marketing,+1 305 555 0100,US',
      ]);
      app.clock.advance(60_000);
      await scheduleDedupeSweep(app.database.db);
      await app.drain();
      const first = await app.database.pool.query('SELECT checked, merged FROM dedupe_sweeps');
      expect(first.rows).toEqual([{ checked: garcias.length + 1, merged: 0 }]);

      app.clock.advance(5 * 60_000);
      await submitProspect(app, {
        email: 'm.garcia@initrode.com',
        first_name: 'María',
        last_name: 'García',
        company: 'Initrode',
        title: 'VP of Marketing',
        country: 'US',
        phone: '(305) 555-0100',
      });
      app.clock.advance(10_000);
      // The sweep's own sample of everyone else (3,000) would hold this whole small table: a sample
      // of one leaves the newcomer only the candidates its surname and number bring.
      const swept = await dedupeDatabase(app.database.db, app.database.pool, app.runtime.current(), {
        dryRun: true,
        actor: 'test',
        now: app.clock,
        scope: { since: new Date(app.clock().getTime() - 60_000), until: app.clock(), sample: 1 },
      });
      expect(swept.people_new).toBe(1);
      expect(swept.people).toBeLessThanOrEqual(1 + 51 + 51 + 1);
      const found = [
        ...swept.merges.map((m) => [m.survivor, m.merged]),
        ...swept.reviews.map((r) => [r.a, r.b]),
      ].map((pair) => pair.sort().join(' + '));
      expect(found).toEqual(['m.garcia@initrode.com + maria.garcia@initrode.com']);
    } finally {
      await app.close();
    }
  });
});
