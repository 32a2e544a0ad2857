// bench/enrichment: what enrichment costs. (1) Loading a firmographic CSV into the in-memory domain
// map (time, heap) and looking domains up; (2) core's applyEnrichment; (3) HTTP lookups against a
// loopback JSON server, uncached and cached (Postgres); (4) the enrich-person job end to end
// (read, CSV lookup, decide, version-guarded write with decision and provenance rows) on an
// embedded PostgreSQL.
//
//   node bench/enrichment/run.ts                 # 200,000 CSV rows, 2,000 people
//   node bench/enrichment/run.ts --rows 1000000 --people 5000
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyEnrichment,
  CsvProviderConfig,
  HttpProviderConfig,
  loadPlaybook,
  type ProviderResult,
} from '@mops/core';
import { systemClock } from '../../packages/server/src/clock.ts';
import { connect } from '../../packages/server/src/db/database.ts';
import { ensureEmbeddedPostgres } from '../../packages/server/src/db/embedded-postgres.ts';
import { migrate } from '../../packages/server/src/db/migrate.ts';
import { CsvProvider } from '../../packages/server/src/enrichment/csv-provider.ts';
import { enqueueEnrichment } from '../../packages/server/src/enrichment/enqueue-enrichment.ts';
import { EnrichmentCache } from '../../packages/server/src/enrichment/enrichment-cache.store.ts';
import { HttpProvider } from '../../packages/server/src/enrichment/http-provider.ts';
import { enrichPersonTask } from '../../packages/server/src/jobs/tasks/enrich-person.task.ts';
import { runDueJobs } from '../../packages/server/src/jobs/worker.ts';
import { silentLogger } from '../../packages/server/src/log.ts';
import { PlaybookRuntime } from '../../packages/server/src/playbook/playbook-runtime.ts';
import { applyPlaybook } from '../../packages/server/src/stores/playbook.store.ts';
import { REPO_ROOT } from '../lib/mops-process.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    people: { type: 'string', default: '2000' },
    http: { type: 'string', default: '2000' },
  },
});
const rows = Number(args.rows);
const peopleCount = Number(args.people);
const httpLookups = Number(args.http);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-bench-enrich-'));
// As root, PostgreSQL runs as the postgres user, who must be able to enter the data directory's parent.
fs.chmodSync(tmp, 0o711);
const figures: Record<string, number>[] = [];
const report = (name: string, values: Record<string, number>) => {
  figures.push({ ...values });
  console.log(JSON.stringify({ bench: 'enrichment', figure: name, ...values }));
};
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const INDUSTRIES = ['Software', 'Manufacturing', 'Healthcare', 'Retail', 'Financial Services', 'Logistics'];
const COUNTRIES = ['US', 'Germany', 'GB', 'France', 'JP', 'Brazil', 'CA', 'AU'];
const domainOf = (i: number) => `company-${i}.example`;

