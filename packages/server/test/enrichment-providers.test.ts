import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CsvProviderConfig, HttpProviderConfig } from '@mops/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.ts';
import { CsvProvider } from '../src/enrichment/csv-provider.ts';
import { EnrichmentCache } from '../src/enrichment/enrichment-cache.store.ts';
import { HttpProvider, MAX_RESPONSE_BYTES } from '../src/enrichment/http-provider.ts';
import type { LookupOutcome } from '../src/enrichment/provider.ts';
import type { Logger } from '../src/log.ts';
import { companyApi } from './company-api.ts';
import { createTestDatabase } from './helpers.ts';

const api = companyApi();
let baseUrl: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let cache: EnrichmentCache;
const clock = manualClock('2026-11-23T15:00:00Z');
const logs: { message: string; fields: Record<string, unknown> }[] = [];
const log: Logger = (message, fields = {}) => logs.push({ message, fields });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-enrich-'));

beforeAll(async () => {
  baseUrl = await api.start();
  database = await createTestDatabase();
  cache = new EnrichmentCache(database.db);
});
afterAll(async () => {
  await api.stop();
  await database.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  logs.length = 0;
});

let providerCount = 0;
/** A fresh provider (own name, so its cache rows and breaker are its own) with fast backoff. */
function httpProvider(overrides: Record<string, unknown> = {}) {
  providerCount += 1;
  const config = HttpProviderConfig.parse({
    name: `api-${providerCount}`,
    type: 'http',
    url: `${baseUrl}/company?domain={domain}`,
    timeout_ms: 300,
    retries: 2,
    cache_ttl_hours: 0,
    ...overrides,
  });
  const backoffs: number[] = [];
  const provider = new HttpProvider(config, {
    cache,
    clock,
    log,
    backoffMs: (n) => {
      backoffs.push(n);
      return 1;
    },
  });
  return { provider, backoffs };
}

const INITECH = {
  company_name: 'Initech',
  industry: 'Software',
  employee_count: 850,
  revenue_band: '$100M-$500M',
  country: 'United States',
};

const fieldsOf = (outcome: LookupOutcome) => (outcome.status === 'matched' ? outcome.result.fields : null);
const errorOf = (outcome: LookupOutcome) => (outcome.status === 'failed' ? outcome.error.code : null);

