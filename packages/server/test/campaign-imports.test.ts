import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costImporter } from '../src/campaigns/import-costs.ts';
import { type RowImporter, runRowImport } from '../src/campaigns/run-row-import.ts';
import { MopsError } from '../src/errors.ts';
import { createImport, getImport } from '../src/imports/import.store.ts';
import { opportunityImporter } from '../src/opportunities/import-opportunities.ts';
import { createCampaignApp } from './campaign-helpers.ts';
import { runMops } from './cli-helpers.ts';
import { demoRequest, type TestApp } from './helpers.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-campaign-import-'));
let files = 0;
const write = (content: string | Uint8Array, name = `file-${++files}.csv`) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
};

let t: TestApp;
let env: Record<string, string>;
beforeAll(async () => {
  t = await createCampaignApp();
  env = { DATABASE_URL: t.database.url };
});
afterAll(async () => {
  await t.close();
});

const query = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  (await t.database.pool.query<T>(text, values)).rows;

async function run(file: string, importer: RowImporter<unknown>, batchRows?: number) {
  const id = await createImport(t.database.db, {
    kind: importer.kind as 'people',
    source: 'test',
    fileName: path.basename(file),
    storedPath: file,
    fileBytes: fs.statSync(file).size,
    fileSha256: 'test',
    options: {},
    playbookVersionId: t.runtime.current().version.id,
    createdBy: 'test',
    now: t.clock(),
  });
  return runRowImport(
    { db: t.database.db, clock: t.clock, ...(batchRows ? { batchRows } : {}) },
    id,
    importer,
  );
}
const costs = costImporter as RowImporter<unknown>;
const opportunities = opportunityImporter as RowImporter<unknown>;

const COSTS = [
  'Campaign,Period Start,Period End,Amount,Currency,Note',
  '2026-11_paid_social_na_demo-push,2026-11-01,2026-11-30,"12,000.00",USD,LinkedIn November',
  '2026-11_PAID_SOCIAL_NA_DEMO-PUSH ,2026-12-01,2026-12-15,3500,,by utm_campaign in another case',
  '2026-11_paid_social_latam_demo-push,2026-11-01,2026-11-30,100,USD,no such campaign',
  '2026-10_webinar_emea_ops-masterclass,2026-10-01,2026-10-31,-250,USD,negative',
  '2026-10_webinar_emea_ops-masterclass,2026-10-01,2026-02-30,250,USD,bad date',
  "x'); DROP TABLE campaign_costs;--,2026-10-01,2026-10-31,1,USD,hostile",
  '2026-10_webinar_emea_ops-masterclass,2026-10-01,2026-10-31,7900,USD,venue and catering',
  '2026-10_webinar_emea_ops-masterclass,2026-10-01,2026-10-31,7900,USD,same period again',
].join('\n');

