import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MopsError } from '../src/errors.ts';
import { createImport, getImport, listRejects } from '../src/imports/import.store.ts';
import { type ImportSummary, runImport } from '../src/imports/run-import.ts';
import { mergePeople } from '../src/merges/merge-people.ts';
import { runMops } from './cli-helpers.ts';
import {
  applyPlaybookText,
  authHeader,
  countRows,
  createTestApp,
  examplePlaybookText,
  NO_ORPHAN_LOG_ROWS,
  orphanLogRows,
  type TestApp,
} from './helpers.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-import-'));
let files = 0;
const write = (content: string | Uint8Array, name = `list-${++files}.csv`) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function importFile(
  file: string,
  opts: {
    kind?: 'people' | 'accounts';
    map?: Record<string, string>;
    batchRows?: number;
    prepareOn?: 'here' | 'worker';
    app?: TestApp;
  } = {},
): Promise<ImportSummary> {
  const app = opts.app ?? t;
  const id = await createImport(app.database.db, {
    kind: opts.kind ?? 'people',
    source: 'Trade show 2026',
    fileName: path.basename(file),
    storedPath: file,
    fileBytes: fs.statSync(file).size,
    fileSha256: 'test',
    options: { map: opts.map ?? {} },
    playbookVersionId: app.runtime.current().version.id,
    createdBy: 'test',
    now: app.clock(),
  });
  return runImport(
    {
      db: app.database.db,
      pool: app.database.pool,
      playbook: app.runtime.current(),
      clock: app.clock,
      ...(opts.batchRows ? { batchRows: opts.batchRows } : {}),
      ...(opts.prepareOn ? { prepareOn: opts.prepareOn } : {}),
    },
    id,
  );
}

const person = async (email: string, app = t) =>
  (await app.database.pool.query('SELECT * FROM people WHERE email = $1', [email])).rows[0];

const drift = async (app = t) => (await app.database.pool.query('SELECT * FROM score_ledger_drift')).rows;

const LIST = [
  'Email,First Name,Last Name,Company,Job Title,Country,State,Phone',
  'ada@analytical.example,ada,LOVELACE,Analytical Engines,VP Marketing,USA,california,',
  'bob@analytical.example,BOB,smith,Analytical Engines,Sr. Software Engineer,United States,NY,',
  'ADA@analytical.example,,,,,,,+1 415 555 0199',
  'not-an-email,x,y,z,,,,',
  'carl@mailinator.com,Carl,C,Temp,,,,',
  'dee@gmail.com,Dee,Dee,,,Germany,,',
  'eve@globex.example,Eve,E,Globex GmbH,CTO,Atlantis,,',
  '"fay@quoted.example","Fay","O\'Neil","Quoted, Inc.","Head of\nOperations",Ireland,,',
].join('\n');

describe('people imports', () => {
  let first: ImportSummary;
  beforeAll(async () => {
    first = await importFile(write(`${LIST}\n`, 'trade-show.csv'));
  });

  it('counts every row once: inserted, merged (same email twice), rejected', () => {
    expect(first).toMatchObject({
      status: 'completed',
      rows: 8,
      inserted: 4,
      updated: 0,
      merged: 1,
      rejected: 3,
    });
    expect(first.inserted + first.updated + first.merged + first.unchanged + first.rejected).toBe(first.rows);
  });

  it('washes, scores and stages imported people through the same engines as forms', async () => {
    const ada = await person('ada@analytical.example');
    expect(ada).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      country: 'US',
      state: 'CA',
      source: 'import',
    });
    expect(ada.phone).toBeTruthy(); // the later row of the same email filled the phone in
    expect(ada.job_function).toBe('marketing');
    expect(Number(ada.fit_score)).toBeGreaterThan(0);
    expect(ada.stage).toBe('lead');
    expect(await drift()).toEqual([]);
  });

  it('links colleagues to one new account and leaves free-mail people without one', async () => {
    const { rows } = await t.database.pool.query(
      "SELECT count(DISTINCT account_id) AS n FROM people WHERE email LIKE '%@analytical.example'",
    );
    expect(Number(rows[0].n)).toBe(1);
    expect((await person('dee@gmail.com')).account_id).toBeNull();
  });

  it('explains every person with an intake decision naming the file and lines', async () => {
    const ada = await person('ada@analytical.example');
    const { rows } = await t.database.pool.query(
      "SELECT reason, inputs FROM decisions WHERE person_id = $1 AND kind = 'intake'",
      [ada.id],
    );
    expect(rows[0].reason).toContain('from trade-show.csv line 2, 4');
    expect(rows[0].inputs.origin).toMatchObject({ import_id: first.import_id, lines: [2, 4] });
  });

  it('quarantines rejects with their line, every reason and the row as it was', async () => {
    expect(first.rejects.map((r) => r.line)).toEqual([5, 6, 8]);
    const rejects = await listRejects(t.database.db, first.import_id);
    expect(rejects[0]?.reasons[0]).toMatchObject({ path: 'email', code: 'EMAIL_INVALID' });
    expect(rejects[1]?.reasons[0]).toMatchObject({ code: 'EMAIL_DISPOSABLE' });
    expect(rejects[2]?.reasons[0]).toMatchObject({ path: 'country', code: 'COUNTRY_UNKNOWN' });
    expect(rejects[2]?.raw).toEqual([
      'eve@globex.example',
      'Eve',
      'E',
      'Globex GmbH',
      'CTO',
      'Atlantis',
      '',
      '',
    ]);
  });

  it('keeps quoted commas and newlines inside a field', async () => {
    const fay = await person('fay@quoted.example');
    expect(fay).toMatchObject({ last_name: "O'Neil", company: 'Quoted, Inc.', title: 'Head of Operations' });
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await countRows(t.database);
    const again = await importFile(write(`${LIST}\n`, 'trade-show-again.csv'));
    expect(again).toMatchObject({ inserted: 0, updated: 0, merged: 1, unchanged: 4, rejected: 3 });
    const after = await countRows(t.database);
    expect(after).toEqual(before);
  });

  it('updates people whose data changed, with a field_update decision', async () => {
    const result = await importFile(write('email,title\nbob@analytical.example,Director of Engineering\n'));
    expect(result).toMatchObject({ inserted: 0, updated: 1 });
    const bob = await person('bob@analytical.example');
    expect(bob).toMatchObject({ title: 'Director of Engineering', seniority: 'director', first_name: 'Bob' });
  });
});