describe('HTTP provider against a real local server', () => {
  it('success: reads and normalises the answer', async () => {
    api.on('ok.example', { kind: 'ok', body: INITECH });
    const { provider } = httpProvider();
    const outcome = await provider.lookup('ok.example');
    expect(outcome).toMatchObject({ status: 'matched', cached: false, problems: [] });
    expect(fieldsOf(outcome)).toEqual({ ...INITECH, country: 'US' });
    expect(api.count('ok.example')).toBe(1);
  });

  it('404 is "no data", not a failure: no retry, the breaker stays closed', async () => {
    const { provider } = httpProvider({ breaker: { failures: 1, cooldown_s: 60 } });
    const outcome = await provider.lookup('unknown.example');
    expect(outcome).toMatchObject({ status: 'no_match', domain: 'unknown.example' });
    expect(api.count('unknown.example')).toBe(1);
    expect(provider.breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('500 then success: retried with backoff', async () => {
    api.on(
      'flaky.example',
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'ok', body: INITECH },
    );
    const { provider, backoffs } = httpProvider();
    const outcome = await provider.lookup('flaky.example');
    expect(outcome.status).toBe('matched');
    expect(api.count('flaky.example')).toBe(3);
    expect(backoffs).toEqual([1, 2]);
  });

  it('a 4xx other than 404 is not retried (asking again gets the same)', async () => {
    api.on('forbidden.example', { kind: 'status', status: 403 });
    const { provider } = httpProvider();
    const outcome = await provider.lookup('forbidden.example');
    expect(errorOf(outcome)).toBe('HTTP_403');
    expect(api.count('forbidden.example')).toBe(1);
  });

  it('slow response: each attempt times out, then the lookup fails', async () => {
    api.on('slow.example', { kind: 'slow', ms: 2000, body: INITECH });
    const { provider } = httpProvider({ timeout_ms: 100, retries: 1 });
    const started = Date.now();
    const outcome = await provider.lookup('slow.example');
    const elapsed = Date.now() - started;
    expect(outcome).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'TIMEOUT' } });
    expect(elapsed).toBeLessThan(1500);
    expect(api.count('slow.example')).toBe(2);
  });

  it('repeated failures open the breaker; later lookups skip the network', async () => {
    api.on('down.example', { kind: 'status', status: 500 });
    const { provider } = httpProvider({ retries: 0, breaker: { failures: 3, cooldown_s: 30 } });
    for (let i = 0; i < 3; i++) expect((await provider.lookup('down.example')).status).toBe('failed');
    expect(api.count('down.example')).toBe(3);
    expect(provider.breaker.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 3 });
    expect(logs.map((l) => l.message)).toContain('enrichment breaker opened');

    const skipped = await provider.lookup('down.example');
    expect(skipped).toMatchObject({
      status: 'skipped',
      reason: 'circuit breaker open',
      breaker: { state: 'open' },
    });
    // Other domains are skipped too: the provider is down, not the domain.
    expect((await provider.lookup('ok.example')).status).toBe('skipped');
    expect(api.count('down.example')).toBe(3);
    expect(api.count('ok.example')).toBe(1); // only the earlier success test
  });

  it('half-open: one probe after the cool-down; failure re-opens, success closes', async () => {
    api.on('recovering.example', { kind: 'status', status: 500 });
    const { provider } = httpProvider({ retries: 0, breaker: { failures: 2, cooldown_s: 30 } });
    await provider.lookup('recovering.example');
    await provider.lookup('recovering.example');
    expect(provider.breaker.snapshot().state).toBe('open');

    clock.advance(29_000);
    expect((await provider.lookup('recovering.example')).status).toBe('skipped');
    clock.advance(2_000);
    // The probe goes out and fails: open again for another cool-down.
    expect((await provider.lookup('recovering.example')).status).toBe('failed');
    expect(provider.breaker.snapshot().state).toBe('open');
    expect(api.count('recovering.example')).toBe(3);
    expect((await provider.lookup('recovering.example')).status).toBe('skipped');

    clock.advance(31_000);
    api.on('recovering.example', { kind: 'slow', ms: 100, body: INITECH });
    // While the probe is in flight, lookups of other domains still skip.
    const [probe, other] = await Promise.all([
      provider.lookup('recovering.example'),
      provider.lookup('other.example'),
    ]);
    expect(probe.status).toBe('matched');
    expect(other).toMatchObject({ status: 'skipped', breaker: { state: 'half_open' } });
    expect(provider.breaker.snapshot()).toEqual({ state: 'closed', consecutiveFailures: 0, retryAt: null });
    expect(logs.map((l) => l.message)).toEqual(
      expect.arrayContaining(['enrichment breaker half-open', 'enrichment breaker closed']),
    );
    expect((await provider.lookup('recovering.example')).status).toBe('matched');
    expect(api.count('recovering.example')).toBe(5);
    expect(api.count('other.example')).toBe(0);
  });

  it('concurrent lookups of one domain share a request', async () => {
    api.on('together.example', { kind: 'slow', ms: 50, body: INITECH });
    const { provider } = httpProvider();
    const outcomes = await Promise.all([1, 2, 3].map(() => provider.lookup('together.example')));
    expect(outcomes.map((o) => o.status)).toEqual(['matched', 'matched', 'matched']);
    expect(api.count('together.example')).toBe(1);
    await provider.lookup('together.example');
    expect(api.count('together.example')).toBe(2);
  });

  it('cache: two lookups, one request; "no data" is cached too; expiry and a URL change are misses', async () => {
    api.on('cached.example', { kind: 'ok', body: INITECH });
    const { provider } = httpProvider({ cache_ttl_hours: 1 });
    expect(await provider.lookup('cached.example')).toMatchObject({ status: 'matched', cached: false });
    const second = await provider.lookup('cached.example');
    expect(second).toMatchObject({ status: 'matched', cached: true });
    expect(fieldsOf(second)).toEqual({ ...INITECH, country: 'US' });
    expect(api.count('cached.example')).toBe(1);

    expect(await provider.lookup('nobody.example')).toMatchObject({ status: 'no_match', cached: false });
    expect(await provider.lookup('nobody.example')).toMatchObject({ status: 'no_match', cached: true });
    expect(api.count('nobody.example')).toBe(1);

    clock.advance(3_600_001);
    expect(await provider.lookup('cached.example')).toMatchObject({ cached: false });
    expect(api.count('cached.example')).toBe(2);

    // The same provider name with another URL does not reuse the old answers.
    const renamed = new HttpProvider(
      HttpProviderConfig.parse({
        name: provider.name,
        type: 'http',
        url: `${baseUrl}/company?v=2&domain={domain}`,
        cache_ttl_hours: 1,
      }),
      { cache, clock, log },
    );
    expect(await renamed.lookup('cached.example')).toMatchObject({ cached: false });
    expect(api.count('cached.example')).toBe(3);
  });

  it('the cache is in Postgres: a new provider object (another worker, a restart) reuses it', async () => {
    api.on('shared.example', { kind: 'ok', body: INITECH });
    const config = HttpProviderConfig.parse({
      name: 'shared-api',
      type: 'http',
      url: `${baseUrl}/company?domain={domain}`,
    });
    await new HttpProvider(config, { cache, clock, log }).lookup('shared.example');
    const again = await new HttpProvider(config, {
      cache: new EnrichmentCache(database.db),
      clock,
      log,
    }).lookup('shared.example');
    expect(again).toMatchObject({ status: 'matched', cached: true });
    expect(api.count('shared.example')).toBe(1);
  });

  it('failures are never cached', async () => {
    api.on('once-down.example', { kind: 'status', status: 500 }, { kind: 'ok', body: INITECH });
    const { provider } = httpProvider({ retries: 0, cache_ttl_hours: 1 });
    expect((await provider.lookup('once-down.example')).status).toBe('failed');
    expect(await provider.lookup('once-down.example')).toMatchObject({ status: 'matched', cached: false });
  });

  describe('hostile answers', () => {
    it.each([
      [
        'invalid JSON',
        { kind: 'raw', body: '{"company_name": "Ini', type: 'application/json' },
        'INVALID_JSON',
      ],
      [
        'HTML with 200',
        { kind: 'raw', body: '<html><body>Login</body></html>', type: 'text/html' },
        'NOT_JSON',
      ],
      [
        'HTML error page',
        { kind: 'status', status: 502, body: '<html>Bad gateway</html>', type: 'text/html' },
        'HTTP_502',
      ],
      ['a JSON list', { kind: 'raw', body: '[1,2,3]', type: 'application/json' }, 'UNEXPECTED_SHAPE'],
      ['a JSON string', { kind: 'raw', body: '"hello"', type: 'application/json' }, 'UNEXPECTED_SHAPE'],
      [
        'a huge body with Content-Length',
        { kind: 'huge', bytes: 4 * MAX_RESPONSE_BYTES, declareLength: true },
        'RESPONSE_TOO_LARGE',
      ],
      [
        'a huge body without Content-Length',
        { kind: 'huge', bytes: 40 * MAX_RESPONSE_BYTES, declareLength: false },
        'RESPONSE_TOO_LARGE',
      ],
    ] as const)('%s → %s', async (_name, behaviour, code) => {
      const domain = `hostile-${code.toLowerCase()}-${_name.length}.example`;
      api.on(domain, behaviour);
      const { provider } = httpProvider({ retries: 2 });
      const outcome = await provider.lookup(domain);
      expect(errorOf(outcome)).toBe(code);
      // 5xx is retried; an unreadable 200 is not (it would be the same again).
      expect(api.count(domain)).toBe(code === 'HTTP_502' ? 3 : 1);
    });

    it('wrong types: usable fields are kept, the rest reported', async () => {
      api.on('types.example', {
        kind: 'ok',
        body: {
          company_name: ['Initech'],
          industry: 'Software',
          employee_count: 'many',
          country: 'Narnia',
          revenue_band: { min: 1 },
          __proto__: { industry: 'Evil' },
        },
      });
      const { provider } = httpProvider();
      const outcome = await provider.lookup('types.example');
      expect(fieldsOf(outcome)).toEqual({ industry: 'Software' });
      expect(outcome.status === 'matched' ? outcome.problems.map((p) => p.field) : []).toEqual([
        'company_name',
        'employee_count',
        'revenue_band',
        'country',
      ]);
    });

    it('an object with nothing usable is "no data"', async () => {
      api.on('empty.example', { kind: 'ok', body: { unrelated: true, employee_count: 'n/a' } });
      const { provider } = httpProvider();
      expect(await provider.lookup('empty.example')).toMatchObject({
        status: 'no_match',
        problems: [{ field: 'employee_count' }],
      });
    });

    it('a connection refused is a (retried) network failure', async () => {
      const { provider } = httpProvider({ url: 'http://127.0.0.1:1/company?domain={domain}', retries: 1 });
      expect(await provider.lookup('x.example')).toMatchObject({
        status: 'failed',
        attempts: 2,
        error: { code: 'NETWORK' },
      });
    });

    it('reads a mapped, nested answer', async () => {
      api.on('nested.example', {
        kind: 'ok',
        body: {
          name: 'Nested Inc',
          category: { industry: 'Retail' },
          metrics: { employees: 1200 },
          geo: { countryCode: 'de' },
        },
      });
      const { provider } = httpProvider({
        map: {
          company_name: 'name',
          industry: 'category.industry',
          employee_count: 'metrics.employees',
          country: 'geo.countryCode',
        },
      });
      expect(fieldsOf(await provider.lookup('nested.example'))).toEqual({
        company_name: 'Nested Inc',
        industry: 'Retail',
        employee_count: 1200,
        country: 'DE',
      });
    });
  });
});

