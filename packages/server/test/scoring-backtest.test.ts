import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergePeople } from '../src/merges/merge-people.ts';
import { runMops } from './cli-helpers.ts';
import { authHeader, createTestApp, examplePlaybookText, type TestApp } from './helpers.ts';
import {
  at,
  DAY,
  HOUR,
  salesEvent,
  seedSalesHistory,
  submitDemoRequest,
  submitNewsletter,
} from './measurement-helpers.ts';

// `mops scoring backtest` over a hand-countable history. Both playbooks drop engagement decay, so
// every score below is an exact sum of rule points whatever the day the test runs.
//
// The applied playbook (example rules): fit senior-buyer 25, manager 10, target-function 15,
// core-regions 10 (accounts here have no head count, none is named); engagement demo-request 40,
// newsletter-signup 5. The draft: demo-request 5 and senior-buyer 60.
//
//   person                          fit cur/draft  eng cur/draft  total cur/draft  converted
//   A  VP of Marketing, demo         50 / 85        40 / 5         90 / 90          sql
//   B  VP of Marketing, demo         50 / 85        40 / 5         90 / 90          (recycled)
//   C  VP of Marketing, demo         50 / 85        40 / 5         90 / 90
//   D  VP of Marketing, demo         50 / 85        40 / 5         90 / 90
//   E  Marketing Manager, demo       35 / 35        40 / 5         75 / 40          sql
//   G  VP of Sales, identify only    50 / 85         0 / 0         50 / 85
//   R1, R2 newsletter, free mail      0 / 0          5 / 5          5 / 5           (-20 held at 0)
//
// AUC to sql (2 converters × 6 others): current A beats G, R1, R2 and ties B, C, D (4.5), E beats
// G, R1, R2 (3) → 7.5/12 = 0.625; draft A 4.5, E beats R1, R2 only (2) → 6.5/12.
const NO_DECAY = examplePlaybookText().replace(/^ {4}decay: \{ half_life: 30d \}\n/m, '');
const DRAFT = NO_DECAY.replace(
  'when: { event: form_submit, form: demo-request }, points: 40 }',
  'when: { event: form_submit, form: demo-request }, points: 5 }',
).replace(
  'when: { field: seniority, in: [c_level, vp, director] }, points: 25 }',
  'when: { field: seniority, in: [c_level, vp, director] }, points: 60 }',
);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-backtest-'));
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

let t: TestApp;
let env: Record<string, string>;
let people: Record<string, string>;

