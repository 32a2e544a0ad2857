// Starts a real `mops start` in its own process (its own event loop, like production) with a fresh
// embedded database, and stops it again.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface MopsProcess {
  url: string;
  dataDir: string;
  /** Connection URL of the embedded database, for post-run checks. */
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * `keepIn`: a directory to hold the database, kept after `stop` (created when missing), so a
 * bench can seed once and measure again later; by default a fresh temporary one, removed.
 */
export async function startMops(env: Record<string, string> = {}, keepIn?: string): Promise<MopsProcess> {
  const dataDir = keepIn ? path.resolve(keepIn) : fs.mkdtempSync(path.join(os.tmpdir(), 'mops-bench-'));
  fs.mkdirSync(dataDir, { recursive: true });
  // The embedded PostgreSQL may run as another OS user (as root: postgres); it must reach the dir.
  fs.chmodSync(dataDir, 0o755);
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'packages/server/bin/mops.js'), 'start'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', MOPS_QUIET: '1', MOPS_DATA_DIR: path.join(dataDir, '.mops'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mops did not start:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running on (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`mops exited (${code}):\n${output}`)));
  });
  const credentials = JSON.parse(
    fs.readFileSync(path.join(dataDir, '.mops/pg-credentials.json'), 'utf8'),
  ) as { user: string; password: string };
  const port = Number(fs.readFileSync(path.join(dataDir, '.mops/pg/postmaster.pid'), 'utf8').split('\n')[3]);
  return {
    url,
    dataDir,
    databaseUrl: `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/mops`,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      if (!keepIn) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