describe('mops import costs', () => {
  it('imports good rows, quarantines the rest with line and reason, and is idempotent', async () => {
    const file = write(COSTS);
    const summary = await run(file, costs, 3);
    expect(summary).toMatchObject({
      status: 'completed',
      rows: 8,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 5,
    });
    const byLine = Object.fromEntries(
      summary.rejects.map((r) => [r.line, r.reasons.map((x) => x.message).join('; ')]),
    );
    expect(byLine[4]).toMatch(/no campaign "2026-11_paid_social_latam_demo-push"/);
    expect(byLine[5]).toMatch(/amount "-250" is negative/);
    expect(byLine[6]).toMatch(/period_end "2026-02-30" is not a real calendar date/);
    expect(byLine[7]).toMatch(/no campaign "x'\); DROP TABLE campaign_costs;--"/);
    expect(byLine[9]).toMatch(/the same campaign and period as line 8/);
    expect(await query('SELECT count(*)::int AS n FROM campaign_costs')).toEqual([{ n: 3 }]);

    const audit = await query(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'campaign.cost.replace'",
    );
    const again = await run(write(COSTS), costs, 3);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejected: 5 });
    expect(
      await query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'campaign.cost.replace'"),
    ).toEqual(audit);

    const changed = await run(
      write('campaign,month,amount\n2026-10_webinar_emea_ops-masterclass,2026-10,8100\n'),
      costs,
    );
    expect(changed).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const [log] = await query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'campaign.cost.replace' ORDER BY id DESC LIMIT 1",
    );
    expect(log?.details).toMatchObject({ from: { amount: 7900 }, to: { amount: 8100 }, line: 2 });
  });

  it('a failing batch leaves earlier batches in and nothing of itself; resume finishes the file', async () => {
    const lines = ['campaign,period_start,period_end,amount'];
    for (let day = 1; day <= 9; day++) {
      const d = String(day).padStart(2, '0');
      lines.push(
        `2026-11_paid_social_na_demo-push,2026-09-${d},2026-09-${d},${day === 5 ? '666.66' : 100 + day}`,
      );
    }
    await t.database.pool.query(`
      CREATE FUNCTION fail_on_666() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.amount = 666.66 THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER fail_on_666 BEFORE INSERT ON campaign_costs FOR EACH ROW EXECUTE FUNCTION fail_on_666();`);
    const file = write(lines.join('\n'));
    const id = await createImport(t.database.db, {
      kind: 'costs' as 'people',
      source: 'test',
      fileName: 'september.csv',
      storedPath: file,
      fileBytes: 1,
      fileSha256: 'test',
      options: {},
      playbookVersionId: t.runtime.current().version.id,
      createdBy: 'test',
      now: t.clock(),
    });
    await expect(
      runRowImport({ db: t.database.db, clock: t.clock, batchRows: 3 }, id, costs),
    ).rejects.toThrow(/disk full/);
    const failed = await getImport(t.database.db, id);
    expect(failed).toMatchObject({ status: 'failed', committed_through_line: 4, inserted: 3 });
    const september =
      "SELECT count(*)::int AS n FROM campaign_costs WHERE period_start BETWEEN '2026-09-01' AND '2026-09-30'";
    expect(await query(september)).toEqual([{ n: 3 }]);
    await t.database.pool.query('DROP TRIGGER fail_on_666 ON campaign_costs; DROP FUNCTION fail_on_666();');
    const resumed = await runRowImport({ db: t.database.db, clock: t.clock, batchRows: 3 }, id, costs);
    expect(resumed).toMatchObject({ status: 'completed', rows: 9, inserted: 9, rejected: 0 });
    expect(await query(september)).toEqual([{ n: 9 }]);
  });

  it.each([
    ['missing columns', 'campaign,cost\nx,1\n', 'IMPORT_MAPPING_INVALID', /needs period_start .* or month/],
    ['empty file', '', 'CSV_EMPTY', /is empty/],
    [
      'binary file',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0xff, 0xfe, 0, 1]),
      'CSV_BINARY',
      /cannot be read as CSV/,
    ],
  ])('refuses a file with %s', async (_label, content, code, message) => {
    const error = await run(write(content), costs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MopsError);
    expect((error as MopsError).code).toBe(code);
    expect((error as MopsError).message).toMatch(message);
  });
});

describe('mops import opportunities', () => {
  it('imports opportunities with contact roles, quarantines bad rows, and updates in place on re-import', async () => {
    const submit = async () => {
      const body = demoRequest();
      const res = await t.request('/v1/forms/demo-request/submissions', { method: 'POST', json: body });
      expect(res.status).toBe(201);
      return String(body.email);
    };
    const [ada, bob] = [await submit(), await submit()];
    const csv = [
      'Opportunity ID,Opportunity Name,Account Domain,Amount,Stage,Created Date,Close Date,Status,Contact Email,Contact Role,Primary',
      `006A,Globex platform,globex.example,48000,Closed Won,2026-11-02T10:00:00Z,2026-11-20T10:00:00Z,won,${ada},Decision Maker,yes`,
      `006A,Globex platform,globex.example,48000,Closed Won,2026-11-02T10:00:00Z,2026-11-20T10:00:00Z,won,${bob},Influencer,no`,
      `006A,Globex platform (renamed),globex.example,48000,Closed Won,2026-11-02T10:00:00Z,2026-11-20T10:00:00Z,won,${bob},Influencer,no`,
      '006B,Initech pilot,initech.example,"12,000",Discovery,2026-11-05,,open,,,',
      '006C,Nowhere deal,nowhere.example,1000,Discovery,2026-11-05,,open,,,',
      `006D,Ghost contact,initech.example,1000,Discovery,2026-11-05,,open,ghost@nowhere.example,,`,
      '006E,Time travel,initech.example,1000,Closed Lost,2026-11-05,2026-10-01,lost,,,',
      ',No id,initech.example,1000,Discovery,2026-11-05,,open,,,',
      '006F,Bad status,initech.example,1000,Discovery,2026-11-05,,maybe,,,',
    ].join('\n');
    const summary = await run(write(csv), opportunities);
    expect(summary).toMatchObject({ rows: 9, inserted: 2, updated: 1, rejected: 6 });
    const byLine = Object.fromEntries(
      summary.rejects.map((r) => [r.line, r.reasons.map((x) => x.message).join('; ')]),
    );
    expect(byLine[4]).toMatch(/external_id 006A is on line 2 with different values/);
    expect(byLine[6]).toMatch(/no account with domain nowhere.example/);
    expect(byLine[7]).toMatch(/no person with email ghost@nowhere.example/);
    expect(byLine[8]).toMatch(/closed_at .* is before created_at/);
    expect(byLine[9]).toMatch(/external_id is required|external_id/);
    expect(byLine[10]).toMatch(/status "maybe" is not one of open, won, lost/);
    const [globex] = await query<{ id: string; is_won: boolean; is_closed: boolean; amount: number }>(
      "SELECT id, is_won, is_closed, amount FROM opportunities WHERE external_id = '006A'",
    );
    expect(globex).toMatchObject({ is_won: true, is_closed: true, amount: 48000 });
    const contacts = await query(
      'SELECT p.email, c.role, c.is_primary FROM opportunity_contacts c JOIN people p ON p.id = c.person_id WHERE c.opportunity_id = $1 ORDER BY c.is_primary DESC',
      [globex?.id],
    );
    expect(contacts).toEqual([
      { email: ada, role: 'Decision Maker', is_primary: true },
      { email: bob, role: 'Influencer', is_primary: false },
    ]);
    const again = await run(write(csv), opportunities);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejected: 6 });
    expect(await query('SELECT count(*)::int AS n FROM opportunities')).toEqual([{ n: 2 }]);
  });
});

