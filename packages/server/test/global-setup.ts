import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';

export const TEMPLATE_DATABASE = 'mops_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test PostgreSQL server's maintenance database (for CREATE DATABASE). */
    pgServerUrl: string;
  }
}

/**
 * One real PostgreSQL for the whole run: the embedded server in a fresh temp directory (or the
 * server at MOPS_TEST_DATABASE_URL). Migrations run once into a template database; each test file
 * clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl: string;
  let stop = async () => {};
  if (process.env.MOPS_TEST_DATABASE_URL) {
    serverUrl = process.env.MOPS_TEST_DATABASE_URL;
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-test-pg-'));
    const server = await ensureEmbeddedPostgres({ dataDir, preferredPort: 0, database: 'postgres' });
    serverUrl = server.url;
    stop = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: withDatabase(serverUrl, TEMPLATE_DATABASE), max: 2 });
  await migrate(pool);
  await pool.end();
  project.provide('pgServerUrl', serverUrl);
  return stop;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
