import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMops } from './cli-helpers.ts';
import {
  applyPlaybookText,
  createTestDatabase,
  examplePlaybookText,
  NO_ORPHAN_LOG_ROWS,
  orphanLogRows,
} from './helpers.ts';

// `mops demo` through the real pipeline on a small company: what it meant to happen, what the
// pipeline accepted, and what the reports then say must agree.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let env: Record<string, string>;
let summary: {
  intended: { people: number; formFills: number; freeMailDemoRequests: number; duplicates: number };
  replayed: {
    forms: { accepted: number; refused: Record<string, number> };
    events: { accepted: number; refused: Record<string, number>; skipped_not_routed: number };
    opportunities: { written: number; closed: number };
    visits: number;
    campaigns: number;
  };
  stored: {
    people: number;
    routed: number;
    touches: number;
    campaigns: number;
    merged_duplicates: number;
    duplicates_to_review: number;
  };
};

beforeAll(async () => {
  database = await createTestDatabase();
  await applyPlaybookText(database, examplePlaybookText());
  env = { DATABASE_URL: database.url };
  const result = await runMops(
    ['demo', '--people', '200', '--months', '4', '--seed', '7', '--json'],
    env,
    180_000,
  );
  expect(result.code, result.stderr).toBe(0);
  summary = JSON.parse(result.stdout);
}, 200_000);
afterAll(async () => {
  await database.drop();
});

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0);

describe('mops demo', () => {
  it('replays every generated action through the pipeline and accounts for each one', async () => {
    const { intended, replayed, stored } = summary;
    expect(intended.people).toBe(200);
    expect(replayed.forms.accepted + sum(replayed.forms.refused)).toBe(intended.formFills);
    // Demo requests from personal addresses are refused by the B2B form, as they should be.
    expect(replayed.forms.refused.VALIDATION_FAILED ?? 0).toBeGreaterThanOrEqual(
      intended.freeMailDemoRequests,
    );
    expect(replayed.visits).toBeGreaterThan(intended.people);
    expect(stored.people).toBeGreaterThan(150);
    expect(stored.routed).toBeGreaterThan(0);
    expect(stored.touches).toBeGreaterThan(stored.people);
    expect(stored.campaigns).toBeGreaterThan(replayed.campaigns);
    expect(sum(replayed.events.refused)).toBe(0);
    // The planted duplicates are found as live ones are: merged, or queued for review.
    expect(intended.duplicates).toBeGreaterThan(0);
    expect(stored.merged_duplicates + stored.duplicates_to_review).toBeGreaterThan(0);
    // History landed in monthly partitions, not the catch-all one.
    const fallback = await database.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events_default',
    );
    expect(fallback.rows[0]?.n).toBe(0);
    // Forms, events, merges and routing jobs: every explanation names a person that exists.
    expect(await orphanLogRows(database)).toEqual(NO_ORPHAN_LOG_ROWS);
  });

  it('leaves data the reports reconcile on: every MQL routed, funnel groups adding up', async () => {
    const unrouted = await database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM people p
        WHERE p.merged_into IS NULL AND p.stage IN ('mql', 'sal', 'sql', 'opportunity', 'customer')
          AND NOT EXISTS (SELECT 1 FROM routing_assignments ra WHERE ra.person_id = p.id)`,
    );
    expect(unrouted.rows[0]?.n).toBe(0);
    const funnel = await runMops(['report', 'funnel', '--group-by', 'channel', '--json'], env);
    expect(funnel.code, funnel.stderr).toBe(0);
    const report = JSON.parse(funnel.stdout);
    expect(report.summary.reconciles).toBe(true);
    expect(report.summary.people).toBe(summary.stored.people);
    const roi = await runMops(['report', 'roi', '--json'], env);
    expect(roi.code, roi.stderr).toBe(0);
    const total = JSON.parse(roi.stdout).tables[0].rows.at(-1);
    expect(total.leads).toBe(summary.stored.people);
    expect(total.cost).toBeGreaterThan(0);
  });

  it('refuses a database that already holds people, and bad flags', async () => {
    const again = await runMops(['demo', '--people', '10'], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already holds \d+ people; mops demo seeds an empty one/);
    const bad = await runMops(['demo', '--people', 'lots'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--people must be a whole number from 1 to 2,000,000/);
  });
});
