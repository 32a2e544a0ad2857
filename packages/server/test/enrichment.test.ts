import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlaybook } from '@mops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENRICH_TASK, enqueueEnrichment } from '../src/enrichment/enqueue-enrichment.ts';
import { enrichPerson } from '../src/enrichment/enrich-person.ts';
import { EnrichmentRuntime } from '../src/enrichment/enrichment-runtime.ts';
import { loadSubjects } from '../src/enrichment/enrichment-subject.ts';
import type { EnrichmentProvider } from '../src/enrichment/provider.ts';
import { enrichPersonTask } from '../src/jobs/tasks/enrich-person.task.ts';
import { drainJobs, runDueJobs } from '../src/jobs/worker.ts';
import { silentLogger } from '../src/log.ts';
import { applyPlaybook } from '../src/stores/playbook.store.ts';
import { runMops } from './cli-helpers.ts';
import { companyApi } from './company-api.ts';
import { createTestApp, demoRequest, examplePlaybookText, type TestApp } from './helpers.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-enrichment-'));
const CSV = path.join(tmp, 'firmographics.csv');
const HEADER = 'domain,company_name,industry,employee_count,revenue_band,country\n';
fs.writeFileSync(
  CSV,
  `${HEADER}initech.example,Initech,Software,850,$100M-$500M,US
hooli.example,Hooli,Technology,38000,$1B+,United States
globex.example,Globex Corporation,Manufacturing,11800,$1B+,US
piedpiper.example,Pied Piper,Software,65,$1M-$10M,US
`,
);
const api = companyApi();

/** The example playbook with its enrichment section replaced. */
function playbookWith(section: string): string {
  const text = examplePlaybookText();
  return `${text.slice(0, text.indexOf('\nenrichment:'))}\n${section}`;
}
const sectionFor = (apiUrl: string, overwrite = '{}') => `enrichment:
  providers:
    - { name: firmographics, type: csv, file: ${JSON.stringify(CSV)} }
    - name: company-api
      type: http
      url: "${apiUrl}/company?domain={domain}"
      timeout_ms: 3000
      retries: 1
      cache_ttl_hours: 24
      breaker: { failures: 2, cooldown_s: 60 }
  overwrite: ${overwrite}
  employee_bands:
    - { band: "1-199", max: 199 }
    - { band: "200-4999", max: 4999 }
    - { band: "5000+" }
`;

let t: TestApp;
let apiUrl: string;
let tasks: ReturnType<typeof taskList>;
const taskList = () => ({
  [ENRICH_TASK]: enrichPersonTask(t.database.db, {
    currentPlaybook: () => t.runtime.current(),
    clock: t.clock,
    log: silentLogger,
    http: { backoffMs: () => 1 },
  }),
});

async function apply(text: string, sourceFile: string | null = null) {
  const loaded = loadPlaybook(text);
  if (!loaded.ok) throw new Error(loaded.error.message);
  await applyPlaybook(t.database.db, { text, playbook: loaded.value, sourceFile, actor: 'test' });
  await t.runtime.refresh();
}

async function submit(form: string, body: Record<string, unknown>): Promise<string> {
  const response = await t.request(`/v1/forms/${form}/submissions`, { method: 'POST', json: body });
  expect(response.status).toBe(201);
  return ((await response.json()) as { person_id: string }).person_id;
}

const person = async (id: string) =>
  (
    await t.database.pool.query(
      'SELECT company, country, region, version, account_id FROM people WHERE id = $1',
      [id],
    )
  ).rows[0] as {
    company: string | null;
    country: string | null;
    region: string | null;
    version: number;
    account_id: string;
  };
const account = async (id: string) =>
  (
    await t.database.pool.query(
      'SELECT name, industry, employees, employee_band, revenue_band, country, enriched_at FROM accounts WHERE id = $1',
      [id],
    )
  ).rows[0] as Record<string, unknown>;
const enrichmentDecisions = async (personId: string) =>
  (
    await t.database.pool.query(
      "SELECT reason, inputs, outputs, playbook_version_id, account_id FROM decisions WHERE person_id = $1 AND kind = 'enrichment' ORDER BY id",
      [personId],
    )
  ).rows as {
    reason: string;
    inputs: any;
    outputs: any;
    playbook_version_id: number;
    account_id: string | null;
  }[];