try {
  // 1. CSV load and lookups.
  const csv = path.join(tmp, 'firmographics.csv');
  const out = fs.createWriteStream(csv);
  out.write('domain,company_name,industry,employee_count,revenue_band,country\n');
  for (let i = 0; i < rows; i++) {
    out.write(
      `${domainOf(i)},"Company ${i}, Inc.",${INDUSTRIES[i % 6]},${(i * 37) % 50000},$${i % 9}M,${COUNTRIES[i % 8]}\n`,
    );
  }
  await new Promise<void>((resolve) => out.end(resolve));
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const provider = new CsvProvider(
    CsvProviderConfig.parse({ name: 'firmographics', type: 'csv', file: csv }),
    csv,
    { clock: systemClock, log: silentLogger },
  );
  let start = process.hrtime.bigint();
  await provider.refresh();
  const loadMs = ms(start);
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  report('csv_load', {
    rows,
    bytes: fs.statSync(csv).size,
    ms: Math.round(loadMs),
    rows_per_s: Math.round(rows / (loadMs / 1000)),
    heap_mb: Math.round(heapMb),
  });
  const lookups = 200_000;
  start = process.hrtime.bigint();
  let matched = 0;
  for (let i = 0; i < lookups; i++) {
    const outcome = await provider.lookup(`www.${domainOf((i * 7919) % (rows * 2))}`);
    if (outcome.status === 'matched') matched += 1;
  }
  const lookupMs = ms(start);
  report('csv_lookup', { lookups, matched, us_per_lookup: Math.round((lookupMs * 1000) / lookups) / 1 });

  // 2. The pure engine.
  const results: ProviderResult[] = [
    {
      provider: 'firmographics',
      matchedOn: { domain: 'x.example' },
      fields: {
        company_name: 'X',
        industry: 'Software',
        employee_count: 850,
        revenue_band: '$5M',
        country: 'US',
      },
      fetchedAt: new Date(),
    },
  ];
  const state = {
    person: { company: { value: 'typed', source: 'form' as const }, country: { value: null, source: null } },
    account: Object.fromEntries(
      ['name', 'industry', 'employees', 'employee_band', 'revenue_band', 'country'].map((f) => [
        f,
        { value: null, source: null },
      ]),
    ),
  };
  const policy = { overwrite: {}, employee_bands: [{ band: 'small', max: 199 }, { band: 'big' }] };
  const applies = 200_000;
  start = process.hrtime.bigint();
  for (let i = 0; i < applies; i++) applyEnrichment(state, results, policy);
  report('apply_engine', { calls: applies, us_per_call: Math.round((ms(start) * 1000) / applies) });

  // 3 and 4 need PostgreSQL.
  const pgServer = await ensureEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), preferredPort: 0 });
  try {
    const database = await connect(pgServer.url, null, 8);
    await migrate(database.pool);

    // 3. HTTP lookups over loopback.
    const server = http.createServer((req, res) => {
      const domain = new URL(req.url ?? '/', 'http://x').searchParams.get('domain');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          company_name: `Co ${domain}`,
          industry: 'Software',
          employee_count: 120,
          country: 'DE',
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/company?domain={domain}`;
    const cache = new EnrichmentCache(database.db);
    const httpProvider = new HttpProvider(HttpProviderConfig.parse({ name: 'api', type: 'http', url }), {
      cache,
      clock: systemClock,
      log: silentLogger,
    });
    // The same domains twice: the first pass asks the server, the second is answered by the cache.
    for (const label of ['http_uncached', 'http_cached']) {
      start = process.hrtime.bigint();
      for (let i = 0; i < httpLookups; i++) await httpProvider.lookup(`d${i}.example`);
      report(label, {
        lookups: httpLookups,
        ms_per_lookup: Math.round((ms(start) / httpLookups) * 1000) / 1000,
      });
    }
    server.close();

    // 4. The job end to end: people at companies in the CSV, enriched from it.
    const text = fs
      .readFileSync(path.join(REPO_ROOT, 'examples/playbook.yaml'), 'utf8')
      .replace('file: data/firmographics.csv', `file: ${JSON.stringify(csv)}`);
    const loaded = loadPlaybook(text);
    if (!loaded.ok) throw new Error(loaded.error.message);
    await applyPlaybook(database.db, { text, playbook: loaded.value, sourceFile: null, actor: 'bench' });
    const runtime = new PlaybookRuntime(database.db);
    await runtime.refresh();
    const people = Array.from({ length: peopleCount }, (_, i) => ({
      person: crypto.randomUUID(),
      account: crypto.randomUUID(),
      domain: domainOf(i * 13),
    }));
    await database.pool.query(
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(person uuid, account uuid, domain text)),
       a AS (INSERT INTO accounts (id, domain, source) SELECT account, domain, 'form' FROM x)
       INSERT INTO people (id, email, account_id, email_domain, is_free_mail, stage, stage_entered_at, source, created_at, updated_at)
       SELECT person, 'p@' || domain, account, domain, false, 'known', now(), 'form', now(), now() FROM x`,
      [JSON.stringify(people)],
    );
    await enqueueEnrichment(
      database.db,
      people.map((p) => p.person),
    );
    const task = enrichPersonTask(database.db, {
      currentPlaybook: () => runtime.current(),
      log: silentLogger,
    });
    start = process.hrtime.bigint();
    let done = 0;
    for (;;) {
      const ran = await runDueJobs(database.db, { 'enrich-person': task }, { workerId: 'bench', batch: 200 });
      if (ran === 0) break;
      done += ran;
    }
    const jobMs = ms(start);
    const { rows: check } = await database.pool.query<{ changed: number; decisions: number }>(
      `SELECT (SELECT count(*)::int FROM people WHERE company IS NOT NULL) AS changed,
              (SELECT count(*)::int FROM decisions WHERE kind = 'enrichment') AS decisions`,
    );
    report('enrich_person_job', {
      people: done,
      ms: Math.round(jobMs),
      people_per_s: Math.round(done / (jobMs / 1000)),
      enriched: check[0]?.changed ?? 0,
      decisions: check[0]?.decisions ?? 0,
    });
    await database.close();
  } finally {
    await pgServer.stop();
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