describe('files as people export them', () => {
  it.each([
    ['semicolons', 'email;first_name\nsemi@colon.example;Sam\n'],
    ['tabs', 'email\tfirst_name\ntab@sep.example\tTim\n'],
    ['CRLF and a BOM', '\uFEFFemail,first_name\r\ncrlf@bom.example,Cara\r\n'],
  ])('%s', async (_name, text) => {
    const result = await importFile(write(text));
    expect(result).toMatchObject({ inserted: 1, rejected: 0 });
  });

  it('Latin-1 (Windows-1252) names arrive intact', async () => {
    const bytes = Buffer.concat([
      Buffer.from('email,first_name,last_name\nlatin@one.example,Jos'),
      Buffer.from([0xe9]),
      Buffer.from(',M'),
      Buffer.from([0xfc]),
      Buffer.from('ller\n'),
    ]);
    const result = await importFile(write(bytes));
    expect(result).toMatchObject({ inserted: 1, encoding: 'latin1' });
    expect(await person('latin@one.example')).toMatchObject({ first_name: 'José', last_name: 'Müller' });
  });

  it('ragged rows and a stray quote are rejected by line; the rest is imported', async () => {
    const text =
      'email,first_name\nok1@rag.example,A\nshort-row\nok2@rag.example,B,extra,more\n"open@rag.example,C\nok3@rag.example,D\n';
    const result = await importFile(write(text));
    expect(result).toMatchObject({ inserted: 2, rejected: 3 });
    expect(result.rejects.map((r) => [r.line, r.reasons[0]?.code])).toEqual([
      [3, 'CSV_MALFORMED'],
      [4, 'CSV_MALFORMED'],
      [5, 'CSV_MALFORMED'],
    ]);
  });

  it('maps columns by --map, ignores with column=-, and splits a full name', async () => {
    const text = 'E-Mail Adresse,Name,Notes\nmapped@map.example,Grace Hopper,ignore me\n';
    const result = await importFile(write(text), { map: { 'E-Mail Adresse': 'email', Notes: '-' } });
    expect(result).toMatchObject({ inserted: 1 });
    expect(result.mapping).toEqual(
      expect.arrayContaining([
        { field: 'email', column: 'E-Mail Adresse', by: 'map' },
        { field: 'full_name', column: 'Name', by: 'name' },
      ]),
    );
    expect(await person('mapped@map.example')).toMatchObject({ first_name: 'Grace', last_name: 'Hopper' });
  });

  it('stores hostile text as text', async () => {
    const text =
      'email,first_name,company\nxss@hostile.example,"<script>alert(1)</script>","Robert\'); DROP TABLE people;--"\n';
    await importFile(write(text));
    expect(await person('xss@hostile.example')).toMatchObject({
      first_name: '<script>alert(1)</script>',
      company: "Robert'); DROP TABLE people;--",
    });
  });

  it.each([
    ['an empty file', '', 'CSV_EMPTY'],
    ['a header only', 'email,first_name\n', null],
    ['a binary file', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 1, 2]), 'CSV_BINARY'],
    ['no email column', 'name,company\nA,B\n', 'IMPORT_MAPPING_INVALID'],
  ])('%s: a clear outcome and nothing written', async (_name, content, code) => {
    const before = await countRows(t.database);
    const file = write(content);
    if (code === null) {
      expect(await importFile(file)).toMatchObject({ status: 'completed', rows: 0, inserted: 0 });
    } else {
      const error = await importFile(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MopsError);
      expect((error as MopsError).code).toBe(code);
    }
    expect(await countRows(t.database)).toEqual(before);
  });
});