beforeAll(async () => {
  expect(NO_DECAY).not.toContain('half_life: 30d');
  expect(DRAFT).toContain('points: 5 }');
  expect(DRAFT).toContain('points: 60 }');
  t = await createTestApp({ playbook: NO_DECAY });
  const seeded = await seedSalesHistory(t);
  const e = (await submitDemoRequest(t, at(HOUR), { title: 'Marketing Manager' })).email;
  await salesEvent(t, at(DAY + HOUR), e, 'mql_accepted');
  await salesEvent(t, at(3 * DAY), e, 'sql_qualified');
  const g = `gina.${randomUUID().slice(0, 6)}@wayne-enterprises.example`;
  t.clock.set(at(2 * HOUR));
  const identify = await t.request('/v1/events', {
    method: 'POST',
    headers: authHeader,
    json: {
      batch: [
        {
          type: 'identify',
          message_id: randomUUID(),
          email: g,
          traits: { first_name: 'Gina', company: 'Wayne', title: 'VP of Sales', country: 'United States' },
        },
      ],
    },
  });
  expect(identify.status).toBe(200);
  people = { ...seeded, e, g };
  env = { DATABASE_URL: t.database.url };
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const backtest = (args: string[]) =>
  runMops(['scoring', 'backtest', ...args, '--since', '2026-11-01', '--until', '2027-01-01'], env);

describe('mops scoring backtest', () => {
  it('replays history under both models and compares them (JSON)', async () => {
    // The stored scores are what the table above says the current model gives.
    const { rows } = await t.database.pool.query<{ email: string; fit: string; eng: string; stage: string }>(
      'SELECT email, fit_score::text AS fit, engagement_score::text AS eng, stage FROM people ORDER BY email',
    );
    const stored = new Map(rows.map((r) => [r.email, [Number(r.fit), Number(r.eng), r.stage]]));
    expect(stored.get(people.a as string)).toEqual([50, 40, 'sql']);
    expect(stored.get(people.e as string)).toEqual([35, 40, 'sql']);
    expect(stored.get(people.g as string)).toEqual([50, 0, 'lead']);
    expect(stored.get('reader.one@gmail.com')).toEqual([0, 5, 'known']);

    const r = await backtest([write('draft.yaml', DRAFT), '--bands', '4', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.replayCheck).toEqual({ people: 8, matchingStoredWithin1Point: 8, examples: [] });
    // A–D 4, 3, 2, 1 events; E 3; G its identify; R1, R2 one sign-up each
    expect(result.denominators[0]).toContain('replaying the 16 events the pipeline scored');
    expect(result.current.people).toBe(8);
    expect(result.current.sql).toBe(2);
    expect(result.current.won).toBe(0);
    expect(result.current.auc).toEqual({ sql: 0.625, won: null });
    expect(result.draft.auc.sql).toBeCloseTo(6.5 / 12, 12);
    expect(result.comparison.auc.sql.delta).toBeCloseTo(6.5 / 12 - 0.625, 12);
    expect(result.comparison.verdict).toBe('draft ranks converters worse: AUC 0.63 → 0.54');
    // The total score has no MQL line in the playbook (the rule reads fit and engagement apart).
    expect(result.thresholds).toEqual({ current: null, draft: null });
    const bands = (e: { bands: Record<string, number>[] }) =>
      e.bands.map((b) => [b.min_score, b.max_score, b.people, b.sql, b.sql_lift]);
    // 8 people in 4 bands (aim 2, never splitting a score): 90×4 | 75 | 50 | 5×2
    expect(bands(result.current)).toEqual([
      [90, 90, 4, 1, 1],
      [75, 75, 1, 1, 4],
      [50, 50, 1, 0, 0],
      [5, 5, 2, 0, 0],
    ]);
    expect(bands(result.draft)).toEqual([
      [90, 90, 4, 1, 1],
      [85, 85, 1, 0, 0],
      [40, 40, 1, 1, 4],
      [5, 5, 2, 0, 0],
    ]);
  });

  it('compares one score on its own, with each playbook’s MQL line', async () => {
    // Engagement: current A–E 40, G 0, R 5 → AUC: A and E tie with B, C, D (1.5 each) and beat
    // G, R1, R2 (3 each) → 9/12; draft A–E 5, R 5, G 0: each ties with B, C, D, R1, R2 (2.5) and
    // beats G (1) → 7/12. The MQL line is engagement ≥ 60 in both: nobody reaches it.
    const r = await backtest([write('draft.yaml', DRAFT), '--model', 'engagement', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.current.auc.sql).toBe(0.75);
    expect(result.draft.auc.sql).toBeCloseTo(7 / 12, 12);
    expect(result.thresholds).toEqual({ current: 60, draft: 60 });
    expect(result.comparison.people_at_or_above).toEqual({ current: 0, draft: 0, delta: 0 });
  });

  it('prints the verdict, the numbers side by side, both band tables and the replay check', async () => {
    const r = await backtest([write('draft.yaml', DRAFT), '--bands', '4']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('draft ranks converters worse: AUC 0.63 → 0.54');
    expect(out).toMatch(/AUC to sql\s+0\.625\s+0\.542\s+-0\.083/);
    expect(out).toContain('current: Conversion by score band');
    expect(out).toContain('draft: Conversion by score band');
    expect(out).toMatch(/^\s+2\s+75\s+75\s+1\s+1\s+100\.0%\s+4\s+0\s+0\.0%\s+—$/m);
    expect(out).toContain('replay check: 8 of 8 people replay to within 1 point of their stored score');
  });

  it('a draft identical to the applied playbook ranks the same', async () => {
    const r = await backtest([write('same.yaml', NO_DECAY), '--json']);
    const result = JSON.parse(r.stdout);
    expect(result.comparison.verdict).toBe('draft ranks converters the same: AUC 0.63 → 0.63');
    expect(result.draft.bands).toEqual(result.current.bands);
  });

  it('a broken draft fails with file:line messages and touches nothing', async () => {
    const before = await t.database.pool.query('SELECT count(*)::int AS n FROM playbook_versions');
    const unknownStage = NO_DECAY.replace(
      'when: { event: form_submit, form: demo-request }\n      to: mql',
      'when: { event: form_submit, form: demo-request }\n      to: mqll',
    );
    expect(unknownStage).not.toBe(NO_DECAY);
    const line = unknownStage.split('\n').findIndex((l) => l.includes('to: mqll')) + 1;
    const stage = await backtest([write('stage.yaml', unknownStage)]);
    expect(stage.code).not.toBe(0);
    expect(stage.stdout).toBe('');
    expect(stage.stderr).toContain(`stage.yaml:${line}:`);
    expect(stage.stderr).toContain('mqll');

    const syntax = await backtest([write('syntax.yaml', `${NO_DECAY}\nscoring: [unclosed\n`)]);
    expect(syntax.code).not.toBe(0);
    expect(syntax.stderr).toMatch(/syntax\.yaml:\d+:\d+/);

    const missing = await backtest([path.join(tmp, 'nope.yaml')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('playbook file not found');

    const model = await backtest([write('draft.yaml', DRAFT), '--model', 'vibes']);
    expect(model.code).not.toBe(0);
    expect(model.stderr).toContain('--model must be one of total, fit, engagement, got "vibes"');

    const after = await t.database.pool.query('SELECT count(*)::int AS n FROM playbook_versions');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

describe('mops scoring backtest after a merge', () => {
  it('replays the events of the records merged into a person with their own', async () => {
    const m = await createTestApp({ playbook: NO_DECAY });
    try {
      const tag = randomUUID().slice(0, 6);
      // Older record: a newsletter sign-up from a work email (+5); newer: a demo request (+40).
      const older = `bob.${tag}@mergeco.example`;
      await submitNewsletter(m, at(0), older);
      const newer = (await submitDemoRequest(m, at(HOUR), { email: `robert.${tag}@mergeco.example` }))
        .person_id;
      const { rows } = await m.database.pool.query<{ id: string }>('SELECT id FROM people WHERE email = $1', [
        older,
      ]);
      const survivor = rows[0]?.id as string;
      m.clock.set(at(2 * HOUR));
      await mergePeople(
        m.database.pool,
        m.runtime.current(),
        { personA: newer, personB: survivor, probability: 0.97, evidence: { fields: [] }, actor: 'test' },
        m.clock(),
      );
      const stored = await m.database.pool.query<{ eng: string; merged_into: string | null }>(
        'SELECT engagement_score::text AS eng, merged_into FROM people WHERE id = $1',
        [newer],
      );
      expect(stored.rows[0]?.merged_into).toBe(survivor);
      const r = await runMops(
        [
          'scoring',
          'backtest',
          write('draft.yaml', DRAFT),
          '--since',
          '2026-11-01',
          '--until',
          '2027-01-01',
          '--model',
          'engagement',
          '--json',
        ],
        { DATABASE_URL: m.database.url },
      );
      expect(r.stderr).toBe('');
      const result = JSON.parse(r.stdout);
      // One live person (the tombstone is not counted) with both records' events: 5 + 40 now, 5 + 5 in the draft.
      expect(result.replayCheck).toEqual({ people: 1, matchingStoredWithin1Point: 1, examples: [] });
      expect(result.current.bands.map((b: { min_score: number }) => b.min_score)).toEqual([45]);
      expect(result.draft.bands.map((b: { min_score: number }) => b.min_score)).toEqual([10]);
      expect(result.denominators[0]).toContain('replaying the 2 events the pipeline scored');
    } finally {
      await m.close();
    }
  }, 60_000);
});

describe('the replay check', () => {
  it('reproduces the pipeline with engagement decay, and reports a person whose stored score drifted', async () => {
    const d = await createTestApp();
    try {
      const { a } = await seedSalesHistory(d);
      const run = () =>
        runMops(
          [
            'scoring',
            'backtest',
            write('same.yaml', examplePlaybookText()),
            '--since',
            '2026-11-01',
            '--json',
          ],
          {
            DATABASE_URL: d.database.url,
          },
        );
      const clean = JSON.parse((await run()).stdout);
      expect(clean.replayCheck).toEqual({ people: 6, matchingStoredWithin1Point: 6, examples: [] });
      // A stored score the events cannot explain (say, a hand edit): the check finds it.
      await d.database.pool.query('UPDATE people SET fit_score = fit_score + 7 WHERE email = $1', [a]);
      const drifted = JSON.parse((await run()).stdout);
      expect(drifted.replayCheck.matchingStoredWithin1Point).toBe(5);
      expect(drifted.replayCheck.examples).toHaveLength(1);
      const [example] = drifted.replayCheck.examples;
      expect(example.email).toBe(a);
      expect(example.stored - example.replayed).toBeCloseTo(7, 6);
      const text = await runMops(
        ['scoring', 'backtest', write('same.yaml', examplePlaybookText()), '--since', '2026-11-01'],
        {
          DATABASE_URL: d.database.url,
        },
      );
      expect(text.stdout).toContain(
        'replay check: 5 of 6 people replay to within 1 point of their stored score — the replay does not fully reproduce',
      );
    } finally {
      await d.close();
    }
  }, 60_000);
});
