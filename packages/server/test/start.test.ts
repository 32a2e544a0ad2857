import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMops, startMopsProcess } from './cli-helpers.ts';
import { demoRequest } from './helpers.ts';

// Data directories for the embedded server must be reachable by the `postgres` user when tests run as root.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mops-start-'));
fs.chmodSync(dataDir, 0o755);
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const postmasterRunning = () => {
  const pidFile = path.join(dataDir, '.mops/pg/postmaster.pid');
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the README flow, with the embedded PostgreSQL', () => {
  const env = { MOPS_DATA_DIR: path.join(dataDir, '.mops'), MOPS_API_KEY: 'mops_readme_key_0123456789' };

  it('a command starts the embedded database itself when no server runs, and stops it after', async () => {
    const result = await runMops(['migrate'], env, 120_000);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('schema');
    expect(postmasterRunning()).toBe(false);
  });

  it('mops start serves the example playbook; the CLI reuses its database; SIGTERM shuts both down cleanly', async () => {
    const mops = await startMopsProcess(env);
    try {
      expect(mops.output()).toContain('playbook   v1 "Northwind Analytics"');
      expect(mops.output()).toContain(`pages      ${mops.url}/p/demo`);
      const page = await fetch(`${mops.url}/p/demo`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('data-mops-form');
      const health = await fetch(`${mops.url}/healthz`);
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });

      const submitted = await fetch(`${mops.url}/v1/forms/demo-request/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(demoRequest({ email: 'readme@initech.example' })),
      });
      expect(submitted.status).toBe(201);
      const { person_id } = (await submitted.json()) as { person_id: string };
      const person = await fetch(`${mops.url}/v1/people/${person_id}`, {
        headers: { authorization: `Bearer ${env.MOPS_API_KEY}` },
      });
      const body = (await person.json()) as {
        stage: string;
        owner: { rep_id: string } | null;
        queue: string | null;
      };
      expect(body.stage).toBe('mql');
      // Whatever the hour this test runs, the follow-the-sun and on-call pools give the lead an owner.
      expect(body.owner?.rep_id).toBeTruthy();

      const shown = await runMops(['person', 'show', 'readme@initech.example'], env);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain('stage     mql');
      expect(postmasterRunning()).toBe(true);
    } finally {
      const exited = new Promise<number | null>((resolve) =>
        mops.child.once('exit', (code) => resolve(code)),
      );
      mops.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(postmasterRunning()).toBe(false);
  });

  it('refuses to start on a port that is taken, with a clear message', async () => {
    const mops = await startMopsProcess(env);
    try {
      const port = new URL(mops.url).port;
      const second = await runMops(['start'], { ...env, PORT: port, MOPS_QUIET: '1' });
      expect(second.code).toBe(3);
      expect(second.stderr).toContain(`port ${port} is already in use`);
    } finally {
      const exited = new Promise((resolve) => mops.child.once('exit', resolve));
      mops.child.kill('SIGINT');
      await exited;
    }
  });
});
