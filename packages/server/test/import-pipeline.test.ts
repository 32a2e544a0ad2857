import { importForm, mapColumns } from '@mops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvRecord } from '../src/csv/read-csv.ts';
import { decideBatch } from '../src/imports/decide-batch.ts';
import { createImport } from '../src/imports/import.store.ts';
import { type BatchContext, writeBatch } from '../src/imports/people-batch.ts';
import { prepareBatch } from '../src/imports/prepare-batch.ts';
import { createTestApp, type TestApp } from './helpers.ts';

// An import decides batch N+1 while batch N is still being written, so N+1's read may not see
// what N wrote. Before N+1 is written, the people N wrote (by email, or the person an email leads
// to) and everyone looked up by an account N created — by work email domain, website or company
// name — are read and decided again. Here that is driven step by step: N+1 is decided before N
// is written, as the pipeline does on a busy file. The write's guards catch a stale new person or
// new account, but not a link by website or company name left out: for those this step is all.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const HEADERS = ['email', 'first_name', 'last_name', 'company', 'title', 'website'];

async function context(): Promise<BatchContext> {
  const playbook = t.runtime.current();
  const mapped = mapColumns('people', HEADERS, {}, playbook.customFields);
  if (!mapped.ok) throw new Error(mapped.error.message);
  const importId = await createImport(t.database.db, {
    kind: 'people',
    source: 'pipeline test',
    fileName: 'pipeline.csv',
    storedPath: '/dev/null',
    fileBytes: 0,
    fileSha256: 'x',
    options: {},
    playbookVersionId: playbook.version.id,
    createdBy: 'test',
    now: t.clock(),
  });
  return {
    importId,
    source: 'pipeline test',
    fileName: 'pipeline.csv',
    headers: HEADERS,
    mapping: mapped.value,
    form: importForm(mapped.value, playbook),
    playbook,
    seen: new Set(),
    later: new Map(),
    applied: new Set(),
  };
}

const rows = (first: number, values: string[][]): CsvRecord[] =>
  values.map((row, i) => ({ kind: 'row', line: first + i, values: row }));

const person = async (email: string) =>
  (await t.database.pool.query('SELECT * FROM people WHERE email = $1', [email])).rows[0];

async function twoBatches(domain: string) {
  const ctx = await context();
  const first = prepareBatch(
    rows(2, [
      [`ann@${domain}`, 'Ann', 'Lee', 'Spec Co', '', ''],
      [`bob@other-${domain}`, 'Bob', 'Ek', 'Other Co', '', ''],
    ]),
    ctx,
  );
  const second = prepareBatch(
    rows(4, [
      [`ann@${domain}`, '', '', '', 'VP Marketing', ''], // written by the first batch: an update now
      [`cat@${domain}`, 'Cat', 'Ng', 'Spec Co', '', ''], // the account the first batch creates
      [`dan@fresh-${domain}`, 'Dan', 'Oz', 'Fresh Co', '', ''], // nothing to do with the first
      [`zed.${domain}@gmail.com`, 'Zed', 'Po', '', '', `https://www.${domain}/team`], // by website
      [`kim.${domain}@yahoo.com`, 'Kim', 'Wu', 'Spec Co', '', ''], // by company name
    ]),
    ctx,
  );
  const firstDecided = await decideBatch(t.database.pool, first, ctx, t.clock());
  // Decided before the first batch is written, as the pipeline does.
  const secondDecided = await decideBatch(t.database.pool, second, ctx, t.clock());
  const firstWritten = await writeBatch(t.database.pool, firstDecided, null, ctx, t.clock);
  return { ctx, firstWritten, secondDecided };
}

describe('a batch decided while the one before is written', () => {
  it('decides again only the people that batch wrote or whose account it created', async () => {
    const { ctx, firstWritten, secondDecided } = await twoBatches('spec-test.com');
    const written = await writeBatch(t.database.pool, secondDecided, firstWritten.footprint, ctx, t.clock);
    expect(written).toMatchObject({ redecided: 4, attempts: 1 });
    expect(written.counts).toMatchObject({ rows: 5, inserted: 4, merged: 1, updated: 0, rejected: 0 });
    const ann = await person('ann@spec-test.com');
    expect(ann).toMatchObject({ first_name: 'Ann', title: 'VP Marketing', job_function: 'marketing' });
    expect(ann.account_id).not.toBeNull();
    for (const colleague of [
      'cat@spec-test.com',
      'zed.spec-test.com@gmail.com',
      'kim.spec-test.com@yahoo.com',
    ])
      expect((await person(colleague)).account_id, colleague).toBe(ann.account_id);
    expect((await person('dan@fresh-spec-test.com')).account_id).not.toBe(ann.account_id);
    const accounts = await t.database.pool.query("SELECT id FROM accounts WHERE domain = 'spec-test.com'");
    expect(accounts.rows).toEqual([{ id: ann.account_id }]);
    const drift = await t.database.pool.query('SELECT * FROM score_ledger_drift');
    expect(drift.rows).toEqual([]);
  });

  it('without that step, the write guards still catch a stale new person or new account', async () => {
    const { ctx, secondDecided } = await twoBatches('guard-test.com');
    const written = await writeBatch(t.database.pool, secondDecided, null, ctx, t.clock);
    expect(written).toMatchObject({ redecided: 0, attempts: 2 });
    expect(written.counts).toMatchObject({ inserted: 4, merged: 1 });
    expect((await person('cat@guard-test.com')).account_id).toBe(
      (await person('ann@guard-test.com')).account_id,
    );
  });
});