describe('opportunity contacts', () => {
  it('refuses a second primary contact for one opportunity within a file', async () => {
    const emails: string[] = [];
    for (let i = 0; i < 2; i++) {
      const body = demoRequest();
      expect(
        (await t.request('/v1/forms/demo-request/submissions', { method: 'POST', json: body })).status,
      ).toBe(201);
      emails.push(String(body.email));
    }
    const csv = [
      'external_id,name,stage,created_at,contact_email,is_primary',
      `P-1,Deal,Discovery,2026-11-05,${emails[0]},true`,
      `P-1,Deal,Discovery,2026-11-05,${emails[1]},true`,
    ].join('\n');
    const summary = await run(write(csv), opportunities);
    expect(summary).toMatchObject({ inserted: 1, rejected: 1 });
    expect(summary.rejects[0]).toMatchObject({ line: 3 });
    expect(summary.rejects[0]?.reasons[0]?.message).toBe(
      'line 2 already made another contact the primary one',
    );
  });
});

describe('the CLI', () => {
  it('mops campaign create refuses a bad name with the precise error (exit 1) and creates a good one', async () => {
    const bad = await runMops(
      ['campaign', 'create', '--name', '2026-11_webinar_latam_launch', '--channel', 'events'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'part `region` is `latam` at character 17; expected one of na, emea, apac, global',
    );
    const good = await runMops(
      [
        'campaign',
        'create',
        '--name',
        '2026-12_webinar_na_year-end',
        '--channel',
        'events',
        '--budget',
        '3000',
        '--owner',
        'eli',
      ],
      env,
    );
    expect(good.stderr).toBe('');
    expect(good.stdout).toMatch(/^created campaign 2026-12_webinar_na_year-end \(/);
    expect(good.code).toBe(0);
    const list = await runMops(['campaign', 'list', '--channel', 'events'], env);
    expect(list.stdout).toContain('2026-12_webinar_na_year-end');
    expect(list.stdout).toContain('3,000 USD');
  });

  it('mops import costs reports rejects by line; mops campaign show totals the spend', async () => {
    const file = write(
      'campaign,month,amount\n2026-12_webinar_na_year-end,2026-12,1250.50\nno-such-campaign,2026-12,10\n',
    );
    const result = await runMops(['import', 'costs', file], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('inserted 1 · updated 0 · unchanged 0 · rejected 1');
    expect(result.stdout).toContain('line 3: campaign: no campaign "no-such-campaign"');
    const show = await runMops(['campaign', 'show', '2026-12_webinar_na_year-end'], env);
    expect(show.stdout).toContain('spend     1,250.50 USD of budget 3,000.00 USD (remaining 1,749.50 USD)');
    const json = JSON.parse(
      (await runMops(['campaign', 'show', '2026-12_webinar_na_year-end', '--json'], env)).stdout,
    );
    expect(json.totals).toEqual({ cost: 1250.5, budget: 3000, budget_remaining: 1749.5, currency: 'USD' });
    const missing = await runMops(['campaign', 'show', 'nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no campaign "nope"');
  });
});