describe('a failure part-way', () => {
  /** Makes inserting `email` fail (a disk-full error) until `healed()`: its batch fails whole. */
  async function failOn(email: string): Promise<{ healed(): Promise<void> }> {
    await t.database.pool.query(`
      CREATE FUNCTION fail_partway() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.email = '${email}' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER fail_partway BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION fail_partway();`);
    return {
      healed: async () => {
        await t.database.pool.query('DROP TRIGGER fail_partway ON people; DROP FUNCTION fail_partway();');
      },
    };
  }
  /** An import of `file` in batches of 3, and the dependencies to run it with (the playbook as it is then). */
  async function importOf(file: string) {
    const id = await createImport(t.database.db, {
      kind: 'people',
      source: 'partway',
      fileName: path.basename(file),
      storedPath: file,
      fileBytes: 1,
      fileSha256: 'x',
      options: {},
      playbookVersionId: t.runtime.current().version.id,
      createdBy: 'test',
      now: t.clock(),
    });
    const deps = () => ({
      db: t.database.db,
      pool: t.database.pool,
      playbook: t.runtime.current(),
      clock: t.clock,
      batchRows: 3,
    });
    return { id, run: () => runImport(deps(), id) };
  }

  it('keeps every committed batch, writes nothing of the failed one, and resumes after it', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `batch${i}@partway.example,P${i}`);
    const file = write(`email,first_name\n${rows.join('\n')}\n`);
    // The 8th person's insert fails: batch 3 (rows 7–9) fails as a whole.
    const failure = await failOn('batch7@partway.example');
    const { id, run } = await importOf(file);
    await expect(run()).rejects.toThrow(/disk full/);
    const failed = await getImport(t.database.db, id);
    expect(failed).toMatchObject({ status: 'failed', inserted: 6, committed_through_line: 7 });
    const { rows: written } = await t.database.pool.query(
      "SELECT email FROM people WHERE email LIKE '%@partway.example' ORDER BY email",
    );
    expect(written.map((r) => r.email)).toEqual(rows.slice(0, 6).map((r) => r.split(',')[0]));
    await failure.healed();
    const resumed = await run();
    expect(resumed).toMatchObject({ status: 'completed', rows: 10, inserted: 10 });
    expect(await drift()).toEqual([]);
  });

  it('resumes without losing a later row of a committed email: same playbook, a new one, an older run', async () => {
    // Batches of 3: lines 2–4, 5–7, 8–10. Line 8 repeats line 2's email with a new title; the
    // first run applies it with line 2 (committed), then fails on line 9 once.
    for (const mode of ['same-playbook', 'new-playbook', 'older-run'] as const) {
      const domain = `${mode}-resume-test.com`;
      const lines = ['ann,Analyst', 'b,', 'c,', 'd,', 'e,', 'f,', 'ann,VP Marketing', 'g,', 'h,'].map((x) => {
        const [name, title] = x.split(',');
        return `${name}@${domain},${title}`;
      });
      const file = write(`email,title\n${lines.join('\n')}\n`);
      const failure = await failOn(`g@${domain}`);
      const { id, run } = await importOf(file);
      await expect(run()).rejects.toThrow(/disk full/);
      expect((await person(`ann@${domain}`)).title).toBe('VP Marketing');
      await failure.healed();
      if (mode === 'new-playbook') {
        // The rules may have changed what validates: the resumed run writes line 8 itself.
        await applyPlaybookText(t.database, `${examplePlaybookText()}\n# resumed under a new version\n`);
        await t.runtime.refresh();
      }
      if (mode === 'older-run') {
        // As a run by a version of mops that folded rows within a batch only would have left it.
        await t.database.pool.query(
          "UPDATE imports SET options = options - 'repeated_emails' WHERE id = $1",
          [id],
        );
        await t.database.pool.query("UPDATE people SET title = 'Analyst' WHERE email = $1", [
          `ann@${domain}`,
        ]);
      }
      expect(await run(), mode).toMatchObject({
        status: 'completed',
        rows: 9,
        inserted: 8,
        merged: 1,
      });
      expect((await person(`ann@${domain}`)).title, mode).toBe('VP Marketing');
      const { rows } = await t.database.pool.query(
        "SELECT options->'repeated_emails' AS r FROM imports WHERE id = $1",
        [id],
      );
      expect(rows[0].r === null, mode).toBe(mode !== 'same-playbook');
    }
  });

  it('counts a resumed run as a run that never stopped: a later row of a committed email is merged', async () => {
    // Batches of 3: lines 2–4, 5–7, 8–10. The third fails once; its first row repeats line 2's email.
    const lines = ['a', 'b', 'c', 'd', 'e', 'f', 'a', 'g', 'h'].map((x, i) => `${x}@resume-test.com,P${i}`);
    const file = write(`email,first_name\n${lines.join('\n')}\n`);
    const failure = await failOn('g@resume-test.com');
    const { id, run } = await importOf(file);
    await expect(run()).rejects.toThrow(/disk full/);
    expect(await getImport(t.database.db, id)).toMatchObject({ committed_through_line: 7, inserted: 6 });
    await failure.healed();
    expect(await run()).toMatchObject({
      status: 'completed',
      rows: 9,
      inserted: 8,
      merged: 1,
      updated: 0,
      unchanged: 0,
    });
  });
});

