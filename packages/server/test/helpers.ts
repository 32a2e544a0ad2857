import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlaybook } from '@mops/core';
import pg from 'pg';
import { inject } from 'vitest';
import { type Clock, manualClock } from '../src/clock.ts';
import { REPO_ROOT } from '../src/config.ts';
import { connect, type Database } from '../src/db/database.ts';
import { createApp } from '../src/http/app.ts';
import { createTaskList } from '../src/jobs/tasks.ts';
import { drainJobs } from '../src/jobs/worker.ts';
import { silentLogger } from '../src/log.ts';
import { PlaybookRuntime } from '../src/playbook/playbook-runtime.ts';
import { ApiKeyVerifier, createApiKey } from '../src/stores/api-key.store.ts';
import { applyPlaybook } from '../src/stores/playbook.store.ts';
import { TEMPLATE_DATABASE, withDatabase } from './global-setup.ts';

export const EXAMPLE_PLAYBOOK = path.join(REPO_ROOT, 'examples/playbook.yaml');
/** Monday 2026-11-23 10:00 in New York: NA, and nobody else, is at work. */
export const MONDAY_10AM_NEW_YORK = '2026-11-23T15:00:00Z';

/** A fresh database cloned from the migrated template. Drop it with `database.close()` + `dropTestDatabase`. */
export async function createTestDatabase(): Promise<Database & { name: string; drop(): Promise<void> }> {
  const serverUrl = inject('pgServerUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const database = await connect(withDatabase(serverUrl, name), null, 20);
  return {
    ...database,
    name,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function applyPlaybookText(database: Database, text: string, actor = 'test'): Promise<void> {
  const loaded = loadPlaybook(text, 'test-playbook.yaml');
  if (!loaded.ok) throw new Error(loaded.error.message);
  await applyPlaybook(database.db, { text, playbook: loaded.value, sourceFile: null, actor });
}

export const examplePlaybookText = (): string => fs.readFileSync(EXAMPLE_PLAYBOOK, 'utf8');

export const ADMIN_KEY = 'mops_test_admin_key_0123456789abcdef';

export interface TestApp {
  database: Database & { drop(): Promise<void> };
  app: ReturnType<typeof createApp>;
  runtime: PlaybookRuntime;
  clock: ReturnType<typeof manualClock>;
  /** Runs every due job now (notifications, alerts), deterministically. */
  drain(): Promise<number>;
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** The HTTP app over a fresh database with the example playbook and an admin key, at a pinned time. */
export async function createTestApp(
  options: { playbook?: string; now?: string; clock?: Clock; maxUploadBytes?: number } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  await applyPlaybookText(database, options.playbook ?? examplePlaybookText());
  await createApiKey(database.db, { name: 'test admin', scopes: ['admin'], actor: 'test', token: ADMIN_KEY });
  const runtime = new PlaybookRuntime(database.db);
  await runtime.refresh();
  const clock = manualClock(options.now ?? MONDAY_10AM_NEW_YORK);
  const app = createApp({
    db: database.db,
    pool: database.pool,
    playbooks: runtime,
    apiKeys: new ApiKeyVerifier(database.db, 0),
    trustProxy: true,
    log: process.env.MOPS_TEST_LOG ? (m, f) => console.error(m, f) : silentLogger,
    onJobsEnqueued: () => {},
    clock: options.clock ?? clock,
    uploads: {
      dir: fs.mkdtempSync(path.join(os.tmpdir(), 'mops-uploads-')),
      maxBytes: options.maxUploadBytes ?? 50 * 1024 * 1024,
    },
  });
  const tasks = createTaskList(database.db, {
    currentPlaybook: () => runtime.current(),
    notifyWebhookUrl: undefined,
    pool: database.pool,
    clock: options.clock ?? clock,
  });
  return {
    database,
    app,
    runtime,
    clock,
    drain: () => drainJobs(database.db, tasks),
    request: (url, init = {}) => {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return Promise.resolve(
        app.request(url, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) }),
      );
    },
    close: () => database.drop(),
  };
}

export const authHeader = { authorization: `Bearer ${ADMIN_KEY}` };

/** A desktop Chrome user agent: tracking flags HeadlessChrome (and test clients) as bots. */
export const DESKTOP_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let counter = 0;
/** A valid demo-request submission with a unique work email. */
export function demoRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    email: `prospect${counter}.${randomBytes(3).toString('hex')}@acme-${counter % 7}.example`,
    first_name: 'jane',
    last_name: 'DOE',
    company: 'Acme Corp',
    title: 'VP of Marketing',
    country: 'United States',
    state: 'California',
    phone: '+1 415 555 0100',
    ...overrides,
  };
}

/** Counts rows in the tables the pipeline writes, to prove that a failure wrote nothing. */
export async function countRows(database: Database): Promise<Record<string, number>> {
  const tables = [
    'people',
    'accounts',
    'events',
    'score_ledger',
    'stage_transitions',
    'routing_assignments',
    'decisions',
    'jobs',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0]?.n ?? 0;
  }
  return counts;
}

/**
 * Rows of the explanation logs whose person or account does not exist, by table. The logs carry
 * no foreign key (migration 0011), so tests that exercise the writers check it here.
 */
export async function orphanLogRows(database: Database): Promise<Record<string, number>> {
  const { rows } = await database.pool.query<Record<string, number>>(`
    SELECT
      (SELECT count(*)::int FROM score_ledger l WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = l.person_id)) AS score_ledger,
      (SELECT count(*)::int FROM stage_transitions s WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = s.person_id)) AS stage_transitions,
      (SELECT count(*)::int FROM routing_assignments r WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = r.person_id)) AS routing_assignments,
      (SELECT count(*)::int FROM decisions d
        WHERE (d.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = d.person_id))
           OR (d.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = d.account_id))) AS decisions,
      (SELECT count(*)::int FROM decisions) AS decisions_checked`);
  const { decisions_checked: checked, ...orphans } = rows[0] ?? {};
  // A check over empty logs would pass whatever the writers did.
  if (!checked) throw new Error('orphanLogRows: no decisions were written, so there is nothing to check');
  return orphans;
}

export const NO_ORPHAN_LOG_ROWS = {
  score_ledger: 0,
  stage_transitions: 0,
  routing_assignments: 0,
  decisions: 0,
};