describe('CSV provider', () => {
  const csvConfig = (overrides: Record<string, unknown> = {}) =>
    CsvProviderConfig.parse({ name: 'firmographics', type: 'csv', file: 'x.csv', ...overrides });
  const write = (name: string, text: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('loads a good file into a domain map; subdomains match their company', async () => {
    const file = write(
      'good.csv',
      'domain,company_name,industry,employee_count,revenue_band,country\n' +
        'initech.example,Initech,Software,850,$100M-$500M,United States\n' +
        'WWW.Globex.example,"Globex, Inc.",Manufacturing,"12,000",$1B+,us\n',
    );
    const provider = new CsvProvider(csvConfig(), file, { clock, log });
    await provider.refresh();
    expect(provider.status()).toMatchObject({
      error: null,
      report: { rows: 2, domains: 2, malformedCount: 0 },
    });
    expect(fieldsOf(await provider.lookup('initech.example'))).toEqual({
      company_name: 'Initech',
      industry: 'Software',
      employee_count: 850,
      revenue_band: '$100M-$500M',
      country: 'US',
    });
    const sub = await provider.lookup('eu.globex.example');
    expect(sub).toMatchObject({ status: 'matched', result: { matchedOn: { domain: 'globex.example' } } });
    expect(fieldsOf(sub)).toMatchObject({ company_name: 'Globex, Inc.', employee_count: 12000 });
    expect(await provider.lookup('nobody.example')).toMatchObject({ status: 'no_match' });
  });

  it('reports malformed lines with their line numbers and keeps the good rows', async () => {
    const file = write(
      'messy.csv',
      'domain,company_name,industry,employee_count,country\n' +
        'good.example,Good Co,Retail,120,DE\n' + // line 2
        'ragged.example,Ragged\n' + // line 3: too few fields
        'not a domain,Bad Co,Retail,10,DE\n' + // line 4
        'counts.example,Counts Co,Retail,lots,Atlantis\n' + // line 5
        'good.example,Again Co,Retail,1,DE\n' + // line 6: duplicate
        '"quoted.example","Quoted ""Q"" Co",Retail,5,FR\n' + // line 7
        'broken.example,"Unterminated,Retail,5,FR\n', // line 8: unterminated quote
    );
    const provider = new CsvProvider(csvConfig(), file, { clock, log });
    await provider.refresh();
    const { report } = provider.status();
    expect(report?.malformed.map((m) => m.line)).toEqual(expect.arrayContaining([3, 8]));
    expect(report?.problems).toEqual(
      expect.arrayContaining([
        { line: 4, message: '"not a domain" is not a domain' },
        { line: 5, message: 'employee_count: "lots" is not a head count' },
        { line: 5, message: 'country: unknown country "Atlantis"' },
        { line: 6, message: 'good.example is listed again (first on line 2); the first row is used' },
      ]),
    );
    expect(fieldsOf(await provider.lookup('good.example'))).toMatchObject({ company_name: 'Good Co' });
    expect(fieldsOf(await provider.lookup('counts.example'))).toEqual({
      company_name: 'Counts Co',
      industry: 'Retail',
    });
    expect(fieldsOf(await provider.lookup('quoted.example'))).toMatchObject({
      company_name: 'Quoted "Q" Co',
    });
    expect(logs.find((l) => l.message === 'enrichment file loaded')?.fields).toMatchObject({
      malformed: report?.malformedCount,
    });
  });

  it('a missing file: lookups fail with a clear error naming the path', async () => {
    const file = path.join(tmp, 'nope', 'firmographics.csv');
    const provider = new CsvProvider(csvConfig(), file, { clock, log });
    await provider.refresh();
    const outcome = await provider.lookup('initech.example');
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'FILE_NOT_FOUND' } });
    expect(outcome.status === 'failed' ? outcome.error.message : '').toContain(file);
    expect(logs.find((l) => l.message === 'enrichment file unavailable')?.fields.path).toBe(file);

    // Fixed later: the next refresh loads it.
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'domain,company_name\ninitech.example,Initech\n');
    await provider.refresh();
    expect(fieldsOf(await provider.lookup('initech.example'))).toEqual({ company_name: 'Initech' });
  });

  it('a file without the domain column says which columns it has', async () => {
    const file = write('nodomain.csv', 'website,company_name\ninitech.example,Initech\n');
    const provider = new CsvProvider(csvConfig(), file, { clock, log });
    await provider.refresh();
    expect(provider.status().error?.message).toMatch(
      /has no "domain" column \(columns: website, company_name\)/,
    );
  });

  it('uses domain_column and map for files with their own headers', async () => {
    const file = write(
      'vendor.csv',
      'Website;Account Name;Employees;HQ Country\nhttps://www.initech.example/;Initech;850;Germany\n',
    );
    const provider = new CsvProvider(
      csvConfig({
        domain_column: 'website',
        map: { company_name: 'Account Name', employee_count: 'employees', country: 'HQ Country' },
      }),
      file,
      { clock, log },
    );
    await provider.refresh();
    expect(fieldsOf(await provider.lookup('initech.example'))).toEqual({
      company_name: 'Initech',
      employee_count: 850,
      country: 'DE',
    });
  });

  it('re-reads the file when it changes on disk, and only then', async () => {
    const file = write('changing.csv', 'domain,employee_count\ninitech.example,850\n');
    const provider = new CsvProvider(csvConfig(), file, { clock, log });
    await provider.refresh();
    await provider.refresh();
    expect(logs.filter((l) => l.message === 'enrichment file loaded')).toHaveLength(1);
    fs.writeFileSync(file, 'domain,employee_count\ninitech.example,900\nnew.example,5\n');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    await provider.refresh();
    expect(fieldsOf(await provider.lookup('initech.example'))).toEqual({ employee_count: 900 });
    expect(fieldsOf(await provider.lookup('new.example'))).toEqual({ employee_count: 5 });
  });
});