describe('routing of people an import makes routable', () => {
  it('is deferred to a job that routes them through the form pipeline', async () => {
    // A playbook where fit alone makes an MQL, so an imported VP becomes one.
    const text = examplePlaybookText().replace(
      '{ score: engagement, gte: 60 }',
      '{ score: engagement, gte: 0 }',
    );
    expect(text).not.toBe(examplePlaybookText());
    const app = await createTestApp({ playbook: text });
    try {
      const file = write(
        'email,first_name,last_name,company,title,country\nvp@routable.example,Val,Pine,Routable,VP Marketing,US\n',
      );
      const result = await importFile(file, { app });
      expect(result).toMatchObject({ inserted: 1 });
      const before = await person('vp@routable.example', app);
      expect(before).toMatchObject({ stage: 'mql', owner_rep_id: null });
      await app.drain();
      const after = await person('vp@routable.example', app);
      expect(after.owner_rep_id).toBeTruthy();
      const { rows } = await app.database.pool.query(
        'SELECT reason, trace FROM routing_assignments WHERE person_id = $1',
        [after.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].trace.note).toMatch(/deferred by an import/);
    } finally {
      await app.close();
    }
  });
});

describe('accounts imports', () => {
  it('upserts by registrable domain, counts, and rejects what is not a company', async () => {
    const text = [
      'Website,Company Name,Employees,Industry,Country',
      'https://www.initech-test.com/about,Initech,"1,200",Software,United States',
      'initech-test.com,,,,',
      'globex-test.com,Globex,abc,Manufacturing,Germany',
      'gmail.com,Personal,5,,',
      'umbrella-test.com,Umbrella,300,Biotech,Narnia',
      'hooli-test.com,Hooli,5000,Internet,US',
    ].join('\n');
    const result = await importFile(write(text), { kind: 'accounts' });
    expect(result).toMatchObject({ inserted: 2, merged: 1, rejected: 3 });
    expect(result.rejects.map((r) => [r.line, r.reasons[0]?.code])).toEqual([
      [4, 'EMPLOYEES_INVALID'],
      [5, 'DOMAIN_FREE_MAIL'],
      [6, 'COUNTRY_UNKNOWN'],
    ]);
    const { rows } = await t.database.pool.query("SELECT * FROM accounts WHERE domain = 'initech-test.com'");
    expect(rows[0]).toMatchObject({ name: 'Initech', employees: 1200, industry: 'Software', country: 'US' });
    const again = await importFile(write(text), { kind: 'accounts' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const changed = await importFile(write('domain,employees\nhooli-test.com,6000\n'), { kind: 'accounts' });
    expect(changed).toMatchObject({ updated: 1 });
  });
});

describe('mops import (CLI)', () => {
  it('imports with --json and prints one summary object', async () => {
    const file = write('email,first_name\ncli1@cli.example,Cli\nbad-email,X\n');
    const result = await runMops(['import', 'people', file, '--source', 'CLI test', '--json'], {
      DATABASE_URL: t.database.url,
    });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ inserted: 1, updated: 0, merged: 0, rejected: 1, source: 'CLI test' });
    expect(summary.rejects).toEqual([
      { line: 3, reasons: [expect.objectContaining({ code: 'EMAIL_INVALID' })] },
    ]);
    const rejects = await runMops(['import', 'rejects', summary.import_id, '--csv'], {
      DATABASE_URL: t.database.url,
    });
    expect(rejects.stdout.split('\n')[0]).toBe('line,reasons,email,first_name');
    expect(rejects.stdout).toContain('3,email: The address has no @');
  });

  it('exits non-zero with a clear message for a bad mapping or a missing file', async () => {
    const file = write('email,first_name\na@b.example,A\n');
    const bad = await runMops(['import', 'people', file, '--map', 'first_name=shoe_size'], {
      DATABASE_URL: t.database.url,
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"shoe_size" is not a people field');
    const missing = await runMops(['import', 'people', path.join(tmp, 'nope.csv')], {
      DATABASE_URL: t.database.url,
    });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no such file');
  });
});

describe('POST /v1/imports (upload, then a job)', () => {
  const upload = (parts: Record<string, string | Blob | string[]>, app = t, headers = authHeader) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(parts)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'string') form.append(name, v);
        else form.append(name, v, 'upload.csv');
      }
    }
    return app.request('/v1/imports', { method: 'POST', body: form, headers });
  };
  const csvBlob = (text: string | Uint8Array) => new Blob([text], { type: 'text/csv' });

  it('stores the file, queues the import, and reports status, counts and rejects', async () => {
    const res = await upload({
      kind: 'people',
      source: 'Webinar list',
      map: ['Mail=email'],
      file: csvBlob('Mail,first_name\napi1@upload.example,Ann\nnope,Bad\napi2@upload.example,Ben\n'),
    });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as { import_id: string; status: string };
    expect(queued.status).toBe('queued');
    const stored = (await getImport(t.database.db, queued.import_id)).stored_path as string;
    expect(fs.existsSync(stored)).toBe(true);
    await t.drain();
    // The uploaded file (personal data) is gone once its import is done.
    expect(fs.existsSync(stored)).toBe(false);
    expect((await getImport(t.database.db, queued.import_id)).stored_path).toBeNull();
    const status = await t.request(`/v1/imports/${queued.import_id}`, { headers: authHeader });
    expect(await status.json()).toMatchObject({
      status: 'completed',
      rows: 3,
      inserted: 2,
      rejected: 1,
      source: 'Webinar list',
      created_by: 'api key test admin',
    });
    const rejects = (await (
      await t.request(`/v1/imports/${queued.import_id}/rejects`, { headers: authHeader })
    ).json()) as { data: { line: number; row: Record<string, string> }[] };
    expect(rejects.data).toEqual([
      {
        line: 3,
        reasons: [expect.objectContaining({ code: 'EMAIL_INVALID' })],
        row: { Mail: 'nope', first_name: 'Bad' },
      },
    ]);
    const csv = await t.request(`/v1/imports/${queued.import_id}/rejects?format=csv`, {
      headers: authHeader,
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\n')[0]).toBe('line,reasons,Mail,first_name');
    const list = (await (await t.request('/v1/imports', { headers: authHeader })).json()) as {
      data: unknown[];
    };
    expect(list.data.length).toBeGreaterThan(0);
  });

  it('needs a key with the imports:write scope', async () => {
    const res = await upload(
      { kind: 'people', file: csvBlob('email\na@b.example\n') },
      t,
      {} as typeof authHeader,
    );
    expect(res.status).toBe(401);
  });

  it.each([
    ['no file part', { kind: 'people' }, 422, /no file part/],
    ['an unknown kind', { kind: 'leads', file: 'email\na@b.example\n' }, 422, /kind must be/],
    ['a binary file', { kind: 'people', file: Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 1]) }, 422, /Excel/],
    ['an empty file', { kind: 'people', file: '' }, 422, /empty/],
    ['columns that do not map', { kind: 'people', file: 'name\nAda\n' }, 422, /no column maps to email/],
    [
      'a --map to a field that does not exist',
      { kind: 'people', map: 'email=mail', file: 'email\na@b.example\n' },
      422,
      /not a people field/,
    ],
    [
      'two files',
      { kind: 'people', file: ['email\na@b.example\n', 'email\nc@d.example\n'] },
      422,
      /one file/,
    ],
  ] as const)('%s: refused, and nothing queued', async (_name, parts, status, message) => {
    const before = (await countRows(t.database)).jobs;
    const body: Record<string, string | Blob | string[]> = {};
    for (const [k, v] of Object.entries(parts)) {
      if (k === 'file') body.file = Array.isArray(v) ? (v as string[]) : csvBlob(v as string | Uint8Array);
      else body[k] = v as string;
    }
    if (Array.isArray(body.file)) {
      const form = new FormData();
      form.append('kind', 'people');
      for (const text of body.file as string[]) form.append('file', csvBlob(text), 'x.csv');
      const res = await t.request('/v1/imports', { method: 'POST', body: form, headers: authHeader });
      expect(res.status).toBe(status);
      expect(JSON.stringify(await res.json())).toMatch(message);
    } else {
      const res = await upload(body);
      expect(res.status).toBe(status);
      expect(JSON.stringify(await res.json())).toMatch(message);
    }
    expect((await countRows(t.database)).jobs).toBe(before);
  });

  it('refuses a JSON body (415) and an oversized upload (413)', async () => {
    const json = await t.request('/v1/imports', {
      method: 'POST',
      json: { kind: 'people' },
      headers: authHeader,
    });
    expect(json.status).toBe(415);
    const small = await createTestApp({ maxUploadBytes: 1024 });
    try {
      const res = await upload(
        { kind: 'people', file: csvBlob(`email\n${'x@y.example\n'.repeat(500)}`) },
        small,
      );
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('answers 404 for an unknown import and 400 for a bad page size', async () => {
    expect((await t.request('/v1/imports/not-a-uuid', { headers: authHeader })).status).toBe(404);
    const id = '01a2a2a2-0000-7000-8000-000000000000';
    expect((await t.request(`/v1/imports/${id}`, { headers: authHeader })).status).toBe(404);
    const bad = await t.request(`/v1/imports/${id}/rejects?limit=0`, { headers: authHeader });
    expect([400, 404]).toContain(bad.status);
  });
});

describe('lead-to-account matching', () => {
  it('links a personal address to the account its company name matches, and says so', async () => {
    await importFile(write('domain,name\nwayne-enterprises-test.com,Wayne Enterprises\n'), {
      kind: 'accounts',
    });
    const result = await importFile(
      write(
        'email,first_name,company\nbruce@gmail.com,Bruce,"Wayne Enterprises, Inc."\nalfred@gmail.com,Alfred,Nobody Ltd\n',
      ),
    );
    expect(result).toMatchObject({ inserted: 2 });
    const bruce = await person('bruce@gmail.com');
    const { rows: account } = await t.database.pool.query('SELECT domain FROM accounts WHERE id = $1', [
      bruce.account_id,
    ]);
    expect(account[0]?.domain).toBe('wayne-enterprises-test.com');
    const { rows } = await t.database.pool.query(
      "SELECT reason, outputs FROM decisions WHERE person_id = $1 AND kind = 'intake'",
      [bruce.id],
    );
    expect(rows[0].reason).toContain(
      'company name "Wayne Enterprises, Inc." (match key "wayne enterprises")',
    );
    expect(rows[0].outputs.account.matched_by).toBe('company_name');
    expect((await person('alfred@gmail.com')).account_id).toBeNull();
  });

  it('keys work emails by their registrable domain', async () => {
    await importFile(write('email,first_name\nann@mail.uk.stark-test.co.uk,Ann\nbo@stark-test.co.uk,Bo\n'));
    const { rows } = await t.database.pool.query(
      "SELECT DISTINCT a.domain FROM people p JOIN accounts a ON a.id = p.account_id WHERE p.email LIKE '%stark-test.co.uk'",
    );
    expect(rows).toEqual([{ domain: 'stark-test.co.uk' }]);
  });

  it('records the parent company where an accounts file names it', async () => {
    const text =
      'domain,name,parent_domain\nparent-test.com,Parent,\nchild-test.com,Child,https://www.parent-test.com\nself-test.com,Self,self-test.com\n';
    const result = await importFile(write(text), { kind: 'accounts', batchRows: 1 });
    expect(result.rejects.map((r) => r.reasons[0]?.code)).toEqual(['PARENT_IS_SELF']);
    const { rows } = await t.database.pool.query(
      "SELECT c.domain, p.domain AS parent FROM accounts c JOIN accounts p ON p.id = c.parent_id WHERE c.domain = 'child-test.com'",
    );
    expect(rows).toEqual([{ domain: 'child-test.com', parent: 'parent-test.com' }]);
  });
});

describe('what the review found', () => {
  it("an import row with a merged record's email updates the survivor, once", async () => {
    const old = await importFile(
      write('email,first_name,last_name,company\nold.rv@tomb-test.com,Olga,Reyes,Tomb\n'),
    );
    t.clock.advance(1000);
    await importFile(write('email,first_name,last_name,company\nnew.rv@tomb-test.com,Olga,Reyes,Tomb\n'));
    expect(old.inserted).toBe(1);
    const a = await person('old.rv@tomb-test.com');
    const b = await person('new.rv@tomb-test.com');
    await mergePeople(
      t.database.pool,
      t.runtime.current(),
      { personA: a.id, personB: b.id, probability: null, evidence: null, actor: 'test' },
      t.clock(),
    );
    const result = await importFile(
      write(
        'email,title,city\nnew.rv@tomb-test.com,Chief Marketing Officer,Boston\nold.rv@tomb-test.com,,Boston\n',
      ),
    );
    expect(result).toMatchObject({ updated: 1, merged: 1 });
    expect(await person('old.rv@tomb-test.com')).toMatchObject({
      title: 'Chief Marketing Officer',
      city: 'Boston',
    });
    const tomb = await person('new.rv@tomb-test.com');
    expect(tomb.title).toBeNull();
    expect(await drift()).toEqual([]);
  });

  it('never runs one import twice at once', async () => {
    const file = write('email\nonce@twice-test.com\n');
    const id = await createImport(t.database.db, {
      kind: 'people',
      source: 'x',
      fileName: 'x.csv',
      storedPath: file,
      fileBytes: 1,
      fileSha256: 'x',
      options: {},
      playbookVersionId: t.runtime.current().version.id,
      createdBy: 'test',
      now: t.clock(),
    });
    await t.database.pool.query("UPDATE imports SET status = 'running', heartbeat_at = now() WHERE id = $1", [
      id,
    ]);
    const deps = { db: t.database.db, pool: t.database.pool, playbook: t.runtime.current(), clock: t.clock };
    await expect(runImport(deps, id)).rejects.toMatchObject({ code: 'IMPORT_RUNNING' });
    // A run whose heartbeat stopped is taken over.
    await t.database.pool.query(
      "UPDATE imports SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1",
      [id],
    );
    expect(await runImport(deps, id)).toMatchObject({ status: 'completed', inserted: 1 });
  });

  it('links a parent named earlier in the same batch', async () => {
    const result = await importFile(
      write(
        'domain,name,parent_domain\nparentco-rv-test.com,ParentCo,\nchildco-rv-test.com,ChildCo,parentco-rv-test.com\n',
      ),
      { kind: 'accounts' },
    );
    expect(result.inserted).toBe(2);
    const { rows } = await t.database.pool.query(
      "SELECT p.domain FROM accounts c JOIN accounts p ON p.id = c.parent_id WHERE c.domain = 'childco-rv-test.com'",
    );
    expect(rows).toEqual([{ domain: 'parentco-rv-test.com' }]);
  });
});

describe('rows of one email in different batches', () => {
  // The later row wins, as within one batch — and all of an email's rows are one write at its
  // first row, so importing the file again finds nothing to change (it used to set the person
  // back to the first row's values, then forward again, logging both).
  const file = () =>
    write(
      [
        'email,first_name,last_name,title,phone',
        'zach@fold-test.com,Zach,Ames,VP Product,',
        'other1@fold-test.com,O,One,,',
        'other2@fold-test.com,O,Two,,',
        'zach@fold-test.com,Zachary,,Vice President of Product,+1 415 555 0123',
        `bad-row@fold-test.com,x,y,,not a phone at all but far too long to be one ${'x'.repeat(300)}`,
        'zach@fold-test.com,,,,',
      ].join('\n'),
    );

  it('are applied at the email’s first row; re-importing the file changes nothing', async () => {
    const first = await importFile(file(), { batchRows: 2 });
    expect(first).toMatchObject({ rows: 6, inserted: 3, merged: 2, updated: 0 });
    expect(await person('zach@fold-test.com')).toMatchObject({
      first_name: 'Zachary',
      last_name: 'Ames',
      title: 'Vice President of Product',
      phone: '+14155550123',
    });
    const zach = await person('zach@fold-test.com');
    const { rows: intake } = await t.database.pool.query(
      "SELECT reason FROM decisions WHERE person_id = $1 AND kind = 'intake'",
      [zach.id],
    );
    expect(intake.map((r) => r.reason).join()).toContain('line 2, 5, 7');
    for (const batchRows of [2, 3, 2000]) {
      const again = await importFile(file(), { batchRows });
      expect(again, `batches of ${batchRows}`).toMatchObject({
        rows: 6,
        inserted: 0,
        updated: 0,
        unchanged: 3,
        merged: 2,
      });
    }
    const { rows: updates } = await t.database.pool.query(
      "SELECT count(*)::int AS n FROM decisions WHERE person_id = $1 AND kind = 'field_update'",
      [zach.id],
    );
    expect(updates[0].n).toBe(0);
  });
});

describe('one email on thousands of rows (info@ in a marketing export)', () => {
  it('is one write whose decision names the first lines and counts the rest', async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `info@fanin-test.com,Row ${i},+1 415 555 ${String(i % 10_000).padStart(4, '0')}`,
    );
    const started = performance.now();
    const result = await importFile(write(`email,company,phone\n${rows.join('\n')}\n`), { batchRows: 500 });
    // Folding in place: 3,000 rows of one email used to cost a copy of every earlier change per row.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(result).toMatchObject({ rows: 3000, inserted: 1, merged: 2999 });
    const info = await person('info@fanin-test.com');
    expect(info.company).toBe('Row 2999');
    const { rows: intake } = await t.database.pool.query(
      "SELECT reason, inputs->'origin' AS origin, jsonb_array_length(outputs->'wash') AS changes FROM decisions WHERE person_id = $1 AND kind = 'intake'",
      [info.id],
    );
    expect(intake[0].reason).toContain('and 2950 more');
    expect(intake[0].origin).toMatchObject({ lines_total: 3000 });
    expect(intake[0].origin.lines).toHaveLength(50);
    expect(intake[0].changes).toBeLessThanOrEqual(100);
  });
});