async function enrichNow(personIds: string[]) {
  await enqueueEnrichment(t.database.db, personIds);
  return drainJobs(t.database.db, tasks);
}

beforeAll(async () => {
  apiUrl = await api.start();
  t = await createTestApp({ playbook: playbookWith(sectionFor(apiUrl)) });
  tasks = taskList();
});
afterAll(async () => {
  await t.close();
  await api.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('enrich-person job', () => {
  it('fills what the person did not type, from the CSV, with a decision row; the HTTP provider is not asked', async () => {
    const id = await submit('newsletter', { email: 'reader@hooli.example', first_name: 'Gavin' });
    const before = await person(id);
    expect(before.company).toBeNull();
    expect(await enrichNow([id])).toBe(1);

    const after = await person(id);
    expect(after).toMatchObject({
      company: 'Hooli',
      country: 'US',
      region: 'NA',
      version: before.version + 1,
    });
    expect(await account(after.account_id)).toMatchObject({
      name: 'Hooli',
      industry: 'Technology',
      employees: 38000,
      employee_band: '5000+',
      revenue_band: '$1B+',
      country: 'US',
    });
    const [decision, ...more] = await enrichmentDecisions(id);
    expect(more).toEqual([]);
    expect(decision?.playbook_version_id).toBe(t.runtime.current().version.id);
    expect(decision?.account_id).toBe(after.account_id);
    expect(decision?.reason).toContain(
      'filled empty person.company with "Hooli" from firmographics (hooli.example)',
    );
    expect(decision?.inputs).toMatchObject({
      domain: 'hooli.example',
      providers: [
        {
          provider: 'firmographics',
          status: 'matched',
          matched_domain: 'hooli.example',
          fields: { employee_count: 38000 },
        },
        { provider: 'company-api', status: 'not_needed' },
      ],
    });
    expect(decision?.outputs.changes).toContainEqual(
      expect.objectContaining({
        target: 'account',
        field: 'employee_band',
        from: null,
        to: '5000+',
        provider: 'firmographics',
      }),
    );
    expect(decision?.outputs.derived).toEqual({ region: 'NA' });
    expect(api.requests).toEqual([]);
    // Every change has its provenance row, pointing at the decision.
    const { rows } = await t.database.pool.query(
      'SELECT entity, field, value FROM enriched_values WHERE entity_id = ANY($1) ORDER BY entity, field',
      [[id, after.account_id]],
    );
    expect(rows.map((r) => `${r.entity}.${r.field}`)).toEqual([
      'account.country',
      'account.employee_band',
      'account.employees',
      'account.industry',
      'account.name',
      'account.revenue_band',
      'person.company',
      'person.country',
    ]);
  });

  it('never overwrites what a person typed (nor what the playbook says about a named account)', async () => {
    const id = await submit(
      'demo-request',
      demoRequest({ email: 'buyer@globex.example', company: 'Globex Intl', country: 'Germany' }),
    );
    const before = await person(id);
    await enrichNow([id]);
    const after = await person(id);
    expect(after).toMatchObject({ company: 'Globex Intl', country: 'DE', version: before.version });
    // The playbook names Globex with 12,000 employees; the CSV says 11,800: the playbook wins.
    expect(await account(after.account_id)).toMatchObject({
      name: 'Globex Corporation',
      employees: 12000,
      industry: 'Manufacturing',
      employee_band: '5000+',
      revenue_band: '$1B+',
    });
    const [decision] = await enrichmentDecisions(id);
    expect(decision?.outputs.changes.map((c: { field: string }) => c.field).sort()).toEqual([
      'employee_band',
      'revenue_band',
    ]);
    expect(decision?.reason).toContain('kept person.company "Globex Intl" (typed by the person on a form)');
    expect(decision?.reason).toContain('kept account.employees 12000 (set in the playbook)');
  });

  it('a second run with nothing new writes nothing', async () => {
    const id = await submit('newsletter', { email: 'second@piedpiper.example' });
    await enrichNow([id]);
    const first = await person(id);
    await enrichNow([id]);
    expect(await person(id)).toEqual(first);
    expect(await enrichmentDecisions(id)).toHaveLength(1);
  });

  it('refreshes its own values when the data changes, but keeps a value a person typed since', async () => {
    const id = await submit('newsletter', { email: 'refresh@initech.example' });
    await enrichNow([id]);
    expect((await person(id)).company).toBe('Initech');
    fs.writeFileSync(
      CSV,
      fs
        .readFileSync(CSV, 'utf8')
        .replace('initech.example,Initech,Software,850', 'initech.example,Initech Corp,Software,910'),
    );
    const later = new Date(Date.now() + 10_000);
    fs.utimesSync(CSV, later, later);
    await enrichNow([id]);
    const p = await person(id);
    expect(p.company).toBe('Initech Corp');
    // Initech is a named account: its head count comes from the playbook and stays.
    expect(await account(p.account_id)).toMatchObject({ employees: 850 });
    const refreshed = (await enrichmentDecisions(id)).at(-1);
    expect(refreshed?.reason).toContain('refreshed person.company: "Initech" → "Initech Corp"');

    // Now the person types a company on a form: it is theirs, and enrichment keeps it.
    await submit('demo-request', demoRequest({ email: 'refresh@initech.example', company: 'Initech Labs' }));
    fs.writeFileSync(CSV, fs.readFileSync(CSV, 'utf8').replace('Initech Corp', 'Initech Group'));
    fs.utimesSync(CSV, new Date(Date.now() + 20_000), new Date(Date.now() + 20_000));
    await enrichNow([id]);
    expect((await person(id)).company).toBe('Initech Labs');
  });

  it('overwrites a typed value only when the playbook says always', async () => {
    const id = await submit(
      'demo-request',
      demoRequest({ email: 'always@piedpiper.example', company: 'pied piper' }),
    );
    await apply(playbookWith(sectionFor(apiUrl, '{ company_name: always }')));
    try {
      await enrichNow([id]);
      expect((await person(id)).company).toBe('Pied Piper');
      const [decision] = await enrichmentDecisions(id);
      expect(decision?.outputs.changes).toContainEqual(
        expect.objectContaining({
          target: 'person',
          field: 'company',
          from: 'pied piper',
          to: 'Pied Piper',
          replaced: 'form',
        }),
      );
      expect(decision?.reason).toMatch(
        /replaced person\.company "pied piper" \(typed by the person on a form\).*always/,
      );
      expect(decision?.playbook_version_id).toBe(t.runtime.current().version.id);
    } finally {
      await apply(playbookWith(sectionFor(apiUrl)));
    }
  });

  it('asks the HTTP provider for what the CSV lacks, and caches the answer', async () => {
    api.on('umbrella-labs.example', {
      kind: 'ok',
      body: { company_name: 'Umbrella Labs', industry: 'Biotechnology', employee_count: 140, country: 'GB' },
    });
    const a = await submit('newsletter', { email: 'a@umbrella-labs.example' });
    const b = await submit('newsletter', { email: 'b@umbrella-labs.example' });
    await enrichNow([a, b]);
    expect(api.count('umbrella-labs.example')).toBe(1);
    expect(await person(a)).toMatchObject({ company: 'Umbrella Labs', country: 'GB', region: 'EMEA' });
    expect((await person(b)).company).toBe('Umbrella Labs');
    const [decision] = await enrichmentDecisions(b);
    expect(decision?.inputs.providers).toEqual([
      expect.objectContaining({ provider: 'firmographics', status: 'no_match' }),
      expect.objectContaining({ provider: 'company-api', status: 'matched' }),
    ]);
  });

  it('a provider that is down: jobs fail and are retried; the breaker opens, then lets a probe through', async () => {
    const domains = ['down1.example', 'down2.example', 'down3.example'];
    for (const domain of domains) api.on(domain, { kind: 'status', status: 503 });
    const ids: string[] = [];
    for (const domain of domains) ids.push(await submit('newsletter', { email: `x@${domain}` }));
    await enqueueEnrichment(t.database.db, ids);
    // One job at a time, so the order of failures is fixed.
    for (let i = 0; i < 3; i++) await runDueJobs(t.database.db, tasks, { workerId: 'test', batch: 1 });
    const { rows: jobs } = await t.database.pool.query(
      `SELECT status, attempts, last_error FROM jobs WHERE task = $1 AND payload->>'personId' = ANY($2)`,
      [ENRICH_TASK, ids],
    );
    expect(jobs).toHaveLength(3);
    for (const job of jobs) {
      expect(job).toMatchObject({ status: 'pending', attempts: 1 });
      expect(job.last_error).toContain('company-api did not answer');
    }
    // Two failed lookups (two attempts each) opened the breaker; the third skipped the network.
    expect(domains.map((d) => api.count(d))).toEqual([2, 2, 0]);

    // The provider recovers; once the cool-down has passed the retried jobs fill the fields.
    for (const domain of domains)
      api.on(domain, { kind: 'ok', body: { company_name: `Company at ${domain}`, employee_count: 20 } });
    t.clock.advance(61_000);
    // Half-open lets one probe through; jobs skipped meanwhile come round again (due at once here).
    for (let round = 0; round < 3; round++) {
      await t.database.pool.query(`UPDATE jobs SET run_at = now() WHERE task = $1 AND status = 'pending'`, [
        ENRICH_TASK,
      ]);
      await drainJobs(t.database.db, tasks);
    }
    for (const [i, id] of ids.entries()) expect((await person(id)).company).toBe(`Company at ${domains[i]}`);
    const [decision] = await enrichmentDecisions(ids[2] as string);
    expect(decision?.inputs.providers[1]).toMatchObject({
      provider: 'company-api',
      status: 'matched',
      cached: false,
    });
  });

  it('jobs read their people a wave at a time: by lower-case id, a missing one absent, every job done', async () => {
    // The demo form (the newsletter's rate limit per address is spent by this file's other tests).
    const ids: string[] = [];
    for (const name of ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'])
      ids.push(await submit('demo-request', demoRequest({ email: `${name}@hooli.example` })));
    const subjects = await loadSubjects(t.database.db, [
      (ids[0] as string).toUpperCase(),
      ids[1] as string,
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect([...subjects.keys()].sort()).toEqual([ids[0], ids[1]].sort());
    expect(subjects.get(ids[0] as string)?.person.email).toBe('w1@hooli.example');
    // Six jobs: a wave of four and one of two, each job finding its person (none "no person").
    await enrichNow(ids);
    const { rows } = await t.database.pool.query(
      `SELECT payload->>'personId' AS id, status, last_error FROM jobs WHERE task = $1 AND payload->>'personId' = ANY($2)`,
      [ENRICH_TASK, ids],
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'done' && r.last_error === null)).toBe(true);
    for (const id of ids) expect((await account((await person(id)).account_id)).industry).toBe('Technology');
  });

  it('concurrent jobs for one company share one request', async () => {
    api.on('burst.example', { kind: 'slow', ms: 50, body: { company_name: 'Burst Inc' } });
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c', 'd'])
      ids.push(await submit('newsletter', { email: `${name}@burst.example` }));
    await enrichNow(ids);
    expect(api.count('burst.example')).toBe(1);
    for (const id of ids) expect((await person(id)).company).toBe('Burst Inc');
  });

  it('records an open breaker in the decision of a run that changed something', async () => {
    api.on('brk.example', { kind: 'status', status: 500 });
    const open: EnrichmentProvider = {
      name: 'company-api',
      type: 'http',
      lookup: async () => ({
        status: 'skipped',
        reason: 'circuit breaker open',
        breaker: { state: 'open', consecutiveFailures: 2, retryAt: '2026-11-23T15:10:00.000Z' },
      }),
    };
    const id = await submit('newsletter', { email: 'brk@initech.example' });
    const csvOnly = await new EnrichmentRuntime(t.database.db, {
      clock: t.clock,
      log: silentLogger,
    }).providersFor(t.runtime.current());
    const outcome = await enrichPerson(
      t.database.db,
      {
        playbook: t.runtime.current(),
        providers: [open, ...csvOnly.filter((p) => p.type === 'csv')],
        clock: t.clock,
      },
      id,
    );
    expect(outcome.status).toBe('enriched');
    const [decision] = await enrichmentDecisions(id);
    expect(decision?.inputs.providers[0]).toEqual({
      provider: 'company-api',
      type: 'http',
      status: 'skipped',
      reason: 'circuit breaker open',
      breaker: { state: 'open', consecutiveFailures: 2, retryAt: '2026-11-23T15:10:00.000Z' },
    });
  });

  it('respects people.version: a change made during the lookup is seen, and a typed value kept', async () => {
    const id = await submit('newsletter', { email: 'race@hooli.example' });
    let calls = 0;
    const racing: EnrichmentProvider = {
      name: 'firmographics',
      type: 'csv',
      lookup: async (domain) => {
        calls += 1;
        // Someone types a company while the lookup is in flight (as the pipeline would: version + 1).
        await t.database.pool.query(
          "UPDATE people SET company = 'Hooli XYZ', version = version + 1 WHERE id = $1",
          [id],
        );
        return {
          status: 'matched',
          cached: false,
          problems: [],
          result: {
            provider: 'firmographics',
            matchedOn: { domain },
            fields: { company_name: 'Hooli', country: 'US' },
            fetchedAt: t.clock(),
          },
        };
      },
    };
    const outcome = await enrichPerson(
      t.database.db,
      { playbook: t.runtime.current(), providers: [racing], clock: t.clock },
      id,
    );
    expect(outcome.attempts).toBe(2);
    expect(calls).toBe(1); // the decision was re-made on fresh state without asking again
    const p = await person(id);
    expect(p.company).toBe('Hooli XYZ');
    expect(p.country).toBe('US');
    expect(outcome.decision?.skipped).toContainEqual(
      expect.objectContaining({ field: 'company', code: 'kept' }),
    );
  });

  it('skips free-mail people without a website, and fails a job for a person that does not exist', async () => {
    const id = await submit('newsletter', { email: 'someone@gmail.com' });
    const outcome = await enrichPerson(
      t.database.db,
      {
        playbook: t.runtime.current(),
        providers: await new EnrichmentRuntime(t.database.db, {
          clock: t.clock,
          log: silentLogger,
        }).providersFor(t.runtime.current()),
        clock: t.clock,
      },
      id,
    );
    expect(outcome).toMatchObject({ status: 'no_domain', decision: null });
    await enqueueEnrichment(t.database.db, ['00000000-0000-4000-8000-000000000000']);
    await t.database.pool.query(
      `INSERT INTO jobs (task, payload) VALUES ($1, '{"personId": "not-a-uuid"}')`,
      [ENRICH_TASK],
    );
    await drainJobs(t.database.db, tasks);
    const { rows } = await t.database.pool.query(
      `SELECT status, attempts, last_error FROM jobs WHERE task = $1 AND payload->>'personId' IN ('00000000-0000-4000-8000-000000000000', 'not-a-uuid') ORDER BY id`,
      [ENRICH_TASK],
    );
    expect(rows).toMatchObject([
      { status: 'failed', attempts: 1, last_error: expect.stringContaining('no person') },
      { status: 'failed', attempts: 1, last_error: expect.stringContaining('must be a person id') },
    ]);
  });

  it('enqueueEnrichment keeps one pending job per person', async () => {
    const id = await submit('newsletter', { email: 'dedupe@hooli.example' });
    // The submission itself queued one (a new person); asking again adds none.
    expect(await enqueueEnrichment(t.database.db, [id, id])).toBe(0);
    await drainJobs(t.database.db, tasks);
    expect(await enqueueEnrichment(t.database.db, [id, id])).toBe(1);
    expect(await enqueueEnrichment(t.database.db, [id])).toBe(0);
    const { rows } = await t.database.pool.query(
      `SELECT count(*)::int AS n FROM jobs WHERE task = $1 AND payload->>'personId' = $2 AND status = 'pending'`,
      [ENRICH_TASK, id],
    );
    expect(rows[0].n).toBe(1);
    await drainJobs(t.database.db, tasks);
  });
});

describe('provider files relative to the playbook, and a missing file', () => {
  it('resolves file: against the applied playbook file, and reports a missing one by path', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'pb-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(
      path.join(dir, 'data', 'firms.csv'),
      `${HEADER}relative.example,Relative Co,Retail,30,,FR\n`,
    );
    const section = `enrichment:
  providers:
    - { name: local, type: csv, file: data/firms.csv }
    - { name: missing, type: csv, file: data/missing.csv }
`;
    await apply(playbookWith(section), path.join(dir, 'playbook.yaml'));
    try {
      const id = await submit('newsletter', { email: 'r@relative.example' });
      const runtime = new EnrichmentRuntime(t.database.db, { clock: t.clock, log: silentLogger });
      const outcome = await enrichPerson(
        t.database.db,
        {
          playbook: t.runtime.current(),
          providers: await runtime.providersFor(t.runtime.current()),
          clock: t.clock,
        },
        id,
      );
      expect((await person(id)).company).toBe('Relative Co');
      expect(outcome.incomplete).toEqual(['missing']);
      const missing = outcome.lookups.find((l) => l.provider === 'missing')?.outcome;
      expect(missing).toMatchObject({ status: 'failed', error: { code: 'FILE_NOT_FOUND' } });
      expect(missing?.status === 'failed' ? missing.error.message : '').toContain(
        path.join(dir, 'data', 'missing.csv'),
      );
    } finally {
      await apply(playbookWith(sectionFor(apiUrl)));
    }
  });
});

describe('playbook reloads', () => {
  it('a new version re-reads provider files; an HTTP provider whose URL is unchanged keeps its breaker', async () => {
    const runtime = new EnrichmentRuntime(t.database.db, {
      clock: t.clock,
      log: silentLogger,
      http: { backoffMs: () => 1 },
    });
    api.on('reload.example', { kind: 'status', status: 500 });
    const first = await runtime.providersFor(t.runtime.current());
    const api1 = first.find((p) => p.type === 'http');
    for (let i = 0; i < 2; i++) await api1?.lookup('reload.example');
    expect((await api1?.lookup('reload.example'))?.status).toBe('skipped');

    const other = path.join(tmp, 'other.csv');
    fs.writeFileSync(other, `${HEADER}reload.example,Reloaded Co,Retail,10,,IT\n`);
    await apply(playbookWith(sectionFor(apiUrl).replace(JSON.stringify(CSV), JSON.stringify(other))));
    try {
      const second = await runtime.providersFor(t.runtime.current());
      const csv = second.find((p) => p.type === 'csv');
      expect(await csv?.lookup('reload.example')).toMatchObject({
        status: 'matched',
        result: { fields: { company_name: 'Reloaded Co', country: 'IT' } },
      });
      // Same URL and breaker settings: still open, so the reload does not hammer a provider that is down.
      const before = api.count('reload.example');
      expect((await second.find((p) => p.type === 'http')?.lookup('reload.example'))?.status).toBe('skipped');
      expect(api.count('reload.example')).toBe(before);
    } finally {
      await apply(playbookWith(sectionFor(apiUrl)));
    }
  });
});

describe('mops enrich <email>', () => {
  it('runs enrichment now and prints what changed and why', async () => {
    await submit('newsletter', { email: 'cli@piedpiper.example', first_name: 'Richard' });
    const env = { DATABASE_URL: t.database.url };
    const result = await runMops(['enrich', 'CLI@piedpiper.example'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cli@piedpiper.example — company domain piedpiper.example');
    expect(result.stdout).toContain('firmographics: matched piedpiper.example');
    expect(result.stdout).toContain(
      'filled empty person.company with "Pied Piper" from firmographics (piedpiper.example)',
    );
    expect(result.stdout).toMatch(/result: enriched \(decision #\d+\)/);

    const again = await runMops(['enrich', 'cli@piedpiper.example', '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', domain: 'piedpiper.example' });

    const nobody = await runMops(['enrich', 'nobody@piedpiper.example'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('nobody with the email nobody@piedpiper.example');
  });
});