describe('batches prepared on a worker thread', () => {
  // Large files are validated and washed on a worker thread; the outcome must not depend on
  // where. The same list (two domains apart) goes both ways in 3-row batches, so rows of one
  // email fold across batch edges on the worker too.
  const list = (domain: string) =>
    [
      'Email,First Name,Last Name,Company,Job Title,Country,Phone',
      `ann@${domain},ann,LEE,Worker Co,VP Marketing,USA,`,
      `bo@${domain},Bo,Ek,Worker Co,Sr. Engineer,Sweden,`,
      'not-an-email,x,y,z,,,',
      `ANN@${domain},,,,,,+1 415 555 0101`,
      `cy@${domain},"Cy\nMulti",Ng,"Worker, Co",Dir. Sales,Viet Nam,`,
      `bo@${domain},,,,,,+46 8 123 456 78`,
      'zed@mailinator.com,Zed,Z,Temp,,,',
    ].join('\n');
  const peopleOf = async (domain: string) =>
    (
      await t.database.pool.query(
        `SELECT split_part(email, '@', 1) AS local, first_name, last_name, company, title, country, phone,
                job_function, seniority, fit_score, stage
           FROM people WHERE email LIKE $1 ORDER BY email`,
        [`%@${domain}`],
      )
    ).rows;

  it('gives the same counts, quarantine and people as preparing them here', async () => {
    const here = await importFile(write(list('here-prep-test.com')), { batchRows: 3, prepareOn: 'here' });
    const worker = await importFile(write(list('worker-prep-test.com')), {
      batchRows: 3,
      prepareOn: 'worker',
    });
    const counts = (s: ImportSummary) => ({
      rows: s.rows,
      inserted: s.inserted,
      merged: s.merged,
      rejected: s.rejected,
      rejects: s.rejects,
    });
    expect(counts(worker)).toEqual(counts(here));
    expect(worker).toMatchObject({ status: 'completed', rows: 7, inserted: 3, merged: 2, rejected: 2 });
    expect(await peopleOf('worker-prep-test.com')).toEqual(await peopleOf('here-prep-test.com'));
  });
});

describe('a person created while a batch is being written', () => {
  it('is met by the COPY of new people, and the batch is decided again as an update', async () => {
    // Another writer (a form, another import) inserts the email after the batch read it and has
    // not committed yet: the import's COPY waits on that email, then meets it once committed.
    const other = await t.database.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO people (id, email, stage, stage_entered_at, source, created_at, updated_at)
         VALUES (gen_random_uuid(), 'rae@race-test.com', 'known', now(), 'form', now(), now())`,
      );
      const running = importFile(
        write(
          'email,first_name,last_name,company\nrae@race-test.com,Rae,Racer,Race Ltd\notto@race-test.com,Otto,Other,Race Ltd\n',
        ),
      );
      const waitingCopies = async () =>
        Number(
          (
            await t.database.pool.query(
              "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'COPY people%'",
            )
          ).rows[0].n,
        );
      const deadline = Date.now() + 10_000;
      while ((await waitingCopies()) === 0) {
        if (Date.now() > deadline) throw new Error('the import never reached its COPY of new people');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await other.query('COMMIT');
      expect(await running).toMatchObject({ status: 'completed', inserted: 1, updated: 1, rejected: 0 });
    } finally {
      other.release();
    }
    const { rows } = await t.database.pool.query(
      "SELECT email, first_name, company FROM people WHERE email LIKE '%@race-test.com' ORDER BY email",
    );
    expect(rows).toEqual([
      { email: 'otto@race-test.com', first_name: 'Otto', company: 'Race Ltd' },
      { email: 'rae@race-test.com', first_name: 'Rae', company: 'Race Ltd' },
    ]);
    expect(await drift()).toEqual([]);
  });
});

describe('explanation logs after every test above', () => {
  it('point only at people and accounts that exist', async () => {
    expect(await orphanLogRows(t.database)).toEqual(NO_ORPHAN_LOG_ROWS);
  });
});
